/**
 * https://w3c.github.io/webauthn/#sctn-related-origins and its
 * https://w3c.github.io/webauthn/#sctn-validating-relation-origin: the pure procedure
 * (src/core/related-origins.ts), the RP ID decision it lifts (src/core/rp-id.ts), the bounded
 * fetch and cache (src/background/related-origins-fetch.ts) and the ceremony's use of them
 * (src/background/related-origin-check.ts).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CeremonyError } from '../../src/core/errors';
import {
  acceptedRelatedOrigins,
  isRelatedOrigin,
  MAX_RELATED_LABELS,
  parseWellKnownOrigins,
  registrableOriginLabel,
} from '../../src/core/related-origins';
import { resolveRpId, RpIdNotClaimable } from '../../src/core/rp-id';
import {
  fetchRelatedOrigins,
  MAX_WELL_KNOWN_BYTES,
  RELATED_CACHE_ENTRIES,
  RELATED_CACHE_TTL_MS,
  RELATED_FAILURE_TTL_MS,
  RelatedOriginsCache,
  WELL_KNOWN_TIMEOUT_MS,
  type AcceptedOrigins,
  type Fetcher,
} from '../../src/background/related-origins-fetch';
import { withRelatedOrigins } from '../../src/background/related-origin-check';

const CALLER = 'https://shop.example.co.uk';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('WebAuthn §5.11 "registrable origin label"', () => {
  it('is the first label of the registrable domain (public suffix list, private section included)', () => {
    expect(registrableOriginLabel('www.example.co.uk')).toBe('example');
    expect(registrableOriginLabel('example.com')).toBe('example');
    expect(registrableOriginLabel('a.b.c.github.io')).toBe('c');
    // the list's default rule, as the URL standard's registrable domain has it
    expect(registrableOriginLabel('shop.localhost')).toBe('shop');
  });
  it('is null for a public suffix itself and for IP addresses', () => {
    expect(registrableOriginLabel('com')).toBeNull();
    expect(registrableOriginLabel('github.io')).toBeNull();
    expect(registrableOriginLabel('localhost')).toBeNull();
    expect(registrableOriginLabel('192.0.2.1')).toBeNull();
    expect(registrableOriginLabel('[::1]')).toBeNull();
  });
});

describe('WebAuthn §5.11.1 step 2: the well-known body', () => {
  it('gives the origins array of a JSON object', () => {
    expect(parseWellKnownOrigins('{"origins":["https://a.example","https://b.example"],"other":1}')).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    expect(parseWellKnownOrigins('{"origins":[]}')).toEqual([]);
  });
  it('step 2.2: malformed JSON, or JSON that is not an object, is refused', () => {
    for (const body of ['', '{', '{"origins":["https://a.example"]', 'null', '[]', '"https://a.example"', '{"origins":["x"]} trailing']) {
      expect(parseWellKnownOrigins(body), body).toBeNull();
    }
  });
  it('step 2.3: origins missing, not an array, or holding anything but strings is refused as a whole', () => {
    for (const body of [
      '{}',
      '{"origins":"https://a.example"}',
      '{"origins":{"0":"https://a.example"}}',
      '{"origins":null}',
      '{"origins":["https://a.example",1]}',
      '{"origins":["https://a.example",null]}',
      '{"origins":[["https://a.example"]]}',
    ]) {
      expect(parseWellKnownOrigins(body), body).toBeNull();
    }
  });
});

describe('WebAuthn §5.11.1 steps 3–5: matching the caller against the list', () => {
  it('accepts the caller when its exact origin is listed (scheme, host and port)', () => {
    expect(isRelatedOrigin(CALLER, ['https://example.com', CALLER])).toBe(true);
    // a path or trailing slash in the item is not part of its origin
    expect(isRelatedOrigin(CALLER, [`${CALLER}/login`])).toBe(true);
    expect(isRelatedOrigin('http://shop.localhost:8080', ['http://shop.localhost:8080'])).toBe(true);
  });
  it('wrong origins are not accepted: other scheme, port, subdomain, or a look-alike', () => {
    for (const listed of [
      'http://shop.example.co.uk',
      'https://shop.example.co.uk:8443',
      'https://www.shop.example.co.uk',
      'https://example.co.uk',
      'https://shop.example.co.uk.evil.net',
      'https://shop-example.co.uk',
    ]) {
      expect(isRelatedOrigin(CALLER, [listed]), listed).toBe(false);
    }
  });
  it('step 4.1–4.4: items that are not URLs, have opaque origins, or no label are skipped, not fatal', () => {
    const list = ['not a url', 'data:text/plain,x', 'mailto:a@b.example', 'https://com', 'https://192.0.2.1', CALLER];
    expect(isRelatedOrigin(CALLER, list)).toBe(true);
    expect(isRelatedOrigin('https://192.0.2.1', list)).toBe(false);
  });
  it(`step 4.5: only the first ${MAX_RELATED_LABELS} registrable origin labels count; a sixth label is skipped`, () => {
    const five = ['https://a.example', 'https://b.example', 'https://c.example', 'https://d.example', 'https://e.example'];
    expect(isRelatedOrigin('https://f.example', [...five, 'https://f.example'])).toBe(false);
    expect(isRelatedOrigin('https://e.example', [...five, 'https://f.example'])).toBe(true);
    // listed before the limit was reached, it counts
    expect(isRelatedOrigin('https://f.example', ['https://f.example', ...five])).toBe(true);
  });
  it('step 4.5: more origins under a label already seen are still accepted after the limit', () => {
    // "example" in example.com, example.co.uk and example.de is one label
    const list = [
      'https://example.com',
      'https://example.co.uk',
      'https://a.example',
      'https://b.example',
      'https://c.example',
      'https://d.example',
      'https://example.de',
      'https://www.d.example',
      'https://e.example',
    ];
    expect(isRelatedOrigin('https://example.de', list)).toBe(true);
    expect(isRelatedOrigin('https://www.d.example', list)).toBe(true);
    expect(isRelatedOrigin('https://e.example', list)).toBe(false);
  });
  it('skipped items take no label: unparsable and label-less entries do not use up the five', () => {
    const list = ['nope', 'https://com', 'https://a.example', 'https://b.example', 'https://c.example', 'https://d.example', 'https://e.example'];
    expect(isRelatedOrigin('https://e.example', list)).toBe(true);
  });
  it('the precomputed set equals the spec loop run per caller (the cache keeps one answer per RP ID)', () => {
    // The spec's loop, literally, for comparison.
    const specLoop = (callerOrigin: string, list: string[]): boolean => {
      const seen = new Set<string>();
      for (const item of list) {
        let url: URL;
        try {
          url = new URL(item);
        } catch {
          continue;
        }
        if (url.origin === 'null') continue;
        const label = registrableOriginLabel(url.hostname);
        if (label === null) continue;
        if (seen.size >= 5 && !seen.has(label)) continue;
        if (url.origin === callerOrigin) return true;
        if (seen.size < 5) seen.add(label);
      }
      return false;
    };
    const hosts = ['a.example', 'b.example', 'c.example', 'd.example', 'e.example', 'f.example', 'x.a.example', 'com', 'nope'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let round = 0; round < 300; round++) {
      const list = Array.from({ length: next() % 12 }, () => `https://${hosts[next() % hosts.length]}`);
      const accepted = acceptedRelatedOrigins(list);
      for (const host of hosts) {
        const origin = `https://${host}`;
        expect(accepted.has(origin), `${origin} in ${list.join(' ')}`).toBe(specLoop(origin, list));
      }
    }
  });
});

describe('WebAuthn §5.1.3 step 8 / §5.1.4.1 step 7: which SecurityErrors related origins may lift', () => {
  it('a valid domain the caller may not claim by suffix is RpIdNotClaimable, and is accepted once related', () => {
    const error = thrown(() => resolveRpId('shop.example.co.uk', 'example.com'));
    expect(error).toBeInstanceOf(RpIdNotClaimable);
    expect((error as RpIdNotClaimable).name).toBe('SecurityError');
    expect((error as RpIdNotClaimable).rpId).toBe('example.com');
    expect(resolveRpId('shop.example.co.uk', 'example.com', 'example.com')).toBe('example.com');
    // a more specific host than the caller's may list it too
    expect(thrown(() => resolveRpId('example.com', 'login.example.com'))).toBeInstanceOf(RpIdNotClaimable);
  });
  it('a related RP ID accepts only itself', () => {
    expect(thrown(() => resolveRpId('shop.example.co.uk', 'example.org', 'example.com'))).toBeInstanceOf(RpIdNotClaimable);
  });
  it('case 2: invalid domains, public suffixes and IP-address callers stay plain SecurityErrors (nothing is fetched)', () => {
    for (const [host, rpId] of [
      ['shop.example.co.uk', 'Example.com'],
      ['shop.example.co.uk', 'example.com.'],
      ['shop.example.co.uk', 'example.com:443'],
      ['shop.example.co.uk', '192.0.2.1'],
      ['shop.example.co.uk', 'com'],
      ['a.github.io', 'github.io'],
      ['shop.localhost', 'localhost'],
      ['192.0.2.1', 'example.com'],
    ] as const) {
      const error = thrown(() => resolveRpId(host, rpId, rpId));
      expect(error, `${host} → ${rpId}`).toBeInstanceOf(CeremonyError);
      expect((error as CeremonyError).name).toBe('SecurityError');
      expect(error).not.toBeInstanceOf(RpIdNotClaimable);
    }
  });
});

/** A fetcher that answers `body` with `init` headers, recording each request. */
function answering(body: BodyInit | null, init: ResponseInit = {}, calls: Array<{ url: string; init: RequestInit }> = []): Fetcher {
  return async (url, requestInit) => {
    calls.push({ url, init: requestInit });
    return new Response(body, { status: 200, headers: { 'content-type': 'application/json' }, ...init });
  };
}

