/**
 * COSE_Key encoding of credential public keys.
 * https://w3c.github.io/webauthn/#sctn-encoded-credPubKey-examples
 * https://www.rfc-editor.org/rfc/rfc9053#section-7.1.1 (EC2 keys)
 */
import { encodeCbor } from './cbor.js';

export const COSE_ALG_ES256 = -7;

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
