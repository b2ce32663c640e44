/**
 * Shared inputs for the spec-* unit tests: a caller, wire options as the page hook would send
 * them, and the JSON a relying party library expects from a credential.
 */
import { expect } from 'vitest';
import { toBase64url } from '../../../src/core/base64url';
import { CeremonyError } from '../../../src/core/errors';
import type { Caller } from '../../../src/core/caller';
import { toCreationOptions } from '../../../src/core/creation-options';
import { prepareCreate, type PreparedCreate } from '../../../src/core/prepare-create';
import { prepareGet, type PreparedGet } from '../../../src/core/prepare-get';
import { toRequestOptions } from '../../../src/core/request-options';
import type { AssertionResult, RegistrationResult } from '../../../src/core/results';
import { BYTES_TAG, type WireObject, type WireValue } from '../../../src/core/wire-value';

export const RP_ID = 'example.org';
export const ORIGIN = 'https://example.org';
export const CALLER: Caller = { origin: ORIGIN, host: RP_ID, sameOriginWithAncestors: true, topOrigin: ORIGIN };

export const bytes = (b: Uint8Array): WireValue => ({ [BYTES_TAG]: toBase64url(b) });

export function creationWire(overrides: WireObject = {}): WireObject {
  return {
    rp: { name: 'Example', id: RP_ID },
    user: { id: bytes(Uint8Array.of(1, 2, 3, 4)), name: 'alice@example.org', displayName: 'Alice' },
    challenge: bytes(new Uint8Array(32).fill(7)),
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    ...overrides,
  };
}

export function requestWire(overrides: WireObject = {}): WireObject {
  return { challenge: bytes(new Uint8Array(32).fill(9)), rpId: RP_ID, ...overrides };
}

export function prepCreate(overrides: WireObject = {}): PreparedCreate {
  return prepareCreate(toCreationOptions(creationWire(overrides)), CALLER);
}

export function prepGet(overrides: WireObject = {}): PreparedGet {
  return prepareGet(toRequestOptions(requestWire(overrides)), CALLER);
}

/** The credential as PublicKeyCredential.toJSON() would give it (extension bytes as base64url). */
export function registrationJSON(r: RegistrationResult) {
  return {
    id: r.id,
    rawId: r.id,
    type: 'public-key' as const,
    response: {
      clientDataJSON: r.clientDataJSON,
      attestationObject: r.attestationObject,
      authenticatorData: r.authenticatorData,
      publicKey: r.publicKey,
      publicKeyAlgorithm: r.publicKeyAlgorithm,
      transports: r.transports as ('internal' | 'hybrid')[],
    },
    authenticatorAttachment: r.authenticatorAttachment,
    clientExtensionResults: untag(r.clientExtensionResults) as Record<string, never>,
  };
}

export function authenticationJSON(a: AssertionResult) {
  return {
    id: a.id,
    rawId: a.id,
    type: 'public-key' as const,
    response: {
      clientDataJSON: a.clientDataJSON,
      authenticatorData: a.authenticatorData,
      signature: a.signature,
      ...(a.userHandle === null ? {} : { userHandle: a.userHandle }),
    },
    authenticatorAttachment: a.authenticatorAttachment,
    clientExtensionResults: untag(a.clientExtensionResults) as Record<string, never>,
  };
}

/** Tagged bytes → base64url strings, as toJSON() renders them. */
export function untag(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(untag);
  const tagged = (value as Record<string, unknown>)[BYTES_TAG];
  if (typeof tagged === 'string') return tagged;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, untag(v)]));
}

/** The spec error name `fn` throws (a CeremonyError), or null when it returns. */
export function errorName(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(CeremonyError);
    return (error as CeremonyError).name;
  }
}