describe('WebAuthn §5.11.1 step 2: fetching https://RPID/.well-known/webauthn', () => {
  it('asks the RP ID over https, without credentials, without a referrer, following no redirect', async () => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const accepted = await fetchRelatedOrigins('example.com', answering(JSON.stringify({ origins: [CALLER] }), {}, calls));
    expect(accepted && [...accepted]).toEqual([CALLER]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('https://example.com/.well-known/webauthn');
    expect(calls[0]!.init).toMatchObject({ method: 'GET', credentials: 'omit', referrerPolicy: 'no-referrer', redirect: 'error' });
  });
  it('step 2.1: a status other than 200 fails', async () => {
    for (const status of [201, 204, 301, 404, 500]) {
      const body = status === 204 ? null : JSON.stringify({ origins: [CALLER] });
      expect(await fetchRelatedOrigins('example.com', answering(body, { status })), String(status)).toBeNull();
    }
  });
  it('step 2.1: a content type other than application/json fails; parameters and case are allowed', async () => {
    const body = JSON.stringify({ origins: [CALLER] });
    for (const type of ['text/plain', 'text/json', 'application/json5', 'application/jsonx', '', 'application/ld+json']) {
      expect(await fetchRelatedOrigins('example.com', answering(body, { headers: { 'content-type': type } })), type).toBeNull();
    }
    for (const type of ['application/json; charset=utf-8', 'Application/JSON']) {
      expect(await fetchRelatedOrigins('example.com', answering(body, { headers: { 'content-type': type } })), type).not.toBeNull();
    }
  });
  it('step 2.2–2.3: malformed JSON, a non-array origins, or invalid UTF-8 fails', async () => {
    expect(await fetchRelatedOrigins('example.com', answering('{"origins":'))).toBeNull();
    expect(await fetchRelatedOrigins('example.com', answering('{"origins":"https://shop.example.co.uk"}'))).toBeNull();
    const invalidUtf8 = new Uint8Array([0x7b, 0x22, 0x6f, 0xff, 0x22, 0x3a, 0x5b, 0x5d, 0x7d]);
    expect(await fetchRelatedOrigins('example.com', answering(invalidUtf8))).toBeNull();
  });
  it('a network failure or a refused redirect fails', async () => {
    expect(await fetchRelatedOrigins('example.com', () => Promise.reject(new TypeError('Failed to fetch')))).toBeNull();
  });
  it(`a body over ${MAX_WELL_KNOWN_BYTES} bytes fails, declared or not, and is not read past the cap`, async () => {
    const big = JSON.stringify({ origins: [CALLER], pad: 'x'.repeat(MAX_WELL_KNOWN_BYTES) });
    expect(await fetchRelatedOrigins('example.com', answering(big))).toBeNull();
    // Exactly at the cap still works.
    const exact = JSON.stringify({ origins: [CALLER], pad: '' });
    const padded = exact.replace('"pad":""', `"pad":"${'x'.repeat(MAX_WELL_KNOWN_BYTES - exact.length)}"`);
    expect(padded.length).toBe(MAX_WELL_KNOWN_BYTES);
    expect(await fetchRelatedOrigins('example.com', answering(padded))).not.toBeNull();
    // A server that streams without end, with no Content-Length: cut off at the cap.
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 16 * 1024;
        controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
      },
    });
    expect(await fetchRelatedOrigins('example.com', answering(endless))).toBeNull();
    expect(pulled).toBeLessThanOrEqual(MAX_WELL_KNOWN_BYTES + 3 * 16 * 1024);
    // A declared length over the cap is refused before reading: the body is cancelled unread.
    let cancelled = false;
    const declared = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(JSON.stringify({ origins: [CALLER] })));
      },
      cancel() {
        cancelled = true;
      },
    });
    const headers = { 'content-type': 'application/json', 'content-length': String(MAX_WELL_KNOWN_BYTES + 1) };
    expect(await fetchRelatedOrigins('example.com', answering(declared, { headers }))).toBeNull();
    expect(cancelled).toBe(true);
  });

  describe('timeouts', () => {
    afterEach(() => {
      vi.useRealTimers();
    });
    it(`a server that never answers fails after ${WELL_KNOWN_TIMEOUT_MS} ms, and the request is aborted`, async () => {
      vi.useFakeTimers();
      let signal: AbortSignal | undefined;
      const silent: Fetcher = (_url, init) => {
        signal = init.signal ?? undefined;
        return new Promise(() => undefined); // ignores the signal too: the race still ends
      };
      let settled: AcceptedOrigins | 'pending' = 'pending';
      const done = fetchRelatedOrigins('example.com', silent).then((v) => (settled = v));
      await vi.advanceTimersByTimeAsync(WELL_KNOWN_TIMEOUT_MS - 1);
      expect(settled).toBe('pending');
      await vi.advanceTimersByTimeAsync(1);
      await done;
      expect(settled).toBeNull();
      expect(signal?.aborted).toBe(true);
    });
    it('a body that stalls after its first bytes fails at the timeout, not later', async () => {
      vi.useFakeTimers();
      let cancelled = false;
      const stalled = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"origins":["https://shop.example.co.uk"]'));
        },
        cancel() {
          cancelled = true;
        },
      });
      let settled: AcceptedOrigins | 'pending' = 'pending';
      const done = fetchRelatedOrigins('example.com', answering(stalled)).then((v) => (settled = v));
      await vi.advanceTimersByTimeAsync(WELL_KNOWN_TIMEOUT_MS - 1);
      expect(settled).toBe('pending');
      await vi.advanceTimersByTimeAsync(1);
      await done;
      expect(settled).toBeNull();
      expect(cancelled).toBe(true);
    });
  });
});

