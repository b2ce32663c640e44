/**
 * create() and get() answered by the testing build's virtual authenticators, without a prompt
 * when the authenticator's isUserConsenting is true (automatic presence). The client steps before
 * (Web IDL, RP ID, client data) are Passkeep's own (src/core/prepare-*.ts); what differs is the
 * authenticator: https://w3c.github.io/webauthn/#sctn-op-make-cred and
 * https://w3c.github.io/webauthn/#sctn-op-get-assertion run on the virtual authenticator's
 * configuration and credentials, which tell the truth about presence and verification as
 * configured by the test (never more: UV=1 only when the authenticator has UV, the RP asked for
 * it, and isUserVerified is true).
 */
import { encodeNoneAttestationObject, encodePackedSelfAttestationObject } from '../core/attestation-object.js';
import { encodeAuthenticatorData } from '../core/authenticator-data.js';
import { fromBase64url, toBase64url } from '../core/base64url.js';
import { concatBytes, randomBytes } from '../core/bytes.js';
import { COSE_ALG_ES256 } from '../core/cose-key.js';
import type { CreationOptions } from '../core/creation-options.js';
import { CeremonyError } from '../core/errors.js';
import type { PreparedCreate } from '../core/prepare-create.js';
import type { PreparedGet } from '../core/prepare-get.js';
import type { AssertionResult, RegistrationResult } from '../core/results.js';
import { signerFor } from '../core/signers.js';
import type { WireObject } from '../core/wire-value.js';
import { keyFromPkcs8, pkcs8FromKey } from './credential-key.js';
import { storeCredential } from './automation-commands.js';
import { isPlatform, type VirtualAuthenticator, type VirtualCredential, type VirtualState } from './virtual-authenticator.js';

/** Virtual authenticators name no make or model: https://w3c.github.io/webauthn/#aaguid (all zero). */
export const VIRTUAL_AAGUID = new Uint8Array(16);
const CREDENTIAL_ID_BYTES = 16;

type ResidentKey = 'required' | 'preferred' | 'discouraged';

/** https://w3c.github.io/webauthn/#sctn-createCredential, the residentKey step: unknown values count as absent. */
function residentKeyOf(selection: CreationOptions['authenticatorSelection']): ResidentKey {
  const rk = selection.residentKey;
  if (rk === 'required' || rk === 'preferred' || rk === 'discouraged') return rk;
  return selection.requireResidentKey ? 'required' : 'discouraged';
}

function supportsResidentKeys(a: VirtualAuthenticator): boolean {
  return a.configuration.hasResidentKey && a.configuration.protocol !== 'ctap1/u2f';
}

function supportsUserVerification(a: VirtualAuthenticator): boolean {
  return a.configuration.hasUserVerification && a.configuration.protocol !== 'ctap1/u2f';
}

/** The algorithm this authenticator would make, or null: U2F makes only ES256. */
function algorithmFor(a: VirtualAuthenticator, prepared: PreparedCreate, options: CreationOptions): number | null {
  if (a.configuration.protocol !== 'ctap1/u2f') return prepared.alg;
  const params = options.pubKeyCredParams.filter((p) => p.type === 'public-key');
  return params.length === 0 || params.some((p) => p.alg === COSE_ALG_ES256) ? COSE_ALG_ES256 : null;
}

/**
 * https://w3c.github.io/webauthn/#sctn-createCredential: the client selects an authenticator
 * that can satisfy the options (attachment, resident key, user verification, an algorithm).
 */
function canCreate(a: VirtualAuthenticator, prepared: PreparedCreate, options: CreationOptions): boolean {
  const { authenticatorAttachment } = options.authenticatorSelection;
  if (authenticatorAttachment === 'platform' && !isPlatform(a)) return false;
  if (authenticatorAttachment === 'cross-platform' && isPlatform(a)) return false;
  if (residentKeyOf(options.authenticatorSelection) === 'required' && !supportsResidentKeys(a)) return false;
  if (prepared.requireUserVerification && !supportsUserVerification(a)) return false;
  return algorithmFor(a, prepared, options) !== null;
}

/** https://w3c.github.io/webauthn/#sctn-op-make-cred steps 6–7: presence, then verification. */
function gestures(a: VirtualAuthenticator, wanted: boolean, required: boolean): { userVerified: boolean } {
  if (!a.configuration.isUserConsenting) throw new CeremonyError('NotAllowedError', 'The virtual authenticator refused consent (isUserConsenting is false).');
  const verified = wanted && supportsUserVerification(a) && a.configuration.isUserVerified;
  if (required && !verified) throw new CeremonyError('NotAllowedError', 'User verification failed on the virtual authenticator (isUserVerified is false).');
  return { userVerified: verified };
}

function transportsOf(a: VirtualAuthenticator): string[] {
  return [a.configuration.transport];
}

