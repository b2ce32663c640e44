/**
 * The vault's key hierarchy, all in WebCrypto:
 *
 *   PIN --Argon2id--> key-encryption key --AES-GCM--> vault key (32 random bytes)
 *   (PIN --Argon2id--> K_pin) + authenticator PRF output --HKDF--> key-encryption key --AES-GCM--> vault key
 *     (one per enrolled authenticator, ./unlock-keys.ts)
 *   vault key --HKDF--> record key (AES-GCM-256)  and  index key (HMAC-SHA-256)
 *
 * The record and index keys are non-extractable. The raw vault key is kept only so that the
 * background can survive a service-worker restart through `storage.session`.
 */
import { toArrayBuffer, utf8 } from '../core/bytes.js';
import { deriveKeyEncryptionKey, type KdfParams } from './kdf.js';

const WRAP_AAD_BYTES = utf8('passkeep/vault-key/v1');

export interface WrappedKey {
  iv: Uint8Array;
  ct: Uint8Array;
}

export interface VaultKeys {
  raw: Uint8Array;
  record: CryptoKey;
  index: CryptoKey;
}

export async function importVaultKey(raw: Uint8Array): Promise<VaultKeys> {
  if (raw.length !== 32) throw new Error('vault key must be 32 bytes');
  const base = await crypto.subtle.importKey('raw', toArrayBuffer(raw), 'HKDF', false, ['deriveKey']);
  const hkdf = (info: string) => ({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: toArrayBuffer(utf8(info)) });
  const [record, index] = await Promise.all([
    crypto.subtle.deriveKey(hkdf('passkeep/record/v1'), base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
    crypto.subtle.deriveKey(hkdf('passkeep/index/v1'), base, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']),
  ]);
  return { raw: raw.slice(), record, index };
}

async function aesKey(kek: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', toArrayBuffer(kek), 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/** Wraps the raw vault key under a 32-byte key-encryption key (AES-256-GCM, `aad` bound). */
export async function sealVaultKey(raw: Uint8Array, kek: Uint8Array, aad: Uint8Array = WRAP_AAD_BYTES): Promise<WrappedKey> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: toArrayBuffer(aad) }, await aesKey(kek), toArrayBuffer(raw)),
  );
  return { iv, ct };
}

/** The vault key, or null when `kek` (or `aad`) is not the one it was sealed under (the tag does not verify). */
export async function openVaultKey(wrapped: WrappedKey, kek: Uint8Array, aad: Uint8Array = WRAP_AAD_BYTES): Promise<Uint8Array | null> {
  // Outside the try: a key that cannot even be imported (a dying worker) is an error, not a wrong PIN.
  const key = await aesKey(kek);
  try {
    return new Uint8Array(
      await crypto.subtle.decrypt({ name: 'AES-GCM', iv: toArrayBuffer(wrapped.iv), additionalData: toArrayBuffer(aad) }, key, toArrayBuffer(wrapped.ct)),
    );
  } catch {
    return null;
  }
}

export async function wrapVaultKey(raw: Uint8Array, pin: string, kdf: KdfParams): Promise<WrappedKey> {
  return sealVaultKey(raw, await deriveKeyEncryptionKey(pin, kdf));
}

/** The vault key, or null when the PIN is wrong (the AES-GCM tag does not verify). */
export async function unwrapVaultKey(wrapped: WrappedKey, pin: string, kdf: KdfParams): Promise<Uint8Array | null> {
  return openVaultKey(wrapped, await deriveKeyEncryptionKey(pin, kdf));
}

export async function hmacIndex(keys: VaultKeys, label: string, data: Uint8Array): Promise<Uint8Array> {
  const input = toArrayBuffer(new Uint8Array([...utf8(label), 0, ...data]));
  return new Uint8Array(await crypto.subtle.sign('HMAC', keys.index, input));
}

export async function sealRecord(keys: VaultKeys, aad: Uint8Array, plaintext: Uint8Array): Promise<WrappedKey> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: toArrayBuffer(aad) }, keys.record, toArrayBuffer(plaintext)),
  );
  return { iv, ct };
}

/** Throws when the ciphertext, IV or AAD was altered. */
export async function openRecord(keys: VaultKeys, aad: Uint8Array, sealed: WrappedKey): Promise<Uint8Array> {
  return new Uint8Array(
    await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: toArrayBuffer(sealed.iv), additionalData: toArrayBuffer(aad) },
      keys.record,
      toArrayBuffer(sealed.ct),
    ),
  );
}
