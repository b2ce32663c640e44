/**
 * EdDSA with Ed25519 (COSE -8): https://www.rfc-editor.org/rfc/rfc8032#section-5.1
 * Signatures are the raw 64 bytes R || S, as COSE and WebAuthn carry them
 * (https://w3c.github.io/webauthn/#sctn-signature-attestation-types: EdDSA signatures are not
 * DER-wrapped).
 *
 * Key material: the private key is the 32-byte seed, the public key the 32-byte encoded point.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { COSE_ALG_EDDSA, encodeEd25519CoseKey } from './cose-key.js';
import type { CredentialSigner } from './credential-signer.js';
import { ed25519Spki } from './spki.js';

export function ed25519PublicKey(privateKey: Uint8Array): Uint8Array {
  if (privateKey.length !== 32) throw new TypeError('Ed25519 private key must be a 32-byte seed');
  return ed25519.getPublicKey(privateKey);
}

/** Pure Ed25519 (deterministic) over the whole message. */
export function signEd25519(privateKey: Uint8Array, message: Uint8Array): Uint8Array {
  if (privateKey.length !== 32) throw new TypeError('Ed25519 private key must be a 32-byte seed');
  return ed25519.sign(message, privateKey);
}

export const eddsaSigner: CredentialSigner = {
  alg: COSE_ALG_EDDSA,
  name: 'EdDSA',
  generate: async () => {
    const privateKey = ed25519.utils.randomSecretKey();
    return { privateKey, publicKey: ed25519.getPublicKey(privateKey) };
  },
  sign: async (privateKey, message) => signEd25519(privateKey, message),
  coseKey: encodeEd25519CoseKey,
  spki: ed25519Spki,
};
