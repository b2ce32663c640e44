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

/**
 * `packed` self attestation: https://w3c.github.io/webauthn/#sctn-packed-attestation
 * attStmt is { alg, sig } (keys in canonical order: both 3 bytes, "alg" < "sig"), with no x5c:
 * the credential key signs authenticatorData || clientDataHash itself
 * (https://w3c.github.io/webauthn/#self-attestation).
 */
export function encodePackedSelfAttestationObject(authData: Uint8Array, alg: number, sig: Uint8Array): Uint8Array {
  return encodeCbor(
    new Map<string, CborValue>([
      ['fmt', 'packed'],
      [
        'attStmt',
        new Map<string, CborValue>([
          ['alg', alg],
          ['sig', sig],
        ]),
      ],
      ['authData', authData],
    ]),
  );
}
