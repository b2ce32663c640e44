/**
 * The attestation object: https://w3c.github.io/webauthn/#sctn-attestation
 * Keys in CTAP2 canonical order: "fmt" (3 bytes), "attStmt" (7), "authData" (8).
 */
import { encodeCbor, type CborValue } from './cbor.js';

/** `none` attestation: https://w3c.github.io/webauthn/#sctn-none-attestation */
export function encodeNoneAttestationObject(authData: Uint8Array): Uint8Array {
  return encodeCbor(
    new Map<string, CborValue>([
      ['fmt', 'none'],
      ['attStmt', new Map()],
      ['authData', authData],
    ]),
  );
}
