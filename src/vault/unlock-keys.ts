/**
 * Unlock keys: the vault key wrapped under a key that needs both the PIN and an authenticator.
 *
 * An enrolled authenticator (a security key, or the device's platform authenticator) answers
 * the WebAuthn PRF extension (https://w3c.github.io/webauthn/#prf-extension) for a credential
 * registered by Passkeep's own extension page, evaluated at a random salt stored here. The
 * output exists only while the authenticator is present; it is never stored. The key that wraps
 * the vault key is
 *
 *   HKDF-SHA-256(ikm = K_pin || PRF(salt), salt = credential id, info = INFO)
 *
 * where K_pin is the Argon2id output of the PIN (./kdf.ts, the vault's one KDF salt). So a copy
 * of the stored data plus the right PIN opens nothing (the PRF output is missing), and the
 * authenticator without the PIN opens nothing either (K_pin is missing); and since the tag only
 * verifies with both, a copy of the data gives no way to test PIN guesses offline. The wrapping's
 * AAD names the credential id, so a wrapping cannot be moved under another enrolment's entry.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, equalBytes, utf8 } from '../core/bytes.js';
import { openVaultKey, sealVaultKey, type WrappedKey } from './vault-keys.js';

const INFO = utf8('passkeep/unlock-key/v1');
const AAD_PREFIX = utf8('passkeep/vault-key/unlock-key/v1');
const PIN_CHECK = utf8('passkeep/pin-check/v1');

/** The PRF output is 32 bytes (https://w3c.github.io/webauthn/#prf-extension: HMAC-SHA-256 of hmac-secret). */
export const PRF_OUTPUT_BYTES = 32;
export const PRF_SALT_BYTES = 32;
/** The longest credential id the spec allows (https://w3c.github.io/webauthn/#credential-id). */
export const MAX_CREDENTIAL_ID_BYTES = 1023;
export const MAX_LABEL_CHARS = 64;

/** One enrolled authenticator, as stored in `meta` (never the PRF output). */
export interface UnlockKey {
  /** the WebAuthn credential id Passkeep's page registered */
  id: Uint8Array;
  /** the PRF input (`eval.first`) */
  salt: Uint8Array;
  /** the person's name for it ("blue YubiKey", "this laptop") */
  label: string;
  wrappedKey: WrappedKey;
  addedAt: number;
}

/** What an authenticator answered on an extension page: which credential, and its PRF output. */
export interface PrfAnswer {
  credentialId: Uint8Array;
  prf: Uint8Array;
}

function aadFor(credentialId: Uint8Array): Uint8Array {
  return concatBytes(AAD_PREFIX, new Uint8Array([0]), credentialId);
}

/**
 * HKDF-SHA-256(ikm = secret || PRF output, salt = credential id, info): a key that needs both the
 * KDF output of what the person knows and what the authenticator answered. Also the backup's
 * (./backup-file.ts), under its own `info`.
 */
export function keyFromSecretAndPrf(secret: Uint8Array, answer: PrfAnswer, info: Uint8Array): Uint8Array {
  if (answer.prf.length !== PRF_OUTPUT_BYTES) throw new RangeError('the PRF output must be 32 bytes');
  return hkdf(sha256, concatBytes(secret, answer.prf), answer.credentialId, info, 32);
}

function combinedKey(pinKey: Uint8Array, answer: PrfAnswer): Uint8Array {
  return keyFromSecretAndPrf(pinKey, answer, INFO);
}

/** Wraps the raw vault key for one authenticator: needs K_pin and that authenticator's PRF output. */
export function sealForAuthenticator(raw: Uint8Array, pinKey: Uint8Array, answer: PrfAnswer): Promise<WrappedKey> {
  return sealVaultKey(raw, combinedKey(pinKey, answer), aadFor(answer.credentialId));
}

/** The vault key, or null when the PIN or the PRF output is not the one it was sealed with. */
export function openForAuthenticator(key: UnlockKey, pinKey: Uint8Array, answer: PrfAnswer): Promise<Uint8Array | null> {
  if (!equalBytes(key.id, answer.credentialId)) return Promise.resolve(null);
  return openVaultKey(key.wrappedKey, combinedKey(pinKey, answer), aadFor(key.id));
}

/**
 * A check of the PIN while the vault is unlocked, kept beside the vault key in memory and
 * `storage.session` only: HMAC-SHA-256 under the vault key itself. Whoever can read it already
 * holds the vault key, so it tells them nothing new; on disk there is nothing like it. It lets
 * an unlocked vault confirm the PIN (enrol, remove, export) when no PIN-only wrapping is left.
 */
export function pinCheckFor(raw: Uint8Array, pinKey: Uint8Array): Uint8Array {
  return hmac(sha256, raw, concatBytes(PIN_CHECK, pinKey));
}

export function pinCheckMatches(raw: Uint8Array, pinKey: Uint8Array, check: Uint8Array): boolean {
  return equalBytes(pinCheckFor(raw, pinKey), check);
}
