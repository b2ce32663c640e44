/**
 * What a parser of a foreign file hands the vault: the passkeys it could read, and what it
 * left out and why (shown to the person after the import).
 */
import { base64, base64urlnopad } from '@scure/base';
import type { PasskeyRecord } from '../core/passkey-record.js';
import { base64CharsFor, cappedText, checkJsonText, ImportLimitError, MAX_CREDENTIAL_ID_BYTES, MAX_USER_HANDLE_BYTES } from './import-limits.js';
import { parsePkcs8 } from './pkcs8.js';

export interface Skipped {
  name: string;
  reason: string;
}

export interface ParsedImport {
  records: PasskeyRecord[];
  skipped: Skipped[];
}

/** COSE ES256 (https://www.iana.org/assignments/cose/cose.xhtml#algorithms) */
export const COSE_ES256 = -7;

export function parseJsonFile(data: string, what: string): unknown {
  if (typeof data !== 'string') throw new TypeError(`${what}: expected the file's text`);
  // Size and nesting before JSON.parse builds anything (./import-limits.ts).
  checkJsonText(data, what);
  try {
    return JSON.parse(data.replace(/^\uFEFF/, ''));
  } catch {
    throw new TypeError(`${what}: the file is not JSON`);
  }
}

/**
 * base64url or base64, padded or not (foreign exporters differ); throws on anything else.
 * Text that would decode to more than `maxBytes` is refused by its length, before decoding.
 */
export function decodeLenientBase64(text: unknown, field: string, maxBytes: number): Uint8Array {
  if (typeof text !== 'string' || text.length === 0) throw new TypeError(`${field} is missing`);
  // Up to two '=' of padding, plus a little slack for exporters that pad oddly.
  if (text.length > base64CharsFor(maxBytes) + 3) throw new RangeError(`${field} is longer than ${maxBytes} bytes`);
  const stripped = text.replace(/=+$/, '');
  if (/^[A-Za-z0-9_-]*$/.test(stripped)) return base64urlnopad.decode(stripped);
  if (/^[A-Za-z0-9+/]*$/.test(stripped)) {
    const padded = stripped + '='.repeat((4 - (stripped.length % 4)) % 4);
    return base64.decode(padded);
  }
  throw new TypeError(`${field} is not base64`);
}

/** A display name for the skipped list (each part cut short: the file may be hostile). */
export function nameOf(rpId: unknown, userName: unknown): string {
  const short = (v: unknown) => (typeof v === 'string' && v ? (v.length > 100 ? `${v.slice(0, 100)}…` : v) : null);
  const site = short(rpId) ?? 'unknown site';
  const user = short(userName);
  return user ? `${user} on ${site}` : site;
}

const RP_ID = /^(?=.{1,253}$)[a-z0-9-]+(\.[a-z0-9-]+)*$/;

export interface ForeignPasskey {
  credentialId: Uint8Array;
  rpId: string;
  rpName?: string | null | undefined;
  userHandle: Uint8Array;
  userName?: string | null | undefined;
  userDisplayName?: string | null | undefined;
  pkcs8: Uint8Array;
  signCount: number;
  createdAt?: number | undefined;
  counterless?: boolean;
  largeBlob?: Uint8Array | undefined;
}

/**
 * Validates a passkey read from a foreign file and turns it into a record, or says why not.
 * Imported passkeys live in more than one place from now on, so BS (backedUp) is set.
 */
export function toRecord(p: ForeignPasskey, now: number): PasskeyRecord | Skipped {
  const rpId = p.rpId.length > 253 ? '' : p.rpId.toLowerCase();
  const name = nameOf(rpId, p.userName);
  // Over-long names throw; each parser's catch turns that into this passkey being skipped.
  cappedText(p.rpName, 'rpName');
  cappedText(p.userName, 'userName');
  cappedText(p.userDisplayName, 'userDisplayName');
  if (!RP_ID.test(rpId)) return { name, reason: 'the site (RP ID) is not a valid domain' };
  // https://w3c.github.io/webauthn/#credential-id: at most 1023 bytes
  if (p.credentialId.length < 1 || p.credentialId.length > MAX_CREDENTIAL_ID_BYTES) return { name, reason: 'the credential id has a bad length' };
  // https://w3c.github.io/webauthn/#dom-publickeycredentialuserentity-id: 1 to 64 bytes
  if (p.userHandle.length < 1 || p.userHandle.length > MAX_USER_HANDLE_BYTES) return { name, reason: 'the user handle is missing or too long' };
  if (!Number.isSafeInteger(p.signCount) || p.signCount < 0 || p.signCount > 0xffffffff) return { name, reason: 'the signature counter is not valid' };
  let key;
  try {
    key = parsePkcs8(p.pkcs8);
  } catch (error) {
    return { name, reason: `the private key is damaged (${(error as Error).message})` };
  }
  if (key.kind !== 'p256') return { name, reason: `unsupported algorithm: ${key.algorithm} (Passkeep imports ES256 / P-256 passkeys)` };
  const userName = p.userName ?? '';
  const record: PasskeyRecord = {
    credentialId: p.credentialId,
    rpId,
    rpName: p.rpName || rpId,
    userId: p.userHandle,
    userName,
    userDisplayName: p.userDisplayName || userName,
    alg: COSE_ES256,
    privateKey: key.d,
    publicKey: key.publicKey,
    signCount: p.signCount,
    createdAt: p.createdAt !== undefined && Number.isSafeInteger(p.createdAt) && p.createdAt > 0 ? p.createdAt : now,
    lastUsedAt: null,
    backedUp: true,
  };
  if (p.counterless) record.counterless = true;
  if (p.largeBlob) record.largeBlob = p.largeBlob;
  return record;
}

/** A parser's catch for one entry: a file-wide limit ends the whole import, anything else skips the entry. */
export function skipOrRefuse(name: string, error: unknown): Skipped {
  if (error instanceof ImportLimitError) throw error;
  return { name, reason: (error as Error).message };
}

export function collect(results: (PasskeyRecord | Skipped)[]): ParsedImport {
  const out: ParsedImport = { records: [], skipped: [] };
  for (const r of results) {
    if ('reason' in r) out.skipped.push(r);
    else out.records.push(r);
  }
  return out;
}
