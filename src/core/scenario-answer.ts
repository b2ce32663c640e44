/**
 * The bytes a failure scenario changes (./failure-scenario.ts), each applied where a failing
 * authenticator would have produced them, so that whatever is signed afterwards covers the
 * changed bytes (an RP sees a consistent lie, not a broken message), except for the scenario
 * whose point is a broken signature.
 */
import { FLAG_BE, FLAG_BS, FLAG_UP } from './authenticator-data.js';
import type { FailureScenario } from './failure-scenario.js';

/** The flags byte's offset: https://w3c.github.io/webauthn/#sctn-authenticator-data (after rpIdHash). */
const FLAGS_OFFSET = 32;

/**
 * UP=0, or the chosen BE/BS bits, in a copy of `authData`; the other flags as they were. UV=0 is
 * not made here: the caller verifies the person as usual and tells the authenticator it did not
 * (`consentUnder`), so that extension outputs bound to UV (prf) follow the flag.
 */
export function authDataUnder(authData: Uint8Array, scenario: FailureScenario | null): Uint8Array {
  if (scenario?.kind !== 'up-false' && scenario?.kind !== 'flags') return authData;
  const out = authData.slice();
  let flags = out[FLAGS_OFFSET]!;
  if (scenario.kind === 'up-false') flags &= ~FLAG_UP;
  else {
    // https://w3c.github.io/webauthn/#sctn-credential-backup: BE=0 with BS=1 is invalid; the
    // scenario may choose it, to see the relying party refuse it.
    flags = scenario.be ? flags | FLAG_BE : flags & ~FLAG_BE;
    flags = scenario.bs ? flags | FLAG_BS : flags & ~FLAG_BS;
  }
  out[FLAGS_OFFSET] = flags;
  return out;
}

/** What the authenticator is told of the person: UV=0 under `uv-false`, the truth otherwise. */
export function consentUnder<C extends { userVerified: boolean }>(consent: C, scenario: FailureScenario | null): C {
  return scenario?.kind === 'uv-false' ? { ...consent, userVerified: false } : consent;
}

/**
 * A copy of the signature with the lowest bit of its last byte flipped: the encoding stays well
 * formed (a DER ECDSA signature keeps its lengths), so a relying party gets as far as verifying it.
 */
export function signatureUnder(signature: Uint8Array, scenario: FailureScenario | null): Uint8Array {
  if (scenario?.kind !== 'bad-signature') return signature;
  const out = signature.slice();
  out[out.length - 1] = out[out.length - 1]! ^ 0x01;
  return out;
}

/**
 * The counter an assertion reports: under `counter-back` one below `lastReported` (the passkey's
 * stored counter, which the caller did not advance), else `next` (already advanced and stored).
 */
export function signCountUnder(next: number, scenario: FailureScenario | null): number {
  if (scenario?.kind !== 'counter-back') return next;
  if (next < 1) throw new RangeError('a counter of 0 has nothing to go back to');
  return next - 1;
}
