/**
 * The authenticator's side of a sign-in once the person has chosen a passkey, shared by the
 * prompt (./ceremony.ts) and the autofill list (./autofill.ts).
 * https://w3c.github.io/webauthn/#sctn-op-get-assertion steps 9–11
 */
import { CeremonyError } from '../core/errors.js';
import type { FailureScenario } from '../core/failure-scenario.js';
import type { Consent } from '../core/make-credential.js';
import { getAssertion } from '../core/get-assertion.js';
import { largeBlobToWrite } from '../core/extension-results.js';
import type { PreparedGet } from '../core/prepare-get.js';
import type { AssertionResult } from '../core/results.js';
import type { Vault } from '../vault/vault.js';
import type { ReadySignature } from './sign-ahead.js';

/**
 * `scenario`: a developer-mode failure scenario the prompt's person chose (never `counter-back`:
 * see below). `ready`: the chosen passkey's counter reserved and signature made while the prompt
 * was open (./sign-ahead.ts). When the passkey is still as reserved, the assertion leaves with no
 * write in between: the counter it carries is already durable. The last-used time is then
 * written after the answer, which a crash can lose (the popup's order by recency is all it feeds).
 */
export async function signInWith(
  vault: Vault,
  prepared: PreparedGet,
  credentialId: Uint8Array,
  consent: Consent,
  scenario: FailureScenario | null = null,
  ready: ReadySignature | null = null,
): Promise<AssertionResult> {
  const now = Date.now();
  // The counter is advanced and persisted before the signature leaves, and a largeBlob write
  // lands in that same write (https://w3c.github.io/webauthn/#sctn-large-blob-extension step 4).
  const blob = largeBlobToWrite(prepared.extensions);
  if (ready && blob === null && scenario === null) {
    const held = await vault.useReserved(ready.reservation, (record) => getAssertion(prepared, record, consent, false, null, ready));
    if (held) {
      // On a later task: the caller answers the page first.
      setTimeout(() => void vault.modify(prepared.rpId, credentialId, (r) => ({ ...r, lastUsedAt: now })).catch(() => undefined), 0);
      return held.value;
    }
  }
  // The signature is computed while that write commits, and released only after it has.
  const { value } = await vault.useRecord(prepared.rpId, credentialId, now, blob ? { largeBlob: blob } : {}, (record) =>
    getAssertion(prepared, record, consent, blob !== null, scenario),
  );
  return value;
}

/**
 * The `counter-back` failure scenario (developer mode): an assertion whose counter is one below
 * the last one the passkey reported, as a cloned authenticator's would be. It writes nothing:
 * the stored counter neither goes back nor advances, and no largeBlob is written (its output
 * says `written: false`), so the next ordinary sign-in reports a counter above every one the
 * relying party has seen, and the stored counter never goes backward (SECURITY.md).
 */
export async function signInCountingBack(vault: Vault, prepared: PreparedGet, credentialId: Uint8Array, consent: Consent): Promise<AssertionResult> {
  const record = await vault.findById(prepared.rpId, credentialId);
  if (!record) throw new CeremonyError('NotAllowedError', 'The passkey is no longer in the vault.');
  return getAssertion(prepared, record, consent, false, { kind: 'counter-back' });
}
