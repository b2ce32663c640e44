/**
 * A get()'s signatures made ready while the person reads the prompt, so that approving answers
 * the page without a vault write or a signature in between (README "Benchmarks").
 *
 * The prompt ignores approve for a second after it appears (SECURITY.md case 26), and that
 * second is spent here: for each account the prompt offers, the signature counter is advanced
 * and persisted (../vault/record-store.ts `reserve`), and the assertion signed with the flags the
 * approval will give if the person approves as the prompt asks: UP, and UV exactly when the
 * prompt asks for the PIN. Nothing made here leaves the background before the click: the
 * signature waits in the session, and at the click ../core/get-assertion.ts uses it only if the
 * authenticator data computed then, from the consent then, is byte for byte the one signed
 * (otherwise it signs again), and ../vault/record-store.ts `useReserved` only if the stored
 * passkey is still exactly what the reservation wrote (otherwise the ordinary path advances the
 * counter again). A declined prompt leaves its counters one higher, which the spec allows.
 */
import { toBase64url } from '../core/base64url.js';
import { largeBlobToWrite } from '../core/extension-results.js';
import { assertionAuthData, signAssertion, type SignedAhead } from '../core/get-assertion.js';
import type { PasskeyRecord } from '../core/passkey-record.js';
import type { PreparedGet } from '../core/prepare-get.js';
import type { Reservation } from '../vault/record-store.js';
import type { Vault } from '../vault/vault.js';

/** One account's reserved counter and the signature made with it. */
export interface ReadySignature extends SignedAhead {
  reservation: Reservation;
}

/**
 * How long after the prompt has its view the work starts: after its first frame, in the usual
 * case, so that the write and the signatures do not compete with it for the CPU, and well inside
 * the second approve waits (popup/consent/approve-arming.ts ARMING_DELAY_MS). A click that comes
 * before the work is done waits for it; one that comes before it started takes the ordinary path.
 */
export const SIGN_AHEAD_AFTER_VIEW_MS = 250;

/** Accounts prepared per prompt at most: one write and one signature each, for a typical list. */
export const SIGN_AHEAD_MAX = 4;

/**
 * The offered accounts' ready signatures, by base64url credential id. None when the request
 * writes a largeBlob (that write must land with the counter, at the click) or when more
 * accounts are offered than SIGN_AHEAD_MAX (the person's choice is then the one to wait for).
 */
export async function signAhead(vault: Vault, prepared: PreparedGet, offered: readonly PasskeyRecord[], userVerified: boolean): Promise<Map<string, ReadySignature>> {
  const ready = new Map<string, ReadySignature>();
  if (largeBlobToWrite(prepared.extensions) !== null || offered.length > SIGN_AHEAD_MAX) return ready;
  const consent = { userPresent: true as const, userVerified };
  for (const { credentialId } of offered) {
    const reservation = await vault.reserveUse(prepared.rpId, credentialId);
    if (!reservation) continue;
    const authData = assertionAuthData(prepared, reservation.record, consent);
    ready.set(toBase64url(credentialId), { reservation, authData, signature: await signAssertion(prepared, reservation.record, authData) });
  }
  return ready;
}
