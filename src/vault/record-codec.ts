/**
 * The plaintext form of a passkey record before encryption: versioned JSON, bytes base64url.
 */
import { fromBase64url, toBase64url } from '../core/base64url.js';
import { fromUtf8, utf8 } from '../core/bytes.js';
import type { PasskeyRecord } from '../core/passkey-record.js';

const RECORD_VERSION = 1;

export function encodeRecord(record: PasskeyRecord): Uint8Array {
  return utf8(
    JSON.stringify({
      v: RECORD_VERSION,
      credentialId: toBase64url(record.credentialId),
      rpId: record.rpId,
      rpName: record.rpName,
      userId: toBase64url(record.userId),
      userName: record.userName,
      userDisplayName: record.userDisplayName,
      alg: record.alg,
      privateKey: toBase64url(record.privateKey),
      publicKey: toBase64url(record.publicKey),
      signCount: record.signCount,
      createdAt: record.createdAt,
      lastUsedAt: record.lastUsedAt,
      backedUp: record.backedUp,
      // Optional members (absent in records written before they existed).
      ...(record.prfSecretUv ? { prfSecretUv: toBase64url(record.prfSecretUv) } : {}),
      ...(record.prfSecretNoUv ? { prfSecretNoUv: toBase64url(record.prfSecretNoUv) } : {}),
      ...(record.largeBlob ? { largeBlob: toBase64url(record.largeBlob) } : {}),
    }),
  );
}

export function decodeRecord(bytes: Uint8Array): PasskeyRecord {
  const raw = JSON.parse(fromUtf8(bytes)) as Record<string, unknown>;
  if (raw.v !== RECORD_VERSION) throw new Error(`unknown record version ${String(raw.v)}`);
  const str = (k: string): string => {
    const v = raw[k];
    if (typeof v !== 'string') throw new Error(`record.${k} is not a string`);
    return v;
  };
  const num = (k: string): number => {
    const v = raw[k];
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new Error(`record.${k} is not an integer`);
    return v;
  };
  const optionalBytes = (k: 'prfSecretUv' | 'prfSecretNoUv' | 'largeBlob'): Partial<PasskeyRecord> =>
    raw[k] === undefined ? {} : { [k]: fromBase64url(str(k)) };
  return {
    credentialId: fromBase64url(str('credentialId')),
    rpId: str('rpId'),
    rpName: str('rpName'),
    userId: fromBase64url(str('userId')),
    userName: str('userName'),
    userDisplayName: str('userDisplayName'),
    alg: num('alg'),
    privateKey: fromBase64url(str('privateKey')),
    publicKey: fromBase64url(str('publicKey')),
    signCount: num('signCount'),
    createdAt: num('createdAt'),
    lastUsedAt: raw.lastUsedAt === null ? null : num('lastUsedAt'),
    backedUp: raw.backedUp === true,
    ...optionalBytes('prfSecretUv'),
    ...optionalBytes('prfSecretNoUv'),
    ...optionalBytes('largeBlob'),
  };
}
