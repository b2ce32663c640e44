/**
 * COSE_Key encoding of credential public keys.
 * https://w3c.github.io/webauthn/#sctn-encoded-credPubKey-examples
 * https://www.rfc-editor.org/rfc/rfc9053#section-7.1.1 (EC2 keys), #section-7.2 (OKP keys)
 * https://www.rfc-editor.org/rfc/rfc8230#section-4 (RSA keys)
 *
 * Every key is written in CTAP2 canonical key order (integers: positive ascending, then
 * negative by increasing magnitude), so the bytes are the same as any conforming authenticator's.
 */
import { encodeCbor } from './cbor.js';

export const COSE_ALG_ES256 = -7;
export const COSE_ALG_EDDSA = -8;
export const COSE_ALG_RS256 = -257;

/**
 * The EC2 P-256 key in CTAP2 canonical key order (1, 3, -1, -2, -3).
 * `publicKey` is the SEC1 uncompressed point: 0x04 || x || y.
 */
export function encodeEs256CoseKey(publicKey: Uint8Array): Uint8Array {
  if (publicKey.length !== 65 || publicKey[0] !== 0x04) {
    throw new TypeError('ES256 public key must be a 65-byte uncompressed point');
  }
  return encodeCbor(
    new Map<number, number | Uint8Array>([
      [1, 2], // kty: EC2
      [3, COSE_ALG_ES256], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, publicKey.subarray(1, 33)], // x
      [-3, publicKey.subarray(33, 65)], // y
    ]),
  );
}

/** The OKP Ed25519 key (1: 1, 3: -8, -1: 6, -2: x); `publicKey` is the 32-byte encoded point. */
export function encodeEd25519CoseKey(publicKey: Uint8Array): Uint8Array {
  if (publicKey.length !== 32) throw new TypeError('Ed25519 public key must be 32 bytes');
  return encodeCbor(
    new Map<number, number | Uint8Array>([
      [1, 1], // kty: OKP
      [3, COSE_ALG_EDDSA], // alg: EdDSA
      [-1, 6], // crv: Ed25519
      [-2, publicKey], // x
    ]),
  );
}

/**
 * The RSA key (1: 3, 3: -257, -1: n, -2: e); `n` and `e` are unsigned big-endian without
 * leading zero bytes (RFC 8230 §4).
 */
export function encodeRs256CoseKey(n: Uint8Array, e: Uint8Array): Uint8Array {
  if (n.length === 0 || n[0] === 0) throw new TypeError('RSA modulus must be minimal big-endian');
  if (e.length === 0 || e[0] === 0) throw new TypeError('RSA exponent must be minimal big-endian');
  return encodeCbor(
    new Map<number, number | Uint8Array>([
      [1, 3], // kty: RSA
      [3, COSE_ALG_RS256], // alg: RS256
      [-1, n], // n
      [-2, e], // e
    ]),
  );
}
