/**
 * Fetching and caching an RP ID's `.well-known/webauthn` for related origin requests:
 * https://w3c.github.io/webauthn/#sctn-validating-relation-origin step 2. The pure parsing and
 * label rules are in ../core/related-origins.ts.
 *
 * The page names the RP ID, so the page chooses which server the background asks. A hostile
 * server must not stall or bloat the background, and the request must carry nothing about the
 * person. Decisions, each a bound of its own:
 *  - the background fetches, never the page: no cookies or other credentials, no referrer
 *    (the spec's "without credentials, without a referrer"), `https:` only;
 *  - 10 s for the whole exchange, body included (Chromium's and Firefox's timeout), then the
 *    request is aborted and the answer is "not related";
 *  - at most 256 KiB of body (Chromium's kRpIdMaxBodyBytes), counted as it streams in, so a
 *    server that sends without end is cut off at the cap, not read to the end;
 *  - status 200 and a content type whose essence is `application/json` (spec step 2.1; Chromium
 *    compares the essence too), a body of valid UTF-8;
 *  - redirects are not followed. The spec requires every hop of a redirect chain to be https,
 *    and an extension's fetch() shows only the last URL, never the hops in between, so Passkeep
 *    cannot check that rule; refusing redirects keeps it. Chromium follows redirects, Firefox
 *    follows them and checks each hop: a relying party that redirects its well-known file gets
 *    SecurityError from Passkeep where those browsers would go on;
 *  - one answer per RP ID is cached in memory (the set of origins the procedure accepts, or
 *    "none"), at most RELATED_CACHE_ENTRIES of them, least recently used out first; a good
 *    answer for 5 minutes, a failure for 1 (so a page calling in a loop makes at most one
 *    request a minute to a failing server); concurrent requests for one RP ID share one fetch.
 */
import { fromUtf8 } from '../core/bytes.js';
import { readCapped } from '../core/read-capped.js';
import { acceptedRelatedOrigins, parseWellKnownOrigins } from '../core/related-origins.js';

export const WELL_KNOWN_TIMEOUT_MS = 10_000;
export const MAX_WELL_KNOWN_BYTES = 256 * 1024;
export const RELATED_CACHE_ENTRIES = 32;
export const RELATED_CACHE_TTL_MS = 5 * 60_000;
export const RELATED_FAILURE_TTL_MS = 60_000;

export type Fetcher = (url: string, init: RequestInit) => Promise<Response>;

/** The origins an RP ID accepts as related, or null when its well-known file is missing or bad. */
export type AcceptedOrigins = ReadonlySet<string> | null;

/** `https://RPID/.well-known/webauthn`, fetched and checked; null on any failure or timeout. */
export async function fetchRelatedOrigins(
  rpId: string,
  fetcher: Fetcher = (url, init) => fetch(url, init),
  timeoutMs = WELL_KNOWN_TIMEOUT_MS,
): Promise<AcceptedOrigins> {
  const controller = new AbortController();
  const timedOut = new Promise<null>((resolve) => controller.signal.addEventListener('abort', () => resolve(null), { once: true }));
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    // The race ends the wait at the timeout even if the fetch ignored its signal.
    return await Promise.race([attempt(rpId, fetcher, controller.signal), timedOut]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

async function attempt(rpId: string, fetcher: Fetcher, signal: AbortSignal): Promise<AcceptedOrigins> {
  const response = await fetcher(`https://${rpId}/.well-known/webauthn`, {
    method: 'GET',
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
    redirect: 'error',
    // The cache below is the only one, so its bounds are the only ones that apply.
    cache: 'no-store',
    signal,
  });
  // Step 2.1: status 200 and the content type application/json.
  if (response.status !== 200 || !isJson(response.headers.get('content-type'))) {
    await response.body?.cancel().catch(() => undefined);
    return null;
  }
  const bytes = await readBounded(response, MAX_WELL_KNOWN_BYTES, signal);
  if (bytes === null) return null;
  let text: string;
  try {
    text = fromUtf8(bytes);
  } catch {
    return null;
  }
  const origins = parseWellKnownOrigins(text);
  return origins === null ? null : acceptedRelatedOrigins(origins);
}

/** Whether a Content-Type's essence (https://mimesniff.spec.whatwg.org/#mime-type-essence) is application/json. */
function isJson(contentType: string | null): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';
}

/** The body, or null once it exceeds `max` bytes or the request is aborted. */
async function readBounded(response: Response, max: number, signal: AbortSignal): Promise<Uint8Array | null> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > max) {
    await response.body?.cancel().catch(() => undefined);
    return null;
  }
  // A body that stalls is cancelled at the timeout.
  return response.body ? readCapped(response.body, max, signal) : new Uint8Array(0);
}

interface CacheEntry {
  value: AcceptedOrigins;
  expires: number;
}

/** A bounded in-memory cache of each RP ID's accepted origins, with one fetch in flight per RP ID. */
export class RelatedOriginsCache {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly inFlight = new Map<string, Promise<AcceptedOrigins>>();

  constructor(
    private readonly load: (rpId: string) => Promise<AcceptedOrigins> = (rpId) => fetchRelatedOrigins(rpId),
    private readonly now: () => number = Date.now,
  ) {}

  accepted(rpId: string): Promise<AcceptedOrigins> {
    const hit = this.entries.get(rpId);
    if (hit && hit.expires > this.now()) {
      // Least recently used goes first: a hit moves to the end of the Map's order.
      this.entries.delete(rpId);
      this.entries.set(rpId, hit);
      return Promise.resolve(hit.value);
    }
    this.entries.delete(rpId);
    const pending = this.inFlight.get(rpId);
    if (pending) return pending;
    const loading = this.load(rpId)
      .catch(() => null)
      .then((value) => {
        this.inFlight.delete(rpId);
        this.store(rpId, value);
        return value;
      });
    this.inFlight.set(rpId, loading);
    return loading;
  }

  /** How many answers are held (for tests of the bound). */
  get size(): number {
    return this.entries.size;
  }

  private store(rpId: string, value: AcceptedOrigins): void {
    this.entries.set(rpId, { value, expires: this.now() + (value === null ? RELATED_FAILURE_TTL_MS : RELATED_CACHE_TTL_MS) });
    while (this.entries.size > RELATED_CACHE_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }
}
