/**
 * Developer-mode failure scenarios at the background's edge (src/core/failure-scenario.ts): which
 * ones a waiting request offers its prompt, and whether the prompt's choice is one of them.
 *
 * Developer mode is read here, from the settings, for every decision that carries a scenario:
 * never taken from the prompt's message, so a prompt page (or anything that can post as one)
 * gets no scenario applied while developer mode is off, whatever it sends.
 */
import { CeremonyError } from '../core/errors.js';
import { chooseScenario, scenarioId, scenariosFor, type FailureScenario, type ScenarioContext } from '../core/failure-scenario.js';
import type { Prepared } from './ceremony.js';
import { developerModeOn } from './ceremony-recorder.js';

function contextOf(work: Prepared): ScenarioContext {
  if (work.op === 'get') return { op: 'get', wantsUserVerification: work.prepared.wantsUserVerification };
  const { wantsUserVerification, acceptedAlgs, attestationFormat } = work.prepared;
  return { op: 'create', wantsUserVerification, acceptedAlgs, attestationFormat };
}

/** The scenario ids the prompt may offer for `work` (shown only in developer mode). */
export function offeredScenarios(work: Prepared): string[] {
  return scenariosFor(contextOf(work)).map(scenarioId);
}

/**
 * The scenario a `consent:decide` names (`raw`; undefined: none), checked at the edge: developer
 * mode must be on now, and the scenario one this request offers. Otherwise an error, and the
 * request stays waiting as it was (nothing is signed, nothing applied).
 */
export async function scenarioOfDecision(work: Prepared, raw: unknown): Promise<FailureScenario | null> {
  if (raw === undefined) return null;
  if (!(await developerModeOn().catch(() => false))) {
    throw new CeremonyError('NotAllowedError', 'Failure scenarios are available only in developer mode.');
  }
  return chooseScenario(raw, scenariosFor(contextOf(work)));
}
