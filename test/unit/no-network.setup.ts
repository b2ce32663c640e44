/**
 * Unit tests stay off the network: the background now fetches `https://RPID/.well-known/webauthn`
 * for an RP ID the caller may not claim (src/background/related-origins-fetch.ts), and tests that
 * drive the ceremony with such RP IDs (SECURITY.md case 2, the fuzzers) would otherwise ask real
 * servers, and depend on what they answer. Here any non-loopback fetch fails at once, as a
 * network error does; loopback (the demo relying party's tests) is untouched. Tests of the fetch
 * itself pass their own fetcher.
 */
const realFetch = globalThis.fetch;

function isLoopback(input: string | URL | Request): boolean {
  const url = new URL(input instanceof Request ? input.url : String(input));
  return url.hostname === 'localhost' || url.hostname.endsWith('.localhost') || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
}

globalThis.fetch = (input, init) =>
  isLoopback(input) ? realFetch(input, init) : Promise.reject(new TypeError(`unit tests make no network requests (${String(input)})`));
