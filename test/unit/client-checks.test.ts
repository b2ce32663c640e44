/**
 * Client-side checks that run in the background before a prompt: timeouts, the iframe allow
 * attribute (the rest of the permissions policy: permissions-policy.test.ts), the per-tab
 * prompt rate limit, getClientCapabilities(), and RP ID edge cases decided to match Chromium.
 */
import { describe, expect, it } from 'vitest';
import { allowAttributeAllows } from '../../src/core/allow-attribute';
import { clientCapabilities } from '../../src/core/client-capabilities';
import { resolveRpId } from '../../src/core/rp-id';
import { clampTimeout, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, MIN_TIMEOUT_MS } from '../../src/core/timeout';
import { PromptRateLimit, PROMPTS_PER_WINDOW, PROMPT_WINDOW_MS } from '../../src/background/prompt-rate-limit';
import { errorName as nameOf } from './support/ceremony-fixtures';


// https://w3c.github.io/webauthn/#sctn-createCredential step 4 / #sctn-timeout-recommended-range
describe('WebAuthn §5.1.3 step 4 / §15.1: timeouts are clamped (SECURITY.md case 5)', () => {
  it('absent → the default; too short or too long → the nearest bound', () => {
    expect(clampTimeout(undefined)).toBe(DEFAULT_TIMEOUT_MS);
    expect(clampTimeout(0)).toBe(MIN_TIMEOUT_MS);
    expect(clampTimeout(1)).toBe(MIN_TIMEOUT_MS);
    expect(clampTimeout(4_294_967_295)).toBe(MAX_TIMEOUT_MS);
    expect(clampTimeout(120_000)).toBe(120_000);
  });
  it('the bounds leave a person time to read and type a PIN, and never wait forever', () => {
    expect(MIN_TIMEOUT_MS).toBeGreaterThanOrEqual(30_000);
    expect(MAX_TIMEOUT_MS).toBeLessThanOrEqual(600_000);
  });
});


describe('SECURITY.md case 6: prompts per tab are rate-limited', () => {
  it(`at most ${PROMPTS_PER_WINDOW} prompts per tab in ${PROMPT_WINDOW_MS / 1000} s; other tabs are not affected`, () => {
    const limit = new PromptRateLimit();
    const t0 = 1_000_000;
    for (let i = 0; i < PROMPTS_PER_WINDOW; i++) expect(limit.take(7, t0 + i)).toBe(true);
    expect(limit.take(7, t0 + 10)).toBe(false);
    expect(limit.take(7, t0 + 20)).toBe(false);
    expect(limit.take(8, t0 + 20)).toBe(true);
    // once the oldest prompt is a window old, one more is allowed
    expect(limit.take(7, t0 + PROMPT_WINDOW_MS)).toBe(true);
    expect(limit.take(7, t0 + PROMPT_WINDOW_MS)).toBe(false);
  });
});

// https://w3c.github.io/webauthn/#sctn-getClientCapabilities
describe('WebAuthn §5.1.7 getClientCapabilities(): true to the ceremony Passkeep runs', () => {
  it('reports a UV platform authenticator, the Signal API, immediate mediation, related origins, passkey autofill (conditional get), no browser record: no hybrid, no conditional create', () => {
    expect(clientCapabilities([])).toEqual({
      conditionalCreate: false,
      conditionalGet: true,
      hybridTransport: false,
      immediateGet: true,
      passkeyPlatformAuthenticator: true,
      relatedOrigins: true,
      signalAllAcceptedCredentials: true,
      signalCurrentUserDetails: true,
      signalUnknownCredential: true,
      userVerifyingPlatformAuthenticator: true,
    });
  });
  it('by default names the extensions the authenticator implements: credProps, largeBlob, prf', () => {
    const caps = clientCapabilities();
    expect(Object.keys(caps).filter((k) => k.startsWith('extension:'))).toEqual([
      'extension:credProps',
      'extension:largeBlob',
      'extension:prf',
    ]);
  });
  it('adds extension:<id> for each supported extension, keys in order', () => {
    const caps = clientCapabilities(['prf', 'credProps']);
    expect(caps['extension:prf']).toBe(true);
    expect(caps['extension:credProps']).toBe(true);
    const keys = Object.keys(caps);
    expect(keys).toEqual([...keys].sort());
  });
});

// https://html.spec.whatwg.org/multipage/browsers.html#is-a-registrable-domain-suffix-of-or-is-equal-to
describe('HTML "is a registrable domain suffix of or is equal to": edge cases decided like Chromium', () => {
  it('a caller host with a trailing dot may claim the name without it (url::DomainIs)', () => {
    expect(resolveRpId('login.example.com.', 'example.com')).toBe('example.com');
    expect(resolveRpId('example.com.', 'example.com')).toBe('example.com');
    expect(resolveRpId('example.com.', undefined)).toBe('example.com.');
  });
  it('an rp.id with a trailing dot, or in upper case, is a SecurityError (compared byte for byte)', () => {
    expect(nameOf(() => resolveRpId('login.example.com', 'example.com.'))).toBe('SecurityError');
    expect(nameOf(() => resolveRpId('login.example.com', 'EXAMPLE.com'))).toBe('SecurityError');
    expect(nameOf(() => resolveRpId('example.com', 'Example.com'))).toBe('SecurityError');
  });
  it('a.localhost may use a.localhost but not claim localhost (its own public suffix)', () => {
    expect(resolveRpId('a.localhost', undefined)).toBe('a.localhost');
    expect(resolveRpId('a.localhost', 'a.localhost')).toBe('a.localhost');
    expect(nameOf(() => resolveRpId('a.localhost', 'localhost'))).toBe('SecurityError');
    expect(nameOf(() => resolveRpId('a.localhost', 'b.localhost'))).toBe('SecurityError');
  });
});

// https://w3c.github.io/webappsec-permissions-policy/#iframe-allow-attribute (Firefox's fallback)
describe('Permissions Policy: an iframe allow attribute delegates publickey-credentials-*', () => {
  const F = 'publickey-credentials-get';
  const frame = 'https://pay.example';
  const top = 'https://bank.example';
  it('a bare feature name means the src origin', () => {
    expect(allowAttributeAllows(F, F, frame, frame, top)).toBe(true);
    expect(allowAttributeAllows('publickey-credentials-create; publickey-credentials-get', F, frame, frame, top)).toBe(true);
    // the frame navigated away from its src: not delegated
    expect(allowAttributeAllows(F, F, 'https://evil.example', frame, top)).toBe(false);
  });
  it('an attribute that does not name the feature says nothing (the default allowlist decides)', () => {
    expect(allowAttributeAllows('publickey-credentials-create', F, frame, frame, top)).toBeNull();
    expect(allowAttributeAllows('', F, frame, frame, top)).toBeNull();
  });
  it('none, or a list that does not name the frame → not delegated', () => {
    expect(allowAttributeAllows(`${F} 'none'`, F, frame, frame, top)).toBe(false);
    expect(allowAttributeAllows(`${F} https://other.example`, F, frame, frame, top)).toBe(false);
    expect(allowAttributeAllows(`${F} 'self'`, F, frame, frame, top)).toBe(false);
  });
  it('*, the frame’s origin, or self for a same-origin frame → delegated', () => {
    expect(allowAttributeAllows(`${F} *`, F, frame, null, top)).toBe(true);
    expect(allowAttributeAllows(`${F} https://pay.example`, F, frame, null, top)).toBe(true);
    expect(allowAttributeAllows(`${F} 'self'`, F, top, null, top)).toBe(true);
  });
});