describe('WebAuthn §5.11.1: the cache of answers', () => {
  const ok: AcceptedOrigins = new Set([CALLER]);

  it('one fetch per RP ID while fresh; concurrent requests share one fetch', async () => {
    let loads = 0;
    const cache = new RelatedOriginsCache(async () => {
      loads++;
      return ok;
    });
    const [a, b] = await Promise.all([cache.accepted('example.com'), cache.accepted('example.com')]);
    expect(a).toBe(ok);
    expect(b).toBe(ok);
    expect(await cache.accepted('example.com')).toBe(ok);
    expect(loads).toBe(1);
  });
  it(`a good answer lasts ${RELATED_CACHE_TTL_MS / 60_000} minutes, a failure ${RELATED_FAILURE_TTL_MS / 60_000}`, async () => {
    let now = 1_000_000;
    const answers: AcceptedOrigins[] = [null, ok, null];
    let loads = 0;
    const cache = new RelatedOriginsCache(async () => answers[loads++] ?? null, () => now);
    expect(await cache.accepted('example.com')).toBeNull();
    now += RELATED_FAILURE_TTL_MS - 1;
    expect(await cache.accepted('example.com')).toBeNull();
    expect(loads).toBe(1);
    now += 1;
    expect(await cache.accepted('example.com')).toBe(ok);
    expect(loads).toBe(2);
    now += RELATED_CACHE_TTL_MS - 1;
    expect(await cache.accepted('example.com')).toBe(ok);
    expect(loads).toBe(2);
    now += 1;
    expect(await cache.accepted('example.com')).toBeNull();
    expect(loads).toBe(3);
  });
  it(`holds at most ${RELATED_CACHE_ENTRIES} RP IDs, dropping the least recently used`, async () => {
    const loaded: string[] = [];
    const cache = new RelatedOriginsCache(async (rpId) => {
      loaded.push(rpId);
      return ok;
    });
    for (let i = 0; i < RELATED_CACHE_ENTRIES; i++) await cache.accepted(`rp${i}.example`);
    await cache.accepted('rp0.example'); // used again: now the most recent
    await cache.accepted('extra.example'); // evicts rp1, the least recently used
    expect(cache.size).toBe(RELATED_CACHE_ENTRIES);
    loaded.length = 0;
    await cache.accepted('rp0.example');
    expect(loaded).toEqual([]);
    await cache.accepted('rp1.example');
    expect(loaded).toEqual(['rp1.example']);
  });
  it('a loader that throws counts as a failure', async () => {
    const cache = new RelatedOriginsCache(() => Promise.reject(new Error('boom')));
    expect(await cache.accepted('example.com')).toBeNull();
  });
});

