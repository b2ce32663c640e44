/**
 * What every credential algorithm provides: key generation, signing, and the two public-key
 * encodings the spec hands out (COSE_Key in attested credential data, SPKI for getPublicKey()).
 * One module per algorithm implements it (es256.ts, eddsa.ts, rs256.ts); signers.ts picks one.
 *
 * Key material is plain bytes so that the vault can store it; its format is the algorithm's own
 * (documented on each signer) and never leaves the background.
 */
export interface CredentialKeyPair {
  privateKey: Uint8Array;
  publicKey: Uint8Array;
}

export interface CredentialSigner {
  /** COSE algorithm identifier: https://www.iana.org/assignments/cose/cose.xhtml#algorithms */
  readonly alg: number;
  readonly name: string;
  generate(): Promise<CredentialKeyPair>;
  /** The signature over `message` in the encoding WebAuthn requires for this algorithm. */
  sign(privateKey: Uint8Array, message: Uint8Array): Promise<Uint8Array>;
  /** https://w3c.github.io/webauthn/#sctn-encoded-credPubKey-examples */
  coseKey(publicKey: Uint8Array): Uint8Array;
  /** https://w3c.github.io/webauthn/#dom-authenticatorattestationresponse-getpublickey */
  spki(publicKey: Uint8Array): Uint8Array;
}
