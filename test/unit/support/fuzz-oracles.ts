/**
 * Oracles for the property tests: what must be true of every request Passkeep accepts,
 * computed independently of the code under test (tldts's registrable domain rather than
 * src/core/rp-id.ts's reading of it, the JSON as parsed rather than as serialized).
 */
import { getDomain } from 'tldts';
import { expect } from 'vitest';
import { fromBase64url } from '../../../src/core/base64url';
import type { Caller } from '../../../src/core/caller';
import type { PreparedCreate } from '../../../src/core/prepare-create';
import type { PreparedGet } from '../../../src/core/prepare-get';

const IPV4_LIKE = /^[0-9.]+$/;

/**
 * https://html.spec.whatwg.org/multipage/browsers.html#is-a-registrable-domain-suffix-of-or-is-equal-to:
 * `rpId` equals the host, or is a suffix of it on a label boundary that is the host's
 * registrable domain or lies below it (so never a public suffix, private ones included).
 */
export function mayClaim(host: string, rpId: string): boolean {
  if (IPV4_LIKE.test(host) || host.startsWith('[')) return false;
  const original = host.endsWith('.') ? host.slice(0, -1) : host;
  if (rpId === host || rpId === original) return true;
  const registrable = getDomain(original, { allowPrivateDomains: true });
  if (!registrable) return false;
  return original.endsWith('.' + rpId) && (rpId === registrable || rpId.endsWith('.' + registrable));
}

/**
 * https://w3c.github.io/webauthn/#dictdef-collectedclientdata: the origin is the caller's,
 * crossOrigin says whether the caller is cross-origin with its ancestors, and topOrigin is
 * there exactly when it is, naming the caller's top-level origin.
 */
export function expectClientDataOfCaller(clientDataJSON: Uint8Array | string, caller: Caller, type: 'webauthn.create' | 'webauthn.get'): void {
  const bytes = typeof clientDataJSON === 'string' ? fromBase64url(clientDataJSON) : clientDataJSON;
  const data = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  expect(data.type).toBe(type);
  expect(data.origin).toBe(caller.origin);
  expect(data.crossOrigin).toBe(!caller.sameOriginWithAncestors);
  if (caller.sameOriginWithAncestors) expect(data).not.toHaveProperty('topOrigin');
  else expect(data.topOrigin).toBe(caller.topOrigin);
}

/** Everything an accepted create() must satisfy before the authenticator sees it. */
export function expectAcceptedCreate(prepared: PreparedCreate, caller: Caller): void {
  expect(mayClaim(caller.host, prepared.rpId), `${caller.host} claims ${prepared.rpId}`).toBe(true);
  // https://w3c.github.io/webauthn/#sctn-createCredential step 5
  expect(prepared.user.id.length).toBeGreaterThanOrEqual(1);
  expect(prepared.user.id.length).toBeLessThanOrEqual(64);
  expectClientDataOfCaller(prepared.clientDataJSON, caller, 'webauthn.create');
}

export function expectAcceptedGet(prepared: PreparedGet, caller: Caller): void {
  expect(mayClaim(caller.host, prepared.rpId), `${caller.host} claims ${prepared.rpId}`).toBe(true);
  expectClientDataOfCaller(prepared.clientDataJSON, caller, 'webauthn.get');
}

/** https://w3c.github.io/webauthn/#sctn-authenticator-data: UP (bit 0) and UV (bit 2). */
export function expectFlags(authenticatorData: string, expected: { up: boolean; uv: boolean }): void {
  const flags = fromBase64url(authenticatorData)[32]!;
  expect({ up: (flags & 0x01) !== 0, uv: (flags & 0x04) !== 0 }).toEqual(expected);
}
