/**
 * The authenticator's side of a sign-in once the person has chosen a passkey, shared by the
 * prompt (./ceremony.ts) and the autofill list (./autofill.ts).
 * https://w3c.github.io/webauthn/#sctn-op-get-assertion steps 9–11
 */
import type { Consent } from '../core/make-credential.js';
import { getAssertion } from '../core/get-assertion.js';
import { largeBlobToWrite } from '../core/extension-results.js';
import type { PreparedGet } from '../core/prepare-get.js';
import type { AssertionResult } from '../core/results.js';
import type { Vault } from '../vault/vault.js';

export async function signInWith(vault: Vault, prepared: PreparedGet, credentialId: Uint8Array, consent: Consent): Promise<AssertionResult> {
  // The counter is advanced and persisted before the signature leaves, and a largeBlob write
  // lands in that same write (https://w3c.github.io/webauthn/#sctn-large-blob-extension step 4).
  const blob = largeBlobToWrite(prepared.extensions);
  // The signature is computed while that write commits, and released only after it has.
  const { value } = await vault.useRecord(prepared.rpId, credentialId, Date.now(), blob ? { largeBlob: blob } : {}, (record) =>
    getAssertion(prepared, record, consent, blob !== null),
  );
  return value;
}