export async function virtualCreate(state: VirtualState, prepared: PreparedCreate, options: CreationOptions): Promise<RegistrationResult> {
  const a = state.authenticators.find((candidate) => canCreate(candidate, prepared, options));
  // No authenticator can: the client would wait for one until the timeout; the test learns at once.
  if (!a) throw new CeremonyError('NotAllowedError', 'No virtual authenticator can satisfy these options.');
  const alg = algorithmFor(a, prepared, options)!;
  // Step 3: a held excluded credential is InvalidStateError, after the person's consent.
  const excluded = prepared.excludeCredentialIds.map(toBase64url);
  const held = a.credentials.some((c) => c.rpId === prepared.rpId && excluded.includes(c.credentialId));
  const { userVerified } = gestures(a, prepared.wantsUserVerification, prepared.requireUserVerification);
  if (held) throw new CeremonyError('InvalidStateError', 'The virtual authenticator already holds an excluded credential.');
  const rk = residentKeyOf(options.authenticatorSelection);
  const resident = supportsResidentKeys(a) && rk !== 'discouraged';
  const signer = signerFor(alg);
  const { privateKey, publicKey } = await signer.generate();
  const credentialId = randomBytes(CREDENTIAL_ID_BYTES);
  const { defaultBackupEligibility: backupEligibility, defaultBackupState: backupState } = a.configuration;
  const authData = encodeAuthenticatorData({
    rpIdHash: prepared.rpIdHash,
    userPresent: true,
    userVerified,
    backupEligible: backupEligibility,
    backedUp: backupState,
    signCount: 0,
    attestedCredentialData: { aaguid: VIRTUAL_AAGUID, credentialId, credentialPublicKey: signer.coseKey(publicKey) },
  });
  const attestationObject =
    prepared.attestationFormat === 'packed'
      ? encodePackedSelfAttestationObject(authData, alg, await signer.sign(privateKey, concatBytes(authData, prepared.clientDataHash)))
      : encodeNoneAttestationObject(authData);
  const credential: VirtualCredential = {
    credentialId: toBase64url(credentialId),
    isResidentCredential: resident,
    rpId: prepared.rpId,
    privateKey: toBase64url(pkcs8FromKey(alg, privateKey)),
    userHandle: toBase64url(prepared.user.id),
    signCount: 0,
    backupEligibility,
    backupState,
    userName: prepared.user.name,
    userDisplayName: prepared.user.displayName,
  };
  storeCredential(state, a.authenticatorId, credential);
  // https://w3c.github.io/webauthn/#sctn-authenticator-credential-properties-extension; the
  // other extensions are not offered by virtual authenticators (docs/testing-build.md).
  const clientExtensionResults: WireObject = prepared.extensions.credProps ? { credProps: { rk: resident } } : {};
  return {
    kind: 'create',
    id: credential.credentialId,
    clientDataJSON: toBase64url(prepared.clientDataJSON),
    attestationObject: toBase64url(attestationObject),
    authenticatorData: toBase64url(authData),
    publicKey: toBase64url(signer.spki(publicKey)),
    publicKeyAlgorithm: alg,
    transports: transportsOf(a),
    authenticatorAttachment: isPlatform(a) ? 'platform' : 'cross-platform',
    clientExtensionResults,
  };
}

/** https://w3c.github.io/webauthn/#sctn-op-get-assertion steps 1–5: the credentials this authenticator may use. */
function candidatesIn(a: VirtualAuthenticator, prepared: PreparedGet): VirtualCredential[] {
  if (prepared.requireUserVerification && !supportsUserVerification(a)) return [];
  const rpCredentials = a.credentials.filter((c) => c.rpId === prepared.rpId);
  if (prepared.allowCredentialIds.length === 0) return rpCredentials.filter((c) => c.isResidentCredential);
  const allowed = prepared.allowCredentialIds.map(toBase64url);
  return rpCredentials.filter((c) => allowed.includes(c.credentialId));
}

export async function virtualGet(state: VirtualState, prepared: PreparedGet): Promise<AssertionResult> {
  let a: VirtualAuthenticator | undefined;
  let found: VirtualCredential[] = [];
  for (const candidate of state.authenticators) {
    found = candidatesIn(candidate, prepared);
    if (found.length > 0) {
      a = candidate;
      break;
    }
  }
  if (!a) throw new CeremonyError('NotAllowedError', 'No virtual authenticator holds a credential for this request.');
  const { userVerified } = gestures(a, prepared.wantsUserVerification, prepared.requireUserVerification);
  // The newest credential, as an authenticator without a display picks one (step 6).
  const chosen = found[found.length - 1]!;
  // Step 9: the counter goes up by one per assertion, stored with the credential.
  const used: VirtualCredential = { ...chosen, signCount: (chosen.signCount + 1) >>> 0 };
  a.credentials = a.credentials.map((c) => (c === chosen ? used : c));
  const key = await keyFromPkcs8(fromBase64url(used.privateKey));
  const authData = encodeAuthenticatorData({
    rpIdHash: prepared.rpIdHash,
    userPresent: true,
    userVerified,
    backupEligible: used.backupEligibility,
    backedUp: used.backupState,
    signCount: used.signCount,
  });
  const signature = await signerFor(key.alg).sign(key.privateKey, concatBytes(authData, prepared.clientDataHash));
  return {
    kind: 'get',
    id: used.credentialId,
    clientDataJSON: toBase64url(prepared.clientDataJSON),
    authenticatorData: toBase64url(authData),
    signature: toBase64url(signature),
    userHandle: used.userHandle,
    authenticatorAttachment: isPlatform(a) ? 'platform' : 'cross-platform',
    clientExtensionResults: {},
  };
}
