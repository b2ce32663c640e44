/**
 * authenticatorMakeCredential for a discoverable credential with the algorithm the relying
 * party preferred. https://w3c.github.io/webauthn/#sctn-op-make-cred
 */
import { PASSKEEP_AAGUID } from './aaguid.js';
import { CeremonyError } from './errors.js';
import { encodeNoneAttestationObject, encodePackedSelfAttestationObject } from './attestation-object.js';
import { encodeAuthenticatorData } from './authenticator-data.js';
import { toBase64url } from './base64url.js';
import { concatBytes, equalBytes, randomBytes } from './bytes.js';
import { creationExtensionResults } from './extension-results.js';
import type { KeyAhead } from './key-ahead.js';
import type { PasskeyRecord } from './passkey-record.js';
import { newPrfSecrets } from './prf.js';
import type { PreparedCreate } from './prepare-create.js';
import type { RegistrationResult } from './results.js';
import type { FailureScenario } from './failure-scenario.js';
import { authDataUnder, consentUnder, signatureUnder } from './scenario-answer.js';
import { signerFor } from './signers.js';

export const CREDENTIAL_ID_LENGTH = 32;
export const TRANSPORTS = ['internal'];

export interface Consent {
  /** the person approved in the extension-owned prompt (UP) */
  userPresent: true;
  /** the PIN was entered in this ceremony (UV) */
  userVerified: boolean;
}

/**
 * https://w3c.github.io/webauthn/#sctn-op-make-cred steps 9–10: the new credential's authenticator
 * data, counter 0, with its attested credential data.
 */
export function creationAuthData(prepared: PreparedCreate, consent: Consent, credentialId: Uint8Array, coseKey: Uint8Array): Uint8Array {
  return encodeAuthenticatorData({
    rpIdHash: prepared.rpIdHash,
    userPresent: consent.userPresent,
    userVerified: consent.userVerified,
    backupEligible: true,
    backedUp: false,
    signCount: 0,
    attestedCredentialData: { aaguid: PASSKEEP_AAGUID, credentialId, credentialPublicKey: coseKey },
  });
}

/**
 * `scenario`: a developer-mode failure scenario the person chose in the prompt
 * (./failure-scenario.ts), already validated against the ones this request offers; null for the
 * truthful answer. What is stored is the truth either way (the record keeps BE=1 BS=0).
 *
 * `ahead`: a key pair made while the person read the prompt (./key-ahead.ts). It is used only
 * without a scenario and only for the algorithm chosen here; its attestation signature only when
 * the authenticator data it covers is byte for byte the data computed here from this consent
 * (every algorithm here signs deterministically, so it is then the very signature signing now
 * would make). Otherwise the key pair is made, and the data signed, here.
 */
export async function makeCredential(
  prepared: PreparedCreate,
  trueConsent: Consent,
  now: number,
  scenario: FailureScenario | null = null,
  ahead: KeyAhead | null = null,
): Promise<{ record: PasskeyRecord; result: RegistrationResult }> {
  // Step 2: no algorithm Passkeep supports (prepare-create.ts); the caller ends the ceremony
  // before asking for this, so reaching it is a bug, not the page's doing.
  if (prepared.alg === null) throw new CeremonyError('NotSupportedError', 'None of the requested algorithms is supported.');
  const consent = consentUnder(trueConsent, scenario);
  // Step 2 chooses among the site's list; a scenario may choose another member of it.
  const alg = scenario?.kind === 'alg' ? scenario.alg : prepared.alg;
  const signer = signerFor(alg);
  const made = scenario === null && ahead !== null && ahead.alg === alg ? ahead : null;
  // Step 7: a new key pair of the chosen algorithm.
  const { privateKey, publicKey } = made?.keyPair ?? (await signer.generate());
  const credentialId = made?.credentialId ?? randomBytes(CREDENTIAL_ID_LENGTH);
  // A new credential starts at counter 0; each assertion increments it first.
  const authData = authDataUnder(creationAuthData(prepared, consent, credentialId, signer.coseKey(publicKey)), scenario);
  // https://w3c.github.io/webauthn/#sctn-generating-an-attestation-object: self attestation signs
  // authenticatorData || clientDataHash with the new credential key. Skipped when the client
  // step would replace it with `none` anyway.
  const format = scenario?.kind === 'attestation' ? scenario.format : prepared.attestationFormat;
  const signedAhead = made?.attestation && equalBytes(made.attestation.authData, authData) ? made.attestation.signature : null;
  const attestationObject =
    format === 'packed'
      ? encodePackedSelfAttestationObject(
          authData,
          alg,
          signatureUnder(signedAhead ?? (await signer.sign(privateKey, concatBytes(authData, prepared.clientDataHash))), scenario),
        )
      : encodeNoneAttestationObject(authData);
  const record: PasskeyRecord = {
    credentialId,
    rpId: prepared.rpId,
    rpName: prepared.rpName,
    userId: prepared.user.id,
    userName: prepared.user.name,
    userDisplayName: prepared.user.displayName,
    alg,
    privateKey,
    publicKey,
    signCount: 0,
    createdAt: now,
    lastUsedAt: null,
    backedUp: false,
    // Every credential gets its PRF secrets, so prf works at sign-in even when the relying
    // party did not ask for it at creation (as platform passkeys do).
    ...newPrfSecrets(),
  };
  const result: RegistrationResult = {
    kind: 'create',
    id: toBase64url(credentialId),
    clientDataJSON: toBase64url(prepared.clientDataJSON),
    attestationObject: toBase64url(attestationObject),
    authenticatorData: toBase64url(authData),
    publicKey: toBase64url(signer.spki(publicKey)),
    publicKeyAlgorithm: alg,
    transports: TRANSPORTS,
    authenticatorAttachment: 'platform',
    clientExtensionResults: creationExtensionResults(prepared.extensions, record, consent.userVerified),
  };
  return { record, result };
}
