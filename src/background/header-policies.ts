/**
 * The `Permissions-Policy` header of each frame's document, seen by the background itself in
 * the response (SECURITY.md case 23), for browsers that expose no policy object to read
 * (Firefox; see ./frame-policy.ts). The page cannot forge or hide it: it is the header the
 * browser received.
 *
 * Only headers that name `publickey-credentials-*` are kept, in `storage.session` (the Firefox
 * background is an event page that may be unloaded between the navigation and the request),
 * keyed by tab and frame; any other document loaded into that frame removes the entry.
 *
 * Decisions:
 *  - responses that do not replace the frame's document are skipped: redirects (the final
 *    response decides), 204/205, and downloads (`Content-Disposition: attachment`);
 *  - entries of closed tabs are left to the end of the browser session (storage.session):
 *    only frames whose header names the feature ever have one;
 *  - about:blank and srcdoc documents load nothing: their entry stays what it was, which can
 *    only refuse more, never allow more.
 */
import browser, { type WebRequest } from 'webextension-polyfill';

const PREFIX = 'permissionsPolicy:';
const FEATURE_MENTION = /publickey-credentials-/i;

/** The content scripts' own matches: the only documents that can ask for a ceremony. */
const URLS = ['https://*/*', 'http://localhost/*', 'http://*.localhost/*'];

function keyOf(tabId: number, frameId: number): string {
  return `${PREFIX}${tabId}:${frameId}`;
}

/** Writes still in flight: a request that comes right after its navigation waits for them. */
let writes: Promise<unknown> = Promise.resolve();

function header(headers: WebRequest.HttpHeaders | undefined, name: string): string | null {
  const values = (headers ?? []).filter((h) => h.name.toLowerCase() === name).map((h) => h.value ?? '');
  // RFC 9110 §5.3: several lines of one field are one comma-separated list.
  return values.length === 0 ? null : values.join(', ');
}

function onHeadersReceived(details: WebRequest.OnHeadersReceivedDetailsType): void {
  const { tabId, frameId, statusCode } = details;
  if (tabId < 0) return;
  if ((statusCode >= 300 && statusCode < 400) || statusCode === 204 || statusCode === 205) return;
  if (/^\s*attachment/i.test(header(details.responseHeaders, 'content-disposition') ?? '')) return;
  const policy = header(details.responseHeaders, 'permissions-policy');
  const key = keyOf(tabId, frameId);
  const write =
    policy !== null && FEATURE_MENTION.test(policy) ? browser.storage.session.set({ [key]: policy }) : browser.storage.session.remove(key);
  writes = Promise.all([writes, write.catch(() => undefined)]);
}

/** True where the background can see response headers (Firefox, with the webRequest permission). */
export function headerPoliciesAvailable(): boolean {
  return typeof browser.webRequest?.onHeadersReceived?.addListener === 'function';
}

/** Registered at the background's top level (./main.ts), so that a navigation wakes it. */
export function watchHeaderPolicies(): void {
  if (!headerPoliciesAvailable()) return;
  browser.webRequest.onHeadersReceived.addListener(onHeadersReceived, { urls: URLS, types: ['main_frame', 'sub_frame'] }, ['responseHeaders']);
}

/** The Permissions-Policy field of the document in each of `frameIds` (null: none that names the feature). */
export async function headerPolicies(tabId: number, frameIds: readonly number[]): Promise<(string | null)[]> {
  await writes;
  const keys = frameIds.map((id) => keyOf(tabId, id));
  const stored = await browser.storage.session.get(keys);
  return keys.map((k) => (typeof stored[k] === 'string' ? (stored[k] as string) : null));
}
