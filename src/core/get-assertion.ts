/**
 * authenticatorGetAssertion for one chosen passkey.
 * https://w3c.github.io/webauthn/#sctn-op-get-assertion
 */
import { encodeAuthenticatorData } from './authenticator-data.js';
import { toBase64url } from './base64url.js';
import { concatBytes } from './bytes.js';
import { assertionExtensionResults } from './extension-results.js';
import type { Consent } from './make-credential.js';
import type { PasskeyRecord } from './passkey-record.js';
import type { PreparedGet } from './prepare-get.js';
import type { AssertionResult } from './results.js';
import type { FailureScenario } from './failure-scenario.js';
import { authDataUnder, consentUnder, signatureUnder, signCountUnder } from './scenario-answer.js';
import { signerFor } from './signers.js';

/**
 * Signs with `record`, whose `signCount` the caller has already advanced and persisted
 * (the counter must be durable before any signature leaves; see SECURITY.md), together with
 * any largeBlob write (`largeBlobWritten`: see extension-results.ts largeBlobToWrite).
 *
 * `scenario`: a developer-mode failure scenario the person chose (./failure-scenario.ts), or
 * null. Under `counter-back` the caller passes the record as stored, not advanced, and nothing is
 * written: the assertion reports one below the last counter (./scenario-answer.ts).
 */
export async function getAssertion(
  prepared: PreparedGet,
  record: PasskeyRecord,
  trueConsent: Consent,
  largeBlobWritten = false,
  scenario: FailureScenario | null = null,
): Promise<AssertionResult> {
  const consent = consentUnder(trueConsent, scenario);
  const authData = authDataUnder(
    encodeAuthenticatorData({
      rpIdHash: prepared.rpIdHash,
      userPresent: consent.userPresent,
      userVerified: consent.userVerified,
      backupEligible: true,
      backedUp: record.backedUp,
      signCount: signCountUnder(record.signCount, scenario),
    }),
    scenario,
  );
  // Step 11: the signature covers authenticatorData || clientDataHash, with the credential's
  // own algorithm (a record's alg is fixed when it is made).
  const signature = signatureUnder(await signerFor(record.alg).sign(record.privateKey, concatBytes(authData, prepared.clientDataHash)), scenario);
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
