/**
 * Passkeep's own backup file: every passkey, encrypted under a passphrase with the vault's
 * KDF and cipher (Argon2id → AES-256-GCM). Versioned JSON:
 *
 *   { "format": "passkeep-backup", "version": 1, "createdAt": ms,
 *     "kdf": { "alg": "argon2id", "m": KiB, "t": passes, "p": lanes, "salt": b64url },
 *     "cipher": "A256GCM", "iv": b64url, "ciphertext": b64url }
 *
 * Version 2 (issue 13) is protected "the same way" as the vault: the passphrase and an enrolled
 * authenticator's PRF output at a salt of the file's own, the key
 * HKDF-SHA-256(Argon2id(passphrase) || PRF(salt), salt = credential id, info 'passkeep/backup/v2')
 * (./unlock-keys.ts#keyFromSecretAndPrf). The header adds
 * "authenticator": { "credentialId": b64url, "salt": b64url }. So a copy on a cloud drive is no
 * weaker than the vault: guessing the passphrase opens nothing without the authenticator. An
 * older Passkeep refuses version 2 as "written by a newer Passkeep" instead of failing to decrypt.
 *
 * The AAD is the header (everything but iv and ciphertext) in a fixed order, so that lowering
 * the KDF parameters or changing the version in the file makes decryption fail. The plaintext
 * is `{ "passkeys": [record, …] }` with records as ./record-codec.ts writes them.
 */
import { fromBase64url, toBase64url } from '../core/base64url.js';
import { fromUtf8, toArrayBuffer, utf8 } from '../core/bytes.js';
import type { PasskeyRecord } from '../core/passkey-record.js';
import {
  base64CharsFor,
  ImportLimitError,
  MAX_CREDENTIAL_ID_BYTES,
  MAX_IMPORT_ENTRIES,
  MAX_LARGE_BLOB_BYTES,
  MAX_NAME_CHARS,
  MAX_USER_HANDLE_BYTES,
} from './import-limits.js';
import { parseJsonFile } from './import-result.js';
import { deriveKeyEncryptionKey, DEFAULT_KDF, isAcceptableFileKdf, type KdfParams, type KdfTarget } from './kdf.js';
import { recordFromJson, recordToJson } from './record-codec.js';
import { keyFromSecretAndPrf, PRF_SALT_BYTES, type PrfAnswer } from './unlock-keys.js';

export const BACKUP_FORMAT = 'passkeep-backup';
export const BACKUP_VERSION = 1;
/** the version of a backup that also needs an enrolled authenticator */
export const BACKUP_VERSION_AUTHENTICATOR = 2;
const BACKUP_INFO = utf8('passkeep/backup/v2');
export const MIN_PASSPHRASE_CHARS = 8;

interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: number;
  kdf: { alg: 'argon2id'; m: number; t: number; p: number; salt: string };
  cipher: 'A256GCM';
  /** version 2 only: which enrolled authenticator, and the PRF input it is asked at */
  authenticator?: BackupAuthenticator;
}

export interface BackupAuthenticator {
  credentialId: string;
  salt: string;
}

/** An authenticator's answer at the file's salt, to write or read a version 2 backup. */
export interface BackupPrf extends PrfAnswer {
  salt: Uint8Array;
}

/** The file needs an enrolled authenticator's answer: the page asks it (credential id and salt here) and tries again. */
export class BackupNeedsAuthenticatorError extends Error {
  override readonly name = 'BackupNeedsAuthenticatorError';
  constructor(readonly authenticator: BackupAuthenticator) {
    super('This backup is protected with a security key or passkey too: use it with the passphrase.');
  }
}

function aadOf(h: BackupHeader): ArrayBuffer {
  const k = h.kdf;
  const fields: unknown[] = [h.format, h.version, h.createdAt, k.alg, k.m, k.t, k.p, k.salt, h.cipher];
  if (h.authenticator) fields.push(h.authenticator.credentialId, h.authenticator.salt);
  return toArrayBuffer(utf8(JSON.stringify(fields)));
}

