/**
 * Reads an attestation object back into its three members, for the ceremony inspector:
 * https://w3c.github.io/webauthn/#sctn-attestation (fmt, attStmt, authData).
 */
import { decodeCbor, type CborValue } from './cbor.js';

export interface ParsedAttestationObject {
  fmt: string;
  /** the attestation statement, in its format's own shape (https://w3c.github.io/webauthn/#sctn-defined-attestation-formats) */
  attStmt: Map<number | string, CborValue>;
  authData: Uint8Array;
}

export function parseAttestationObject(bytes: Uint8Array): ParsedAttestationObject {
  const decoded = decodeCbor(bytes);
  if (!(decoded instanceof Map)) throw new TypeError('attestation object: not a CBOR map');
  const fmt = decoded.get('fmt');
  const attStmt = decoded.get('attStmt');
  const authData = decoded.get('authData');
  if (typeof fmt !== 'string') throw new TypeError('attestation object: "fmt" is not text');
  if (!(attStmt instanceof Map)) throw new TypeError('attestation object: "attStmt" is not a map');
  if (!(authData instanceof Uint8Array)) throw new TypeError('attestation object: "authData" is not bytes');
  for (const key of decoded.keys()) {
    if (key !== 'fmt' && key !== 'attStmt' && key !== 'authData') throw new TypeError(`attestation object: unknown member ${String(key)}`);
  }
  return { fmt, attStmt, authData };
}
