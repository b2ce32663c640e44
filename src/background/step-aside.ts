/**
 * The step-aside decision for one request (../core/step-aside.ts), fed with what only the
 * background knows: the vault's state and, when it is unlocked, which passkeys match. Also the
 * rate limit of immediate mediation (./immediate-rate-limit.ts), which comes first so that a
 * rate-limited request costs no vault work.
 */
import type { CreationOptions } from '../core/creation-options.js';
import { CeremonyError } from '../core/errors.js';
import type { PasskeyRecord } from '../core/passkey-record.js';
import type { PreparedGet } from '../core/prepare-get.js';
import type { RequestOptions } from '../core/request-options.js';
import { stepAside, type StepAside, type StepAsideRequest } from '../core/step-aside.js';
import type { Vault } from '../vault/vault.js';
import { ImmediateRateLimit } from './immediate-rate-limit.js';
import { candidates } from './sign-in-candidates.js';

const immediateLimit = new ImmediateRateLimit();

export type StepAsideWork =
  | { op: 'create'; options: CreationOptions }
  | { op: 'get'; options: RequestOptions; prepared: PreparedGet; topOrigin: string };

/** What the request's options say, for the pure decision. */
export function stepAsideRequest(work: StepAsideWork, mediation: string | null): StepAsideRequest {
  return work.op === 'create'
    ? { op: 'create', mediation, hints: work.options.hints, attachment: work.options.authenticatorSelection.authenticatorAttachment }
    : { op: 'get', mediation, hints: work.options.hints, allowTransports: work.options.allowCredentials.map((d) => d.transports) };
}

/**
 * Decides before any prompt. With an unlocked vault a get()'s candidates are read here; they
 * come back with the decision, so that the prompt's first view does not decrypt them again.
 */
export async function decideStepAside(
  vault: Vault,
  work: StepAsideWork,
  mediation: string | null,
  now: number,
): Promise<{ verdict: StepAside; found: PasskeyRecord[] | null }> {
  if (work.op === 'get' && mediation === 'immediate' && !immediateLimit.take(work.topOrigin, now)) {
    throw new CeremonyError('NotAllowedError', 'Too many immediate requests; try again later.');
  }
  const state = await vault.state();
  const found = work.op === 'get' && state === 'unlocked' ? await candidates(vault, work.prepared) : null;
  return { verdict: stepAside(stepAsideRequest(work, mediation), { state, matches: found ? found.length : null }), found };
}