async function keyFor(passphrase: string, kdf: KdfParams, prf?: PrfAnswer): Promise<CryptoKey> {
  const stretched = await deriveKeyEncryptionKey(passphrase, kdf);
  const raw = prf ? keyFromSecretAndPrf(stretched, prf, BACKUP_INFO) : stretched;
  return crypto.subtle.importKey('raw', toArrayBuffer(raw), 'AES-GCM', false, ['encrypt', 'decrypt']);
}

export function checkPassphrase(passphrase: unknown): string {
  if (typeof passphrase !== 'string' || [...passphrase].length < MIN_PASSPHRASE_CHARS) {
    throw new RangeError(`The backup passphrase needs at least ${MIN_PASSPHRASE_CHARS} characters.`);
  }
  return passphrase;
}

/** `prf`: also protect the file with this authenticator's answer at `prf.salt` (version 2). */
export async function writeBackup(
  records: PasskeyRecord[],
  passphrase: string,
  kdf: KdfTarget = DEFAULT_KDF,
  now: number = Date.now(),
  prf?: BackupPrf,
): Promise<string> {
  checkPassphrase(passphrase);
  const params: KdfParams = { ...kdf, salt: crypto.getRandomValues(new Uint8Array(16)) };
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    version: prf ? BACKUP_VERSION_AUTHENTICATOR : BACKUP_VERSION,
    createdAt: now,
    kdf: { alg: 'argon2id', m: params.m, t: params.t, p: params.p, salt: toBase64url(params.salt) },
    cipher: 'A256GCM',
    ...(prf ? { authenticator: { credentialId: toBase64url(prf.credentialId), salt: toBase64url(prf.salt) } } : {}),
  };
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plaintext = utf8(JSON.stringify({ passkeys: records.map(recordToJson) }));
  const ct = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aadOf(header) }, await keyFor(passphrase, params, prf), toArrayBuffer(plaintext)),
  );
  return JSON.stringify({ ...header, iv: toBase64url(iv), ciphertext: toBase64url(ct) }, null, 2);
}

/** Room for the largest key Passkeep signs with (RSA-4096 PKCS#8 is about 2.4 KB). */
const MAX_BACKUP_KEY_BYTES = 8192;

/** Each field's most characters in a backup record (./record-codec.ts names them). */
const BACKUP_FIELD_CHARS: Record<string, number> = {
  credentialId: base64CharsFor(MAX_CREDENTIAL_ID_BYTES),
  userId: base64CharsFor(MAX_USER_HANDLE_BYTES),
  privateKey: base64CharsFor(MAX_BACKUP_KEY_BYTES),
  publicKey: base64CharsFor(MAX_BACKUP_KEY_BYTES),
  rpId: 253,
  rpName: MAX_NAME_CHARS,
  userName: MAX_NAME_CHARS,
  userDisplayName: MAX_NAME_CHARS,
};

/**
 * A backup's records go into the vault as they are, so their sizes are checked before decoding,
 * like a foreign file's: the passphrase may have come with a hostile file (SECURITY.md case 28).
 * Extra fields (largeBlob, PRF secrets) are bounded together by the largest a record can hold.
 */
function checkRecordSizes(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object') return raw;
  const r = raw as Record<string, unknown>;
  for (const [field, max] of Object.entries(BACKUP_FIELD_CHARS)) {
    const v = r[field];
    if (typeof v === 'string' && v.length > max) throw new ImportLimitError(`Passkeep backup: a passkey's ${field} is longer than ${max} characters`);
  }
  if (r.x !== undefined && JSON.stringify(r.x).length > base64CharsFor(MAX_LARGE_BLOB_BYTES) + 4096) {
    throw new ImportLimitError("Passkeep backup: a passkey's extra data is larger than Passkeep writes");
  }
  return raw;
}

/** The version 2 header's authenticator, checked for the sizes Passkeep writes; null for version 1. */
function authenticatorOf(f: Record<string, unknown>): BackupAuthenticator | null {
  if (f.version === BACKUP_VERSION) return null;
  const a = f.authenticator as Record<string, unknown> | undefined;
  const { credentialId, salt } = a ?? {};
  if (typeof credentialId !== 'string' || credentialId.length < 2 || credentialId.length > base64CharsFor(MAX_CREDENTIAL_ID_BYTES) || typeof salt !== 'string' || salt.length !== base64CharsFor(PRF_SALT_BYTES)) {
    throw new TypeError('The backup file is damaged (bad authenticator).');
  }
  return { credentialId, salt };
}

