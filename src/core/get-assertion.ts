/**
 * authenticatorGetAssertion for one chosen passkey.
 * https://w3c.github.io/webauthn/#sctn-op-get-assertion
 */
import { encodeAuthenticatorData } from './authenticator-data.js';
import { toBase64url } from './base64url.js';
import { concatBytes, equalBytes } from './bytes.js';
import { assertionExtensionResults } from './extension-results.js';
import type { Consent } from './make-credential.js';
import type { PasskeyRecord } from './passkey-record.js';
import type { PreparedGet } from './prepare-get.js';
import type { AssertionResult } from './results.js';
import type { FailureScenario } from './failure-scenario.js';
import { authDataUnder, consentUnder, signatureUnder, signCountUnder } from './scenario-answer.js';
import { signerFor } from './signers.js';

/** A signature made earlier over `authData || clientDataHash` (../background/sign-ahead.ts). */
export interface SignedAhead {
  authData: Uint8Array;
  signature: Uint8Array;
}

/** https://w3c.github.io/webauthn/#sctn-op-get-assertion step 9: the assertion's authenticator data. */
export function assertionAuthData(prepared: PreparedGet, record: PasskeyRecord, consent: Consent): Uint8Array {
  return encodeAuthenticatorData({
    rpIdHash: prepared.rpIdHash,
    userPresent: consent.userPresent,
    userVerified: consent.userVerified,
    backupEligible: true,
    backedUp: record.backedUp,
    signCount: record.signCount,
  });
}

/** Step 11: the signature covers authenticatorData || clientDataHash, with the credential's own algorithm. */
export function signAssertion(prepared: PreparedGet, record: PasskeyRecord, authData: Uint8Array): Promise<Uint8Array> {
  return signerFor(record.alg).sign(record.privateKey, concatBytes(authData, prepared.clientDataHash));
}

/**
 * Signs with `record`, whose `signCount` the caller has already advanced and persisted
 * (the counter must be durable before any signature leaves; see SECURITY.md), together with
 * any largeBlob write (`largeBlobWritten`: see extension-results.ts largeBlobToWrite).
 *
 * `scenario`: a developer-mode failure scenario the person chose (./failure-scenario.ts), or
 * null. Under `counter-back` the caller passes the record as stored, not advanced, and nothing is
 * written: the assertion reports one below the last counter (./scenario-answer.ts).
 *
 * `ahead`: a signature made before the person decided. It is used only without a scenario, and
 * only when its authenticator data is byte for byte the data computed here, now, from this
 * consent: every algorithm Passkeep signs with is deterministic (RFC 6979 ECDSA, Ed25519,
 * RSASSA-PKCS1-v1_5), so it is then the very signature this call would make, and the flags it
 * covers are the true ones.
 */
export async function getAssertion(
  prepared: PreparedGet,
  record: PasskeyRecord,
  trueConsent: Consent,
  largeBlobWritten = false,
  scenario: FailureScenario | null = null,
  ahead: SignedAhead | null = null,
): Promise<AssertionResult> {
  const consent = consentUnder(trueConsent, scenario);
  const authData = authDataUnder(assertionAuthData(prepared, { ...record, signCount: signCountUnder(record.signCount, scenario) }, consent), scenario);
  const signed = ahead && scenario === null && equalBytes(ahead.authData, authData) ? ahead.signature : await signAssertion(prepared, record, authData);
  const signature = signatureUnder(signed, scenario);
  return {
    kind: 'get',
    id: toBase64url(record.credentialId),
    clientDataJSON: toBase64url(prepared.clientDataJSON),
    authenticatorData: toBase64url(authData),
    signature: toBase64url(signature),
    // Discoverable credentials always return the user handle.
    userHandle: toBase64url(record.userId),
    authenticatorAttachment: 'platform',
    clientExtensionResults: assertionExtensionResults(prepared.extensions, record, consent.userVerified, largeBlobWritten),
  };
}
