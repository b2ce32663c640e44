/**
 * SubjectPublicKeyInfo (RFC 5280 §4.1) for `AuthenticatorAttestationResponse.getPublicKey()`.
 * https://w3c.github.io/webauthn/#dom-authenticatorattestationresponse-getpublickey
 */
import { concatBytes } from './bytes.js';

// SEQUENCE { SEQUENCE { id-ecPublicKey, prime256v1 }, BIT STRING (66 bytes: 0 unused bits + point) }
const P256_SPKI_PREFIX = Uint8Array.from([
  0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86,
  0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
]);

export function p256Spki(publicKey: Uint8Array): Uint8Array {
  if (publicKey.length !== 65 || publicKey[0] !== 0x04) {
    throw new TypeError('P-256 public key must be a 65-byte uncompressed point');
  }
  return concatBytes(P256_SPKI_PREFIX, publicKey);
}

// SEQUENCE { SEQUENCE { id-Ed25519 (1.3.101.112) }, BIT STRING (33 bytes: 0 unused bits + key) }
// https://www.rfc-editor.org/rfc/rfc8410#section-4
const ED25519_SPKI_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);

export function ed25519Spki(publicKey: Uint8Array): Uint8Array {
  if (publicKey.length !== 32) throw new TypeError('Ed25519 public key must be 32 bytes');
  return concatBytes(ED25519_SPKI_PREFIX, publicKey);
}