/**
 * Decrypts a backup. Throws a clear error on a wrong passphrase (or authenticator answer) or a
 * damaged file; BackupNeedsAuthenticatorError when a version 2 file comes without `prf`.
 */
export async function readBackup(data: string, passphrase: string, prf?: PrfAnswer): Promise<PasskeyRecord[]> {
  const f = parseJsonFile(data, 'Passkeep backup') as Record<string, unknown> | null;
  if (!f || f.format !== BACKUP_FORMAT) throw new TypeError('This is not a Passkeep backup file.');
  if (f.version !== BACKUP_VERSION && f.version !== BACKUP_VERSION_AUTHENTICATOR) {
    throw new TypeError(`This backup was written by a newer Passkeep (format version ${String(f.version).slice(0, 20)}).`);
  }
  const authenticator = authenticatorOf(f);
  if (authenticator && !prf) throw new BackupNeedsAuthenticatorError(authenticator);
  if (authenticator && prf && toBase64url(prf.credentialId) !== authenticator.credentialId) {
    throw new TypeError('This backup is protected with another security key or passkey.');
  }
  const k = f.kdf as Record<string, unknown> | undefined;
  const int = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
  if (!k || k.alg !== 'argon2id' || !int(k.m) || !int(k.t) || !int(k.p) || typeof k.salt !== 'string' || f.cipher !== 'A256GCM' || typeof f.createdAt !== 'number') {
    throw new TypeError('The backup file is damaged (bad header).');
  }
  // The header is not authenticated until the KDF has run: refuse costs outside the range
  // around what Passkeep writes (too weak to trust, or too costly to run) before running it.
  if (!isAcceptableFileKdf({ m: k.m, t: k.t, p: k.p })) {
    throw new ImportLimitError(`The backup file asks for KDF parameters Passkeep does not accept (m=${String(k.m)} KiB, t=${String(k.t)}, p=${String(k.p)}).`);
  }
  // Key material of the sizes Passkeep writes (a 16-byte salt, a 12-byte GCM nonce), measured before decoding.
  const saltChars = (k.salt as string).length;
  if (saltChars < base64CharsFor(16) || saltChars > base64CharsFor(64) || typeof f.iv !== 'string' || f.iv.length !== base64CharsFor(12) || typeof f.ciphertext !== 'string') {
    throw new TypeError('The backup file is damaged (bad salt, nonce or ciphertext).');
  }
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    version: authenticator ? BACKUP_VERSION_AUTHENTICATOR : BACKUP_VERSION,
    createdAt: f.createdAt,
    kdf: { alg: 'argon2id', m: k.m as number, t: k.t as number, p: k.p as number, salt: k.salt },
    cipher: 'A256GCM',
    ...(authenticator ? { authenticator } : {}),
  };
  const params: KdfParams = { alg: 'argon2id', m: header.kdf.m, t: header.kdf.t, p: header.kdf.p, salt: fromBase64url(header.kdf.salt) };
  let plaintext: Uint8Array;
  try {
    plaintext = new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: toArrayBuffer(fromBase64url(f.iv)), additionalData: aadOf(header) },
        await keyFor(passphrase, params, authenticator ? prf : undefined),
        toArrayBuffer(fromBase64url(f.ciphertext)),
      ),
    );
  } catch {
    throw new TypeError(authenticator ? 'Wrong passphrase or security key, or the backup file is damaged.' : 'Wrong passphrase, or the backup file is damaged.');
  }
  // Authenticated, but by a passphrase that may have come with the file: the same limits apply.
  const body = parseJsonFile(fromUtf8(plaintext), 'Passkeep backup') as { passkeys?: unknown } | null;
  if (!body || !Array.isArray(body.passkeys)) throw new TypeError('The backup file is damaged (no passkeys).');
  if (body.passkeys.length > MAX_IMPORT_ENTRIES) throw new ImportLimitError(`Passkeep backup: the file lists more than ${MAX_IMPORT_ENTRIES} entries`);
  return body.passkeys.map((raw) => recordFromJson(checkRecordSizes(raw)));
}
