/**
 * Shared by the vault tests: records with real P-256 keys, a fast-enough KDF at OWASP's floor,
 * and a sign-in checked by a real relying-party library (@simplewebauthn/server).
 */
import 'fake-indexeddb/auto';
import { p256 } from '@noble/curves/nist.js';
import { verifyAuthenticationResponse } from '@simplewebauthn/server';
import { toBase64url } from '../../src/core/base64url.js';
import { encodeEs256CoseKey } from '../../src/core/cose-key.js';
import { getAssertion } from '../../src/core/get-assertion.js';
import type { PasskeyRecord } from '../../src/core/passkey-record.js';
import { prepareGet } from '../../src/core/prepare-get.js';
import { MIN_KDF } from '../../src/vault/kdf.js';
import { Vault, VaultIntegrityError } from '../../src/vault/vault.js';
import { expect } from 'vitest';

export const TEST_KDF = MIN_KDF;
let dbCounter = 0;

export function uniqueDbName(): string {
  return `passkeys-test-${process.pid}-${++dbCounter}-${Math.random().toString(36).slice(2)}`;
}

export async function openTestVault(name = uniqueDbName()): Promise<Vault> {
  return Vault.open(name, { kdf: TEST_KDF });
}

export function makeRecord(rpId: string, userName: string, overrides: Partial<PasskeyRecord> = {}): PasskeyRecord {
  const privateKey = p256.utils.randomSecretKey();
  return {
    credentialId: crypto.getRandomValues(new Uint8Array(32)),
    rpId,
    rpName: rpId,
    userId: crypto.getRandomValues(new Uint8Array(16)),
    userName,
    userDisplayName: userName.split('@')[0]!,
    alg: -7,
    privateKey,
    publicKey: p256.getPublicKey(privateKey, false),
    signCount: 0,
    createdAt: 1_760_000_000_000,
    lastUsedAt: null,
    backedUp: false,
    ...overrides,
  };
}

/**
 * Signs in to `record.rpId` with the vault's bookkeeping (counter first), then lets
 * @simplewebauthn/server verify it against the public key the RP stored at registration.
 */
export async function signInVerified(
  vault: Vault,
  rpId: string,
  credentialId: Uint8Array,
  registeredPublicKey: Uint8Array,
  storedCounter = 0,
): Promise<{ verified: boolean; newCounter: number; backedUp: boolean }> {
  const origin = `https://${rpId}`;
  const challenge = crypto.getRandomValues(new Uint8Array(32));
  const prepared = prepareGet(
    { challenge, allowCredentials: [], userVerification: 'preferred', hints: [], extensions: {} },
    { origin, host: rpId, sameOriginWithAncestors: true, topOrigin: origin },
  );
  const record = await vault.recordUse(rpId, credentialId);
  const result = await getAssertion(prepared, record, { userPresent: true, userVerified: true });
  const verification = await verifyAuthenticationResponse({
    response: {
      id: result.id,
      rawId: result.id,
      type: 'public-key',
      response: {
        clientDataJSON: result.clientDataJSON,
        authenticatorData: result.authenticatorData,
        signature: result.signature,
        userHandle: result.userHandle ?? undefined,
      },
      clientExtensionResults: {},
    },
    expectedChallenge: toBase64url(challenge),
    expectedOrigin: origin,
    expectedRPID: rpId,
    credential: { id: toBase64url(credentialId), publicKey: new Uint8Array(encodeEs256CoseKey(registeredPublicKey)), counter: storedCounter },
    requireUserVerification: true,
  });
  return {
    verified: verification.verified,
    newCounter: verification.authenticationInfo.newCounter,
    backedUp: verification.authenticationInfo.credentialBackedUp,
  };
}

/** True when `needle` occurs anywhere inside `hay`. */
export function containsBytes(hay: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * The record was refused by AES-GCM itself (its AAD binds the ciphertext to the indexes it is
 * stored under), not only by the later comparison of the plaintext with those indexes: both
 * end in VaultIntegrityError, and only the message tells which check refused it. A swapped
 * record that decrypts under another index would mean the AAD binds nothing.
 */
export async function expectAeadRefuses(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VaultIntegrityError);
  expect((error as Error).message).toMatch(/failed its integrity check/);
}
