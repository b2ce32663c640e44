/**
 * Passkeep's own backup file: every passkey, encrypted under a passphrase with the vault's
 * KDF and cipher (Argon2id → AES-256-GCM). Versioned JSON:
 *
 *   { "format": "passkeep-backup", "version": 1, "createdAt": ms,
 *     "kdf": { "alg": "argon2id", "m": KiB, "t": passes, "p": lanes, "salt": b64url },
 *     "cipher": "A256GCM", "iv": b64url, "ciphertext": b64url }
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

export const BACKUP_FORMAT = 'passkeep-backup';
export const BACKUP_VERSION = 1;
export const MIN_PASSPHRASE_CHARS = 8;

interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: number;
  kdf: { alg: 'argon2id'; m: number; t: number; p: number; salt: string };
  cipher: 'A256GCM';
}

function aadOf(h: BackupHeader): ArrayBuffer {
  const k = h.kdf;
  return toArrayBuffer(utf8(JSON.stringify([h.format, h.version, h.createdAt, k.alg, k.m, k.t, k.p, k.salt, h.cipher])));
}

async function keyFor(passphrase: string, kdf: KdfParams): Promise<CryptoKey> {
  const raw = await deriveKeyEncryptionKey(passphrase, kdf);
  return crypto.subtle.importKey('raw', toArrayBuffer(raw), 'AES-GCM', false, ['encrypt', 'decrypt']);
}

export function checkPassphrase(passphrase: unknown): string {
  if (typeof passphrase !== 'string' || [...passphrase].length < MIN_PASSPHRASE_CHARS) {
    throw new RangeError(`The backup passphrase needs at least ${MIN_PASSPHRASE_CHARS} characters.`);
  }
  return passphrase;
}

export async function writeBackup(records: PasskeyRecord[], passphrase: string, kdf: KdfTarget = DEFAULT_KDF, now: number = Date.now()): Promise<string> {
  checkPassphrase(passphrase);
  const params: KdfParams = { ...kdf, salt: crypto.getRandomValues(new Uint8Array(16)) };
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: now,
    kdf: { alg: 'argon2id', m: params.m, t: params.t, p: params.p, salt: toBase64url(params.salt) },
    cipher: 'A256GCM',
  };
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plaintext = utf8(JSON.stringify({ passkeys: records.map(recordToJson) }));
  const ct = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aadOf(header) }, await keyFor(passphrase, params), toArrayBuffer(plaintext)),
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

/** Decrypts a backup. Throws a clear error on a wrong passphrase or a damaged file. */
export async function readBackup(data: string, passphrase: string): Promise<PasskeyRecord[]> {
  const f = parseJsonFile(data, 'Passkeep backup') as Record<string, unknown> | null;
  if (!f || f.format !== BACKUP_FORMAT) throw new TypeError('This is not a Passkeep backup file.');
  if (f.version !== BACKUP_VERSION) throw new TypeError(`This backup was written by a newer Passkeep (format version ${String(f.version).slice(0, 20)}).`);
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
    version: BACKUP_VERSION,
    createdAt: f.createdAt,
    kdf: { alg: 'argon2id', m: k.m as number, t: k.t as number, p: k.p as number, salt: k.salt },
    cipher: 'A256GCM',
  };
  const params: KdfParams = { alg: 'argon2id', m: header.kdf.m, t: header.kdf.t, p: header.kdf.p, salt: fromBase64url(header.kdf.salt) };
  let plaintext: Uint8Array;
  try {
    plaintext = new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: toArrayBuffer(fromBase64url(f.iv)), additionalData: aadOf(header) },
        await keyFor(passphrase, params),
        toArrayBuffer(fromBase64url(f.ciphertext)),
      ),
    );
  } catch {
    throw new TypeError('Wrong passphrase, or the backup file is damaged.');
  }
  // Authenticated, but by a passphrase that may have come with the file: the same limits apply.
  const body = parseJsonFile(fromUtf8(plaintext), 'Passkeep backup') as { passkeys?: unknown } | null;
  if (!body || !Array.isArray(body.passkeys)) throw new TypeError('The backup file is damaged (no passkeys).');
  if (body.passkeys.length > MAX_IMPORT_ENTRIES) throw new ImportLimitError(`Passkeep backup: the file lists more than ${MAX_IMPORT_ENTRIES} entries`);
  return body.passkeys.map((raw) => recordFromJson(checkRecordSizes(raw)));
}
