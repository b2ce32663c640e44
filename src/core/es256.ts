/**
 * ES256: ECDSA over P-256 with SHA-256, signatures DER-encoded as WebAuthn requires.
 * https://w3c.github.io/webauthn/#sctn-signature-attestation-types (ECDSA signatures are ASN.1 DER)
 *
 * Key material: the private key is the 32-byte scalar, the public key the 65-byte SEC1
 * uncompressed point.
 */
import { p256 } from '@noble/curves/nist.js';
import { COSE_ALG_ES256, encodeEs256CoseKey } from './cose-key.js';
import type { CredentialSigner } from './credential-signer.js';
import { p256Spki } from './spki.js';

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
 * Deterministic (RFC 6979) signature over SHA-256(message), DER-encoded. Not normalised to low S:
 * WebAuthn verifiers accept either half (ECDSA as in FIPS 186), and plain RFC 6979 is what the
 * spec's test vectors use (https://w3c.github.io/webauthn/#sctn-test-vectors), byte for byte.
 */
export function signEs256(privateKey: Uint8Array, message: Uint8Array): Uint8Array {
  return p256.sign(message, privateKey, { prehash: true, format: 'der', lowS: false });
}

export const es256Signer: CredentialSigner = {
  alg: COSE_ALG_ES256,
  name: 'ES256',
  generate: async () => generateEs256KeyPair(),
  sign: async (privateKey, message) => signEs256(privateKey, message),
  coseKey: encodeEs256CoseKey,
  spki: p256Spki,
};
