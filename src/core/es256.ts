/**
 * ES256: ECDSA over P-256 with SHA-256, signatures DER-encoded as WebAuthn requires.
 * https://w3c.github.io/webauthn/#sctn-signature-attestation-types (ECDSA signatures are ASN.1 DER)
 */
import { p256 } from '@noble/curves/nist.js';

export interface Es256KeyPair {
  /** 32-byte scalar */
  privateKey: Uint8Array;
  /** 65-byte SEC1 uncompressed point */
  publicKey: Uint8Array;
}

export function generateEs256KeyPair(): Es256KeyPair {
  const privateKey = p256.utils.randomSecretKey();
  return { privateKey, publicKey: p256.getPublicKey(privateKey, false) };
}

export function es256PublicKey(privateKey: Uint8Array): Uint8Array {
  return p256.getPublicKey(privateKey, false);
}

/**
 * Deterministic (RFC 6979) signature over SHA-256(message), DER-encoded. No low-S
 * normalisation: plain RFC 6979 is what the spec's test vectors use, and WebAuthn verifiers
 * accept either half.
 */
export function signEs256(privateKey: Uint8Array, message: Uint8Array): Uint8Array {
  return p256.sign(message, privateKey, { prehash: true, format: 'der', lowS: false });
}
