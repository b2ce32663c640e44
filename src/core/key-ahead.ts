/**
 * A create()'s key pair made while the person reads the prompt, so that approving does not wait
 * for key generation (README "Benchmarks").
 *
 * The prompt ignores approve for a second after it appears (SECURITY.md case 26). By then the
 * request has passed every check, so the algorithm is known: the first of the relying party's
 * `pubKeyCredParams` that Passkeep supports (https://w3c.github.io/webauthn/#sctn-op-make-cred
 * step 2, ./prepare-create.ts). The key pair and the credential id are made in that second, and,
 * when the request asks for self attestation, the attestation signed with the flags approving
 * will give if the person approves as the prompt asks (UP; UV exactly when the prompt asks for
 * the PIN). All of it stays in the background's memory, in the prompt's session, and is dropped
 * with the session when the person declines, closes the prompt or the request ends otherwise:
 * nothing is stored before the click. At the click ./make-credential.ts uses the key pair only
 * for the algorithm chosen then, without a failure scenario, and the signature only when the
 * authenticator data it covers is byte for byte the one computed from the click's consent.
 */
import { concatBytes, randomBytes } from './bytes.js';
import type { CredentialKeyPair } from './credential-signer.js';
import type { SignedAhead } from './get-assertion.js';
import { CREDENTIAL_ID_LENGTH, creationAuthData } from './make-credential.js';
import type { PreparedCreate } from './prepare-create.js';
import { signerFor } from './signers.js';

export interface KeyAhead {
  /** the COSE algorithm the key pair is for */
  alg: number;
  keyPair: CredentialKeyPair;
  credentialId: Uint8Array;
  /** packed self attestation only: the authenticator data signed, and the signature */
  attestation: SignedAhead | null;
}

/** Null when the request allows no algorithm Passkeep supports (nothing to make then). */
export async function makeKeyAhead(prepared: PreparedCreate, userVerified: boolean): Promise<KeyAhead | null> {
  if (prepared.alg === null) return null;
  const signer = signerFor(prepared.alg);
  const keyPair = await signer.generate();
  const credentialId = randomBytes(CREDENTIAL_ID_LENGTH);
  let attestation: SignedAhead | null = null;
  if (prepared.attestationFormat === 'packed') {
    const authData = creationAuthData(prepared, { userPresent: true, userVerified }, credentialId, signer.coseKey(keyPair.publicKey));
    attestation = { authData, signature: await signer.sign(keyPair.privateKey, concatBytes(authData, prepared.clientDataHash)) };
  }
  return { alg: prepared.alg, keyPair, credentialId, attestation };
}