describe('WebAuthn §5.1.3 step 8 / §5.1.4.1 step 7: "client supports related origin requests"', () => {
  const prepare = (relatedRpId: string | null) => resolveRpId('shop.example.co.uk', 'example.com', relatedRpId);

  it('a listed caller gets the RP ID; the first attempt is re-run with it accepted', async () => {
    const cache = new RelatedOriginsCache(async () => new Set([CALLER]));
    expect(await withRelatedOrigins(CALLER, prepare, cache)).toBe('example.com');
  });
  it('a caller that is not listed, or a failed fetch, keeps the SecurityError', async () => {
    const other = new RelatedOriginsCache(async () => new Set(['https://other.example']));
    await expect(withRelatedOrigins(CALLER, prepare, other)).rejects.toBeInstanceOf(RpIdNotClaimable);
    const failed = new RelatedOriginsCache(async () => null);
    await expect(withRelatedOrigins(CALLER, prepare, failed)).rejects.toMatchObject({ name: 'SecurityError' });
  });
  it('nothing is fetched when the RP ID is claimable, or the error is another one', async () => {
    let loads = 0;
    const cache = new RelatedOriginsCache(async () => {
      loads++;
      return new Set([CALLER]);
    });
    expect(await withRelatedOrigins(CALLER, () => 'claimable', cache)).toBe('claimable');
    const typeError = new CeremonyError('TypeError', 'user.id');
    await expect(
      withRelatedOrigins(
        CALLER,
        () => {
          throw typeError;
        },
        cache,
      ),
    ).rejects.toBe(typeError);
    await expect(withRelatedOrigins(CALLER, () => resolveRpId('shop.example.co.uk', 'com'), cache)).rejects.toMatchObject({ name: 'SecurityError' });
    expect(loads).toBe(0);
  });
});
