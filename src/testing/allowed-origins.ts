/**
 * The origins the testing build answers on (docs/testing-build.md). Everywhere else it steps
 * aside and the page gets the browser's own WebAuthn, as for a disabled site.
 *
 * An entry is a host name (`localhost`), which covers that host on any scheme and port and all
 * its subdomains (`a.localhost`), or a full origin (`https://app.test:8443`), which covers
 * exactly that origin. Pure: no chrome.*, no DOM.
 */

export const DEFAULT_ALLOWED_ORIGINS: readonly string[] = ['localhost'];

/** Bounds on the list a person edits, so that a pasted file cannot make every request slow. */
export const MAX_ALLOWED_ORIGINS = 64;
const MAX_ENTRY_CHARS = 253;

/** The entry as stored (lower case, no trailing slash or dot), or null when it is neither a host nor an origin. */
export function normaliseAllowedOrigin(entry: string): string | null {
  const text = entry.trim().toLowerCase().replace(/\/+$/, '');
  if (text.length === 0 || text.length > MAX_ENTRY_CHARS) return null;
  if (text.includes('://')) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return null;
    }
    // An origin only: nothing after the port.
    if (url.origin === 'null' || url.origin !== text) return null;
    return url.origin;
  }
  const host = text.replace(/\.$/, '');
  return /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(host) && !host.split('.').some((l) => l.startsWith('-') || l.endsWith('-')) ? host : null;
}

/** The list as stored: normalised, without duplicates or bad entries, at most MAX_ALLOWED_ORIGINS. */
export function toAllowedOrigins(entries: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const entry of entries) {
    const normal = typeof entry === 'string' ? normaliseAllowedOrigin(entry) : null;
    if (normal !== null && !out.includes(normal)) out.push(normal);
    if (out.length === MAX_ALLOWED_ORIGINS) break;
  }
  return out;
}

/** Whether `origin` (as the browser reported it, e.g. `http://a.localhost:8080`) is covered by `list`. */
export function isOriginAllowed(origin: string, list: readonly string[]): boolean {
  let host: string;
  try {
    host = new URL(origin).hostname;
  } catch {
    return false;
  }
  return list.some((entry) => (entry.includes('://') ? entry === origin : host === entry || host.endsWith(`.${entry}`)));
}
