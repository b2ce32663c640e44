/**
 * Immediate mediation is rate-limited as Chrome limits it, so that a page cannot use a stream of
 * immediate get()s (each answered at once, with no UI) to probe whether Passkeep holds a passkey
 * for it: per registrable domain (eTLD+1, private suffixes included) of the top-level origin, at
 * most 10 requests in any 60 s and 2 in any 5 s; beyond that NotAllowedError, as when there is
 * nothing to offer. `localhost` itself is exempt, as in Chrome (for developers).
 * Chromium: components/webauthn/core/browser/immediate_request_rate_limiter.cc and the
 * WebAuthnImmediateRequestRateLimit defaults in device/fido/public/features.cc. Chrome consumes
 * a slot of the long window before it asks the short one; so does this.
 *
 * In memory, as Chrome's: a background restart forgets the history.
 */
import { getDomain } from 'tldts';

export const IMMEDIATE_WINDOWS: ReadonlyArray<{ max: number; ms: number }> = [
  { max: 10, ms: 60_000 },
  { max: 2, ms: 5_000 },
];

export class ImmediateRateLimit {
  private readonly taken = IMMEDIATE_WINDOWS.map(() => new Map<string, number[]>());

  /** Records an immediate request from a page under `topOrigin` and says whether it may go on. */
  take(topOrigin: string, now: number): boolean {
    const host = new URL(topOrigin).hostname;
    if (host === 'localhost') return true;
    const site = getDomain(host, { allowPrivateDomains: true }) ?? host;
    return IMMEDIATE_WINDOWS.every(({ max, ms }, i) => {
      const recent = (this.taken[i]!.get(site) ?? []).filter((t) => now - t < ms);
      const ok = recent.length < max;
      if (ok) recent.push(now);
      this.taken[i]!.set(site, recent);
      return ok;
    });
  }
}
