/**
 * The prf extension's pseudo-random function, computed as the spec defines it on top of CTAP2
 * hmac-secret (https://w3c.github.io/webauthn/#prf-extension):
 *   salt   = SHA-256(UTF-8("WebAuthn PRF") || 0x00 || input)
 *   output = HMAC-SHA-256(CredRandom, salt)
 * Passkeep is client and authenticator in one process, so the salts never need CTAP's
 * encryption to a platform key; the outputs are the same as through it.
 *
 * Each credential holds two CredRandom secrets, as hmac-secret does
 * (https://fidoalliance.org/specs/fido-v2.1-ps-20210615/fido-client-to-authenticator-protocol-v2.1-ps-errata-20220621.html#sctn-hmac-secret-extension):
 * one used when UV is set in this ceremony and one when it is not, so an output bound to the
 * PIN cannot be obtained without it.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, randomBytes, utf8 } from './bytes.js';
import type { PasskeyRecord } from './passkey-record.js';

export const PRF_SECRET_LENGTH = 32;
const PRF_CONTEXT = concatBytes(utf8('WebAuthn PRF'), Uint8Array.of(0));

export interface PrfValues {
  first: Uint8Array;
  second?: Uint8Array;
}

export function prfSalt(input: Uint8Array): Uint8Array {
  return sha256(concatBytes(PRF_CONTEXT, input));
}

export function evaluatePrf(credRandom: Uint8Array, values: PrfValues): PrfValues {
  if (credRandom.length !== PRF_SECRET_LENGTH) throw new TypeError('CredRandom must be 32 bytes');
  const first = hmac(sha256, credRandom, prfSalt(values.first));
  return values.second === undefined ? { first } : { first, second: hmac(sha256, credRandom, prfSalt(values.second)) };
}

export function newPrfSecrets(): Required<Pick<PasskeyRecord, 'prfSecretUv' | 'prfSecretNoUv'>> {
  return { prfSecretUv: randomBytes(PRF_SECRET_LENGTH), prfSecretNoUv: randomBytes(PRF_SECRET_LENGTH) };
}

/** The CredRandom for this ceremony's UV flag, or null for a record made before PRF support. */
export function prfSecretFor(record: PasskeyRecord, userVerified: boolean): Uint8Array | null {
  return (userVerified ? record.prfSecretUv : record.prfSecretNoUv) ?? null;
}
