/**
 * Failure scenarios (developer mode only, issue 11 point 3): the person, in the consent prompt,
 * makes this one ceremony answer as a failing or unusual authenticator would, so that a site
 * developer can watch their relying party face it. A scenario is applied once, to the ceremony
 * whose prompt chose it, and only after the person's approve click, like every answer.
 *
 * Which scenarios a ceremony offers is decided here, from the prepared request alone: the prompt
 * shows exactly this list, and the background accepts only a member of it (`chooseScenario`),
 * after checking for itself that developer mode is on (src/background/ceremony.ts).
 *
 * Cancel is not a scenario: the prompt's Cancel button already answers NotAllowedError, as an
 * authenticator the person dismissed does
 * (https://w3c.github.io/webauthn/#sctn-createCredential, "the user cancelled").
 */
import type { AttestationFormat } from './attestation-conveyance.js';
import { CeremonyError } from './errors.js';

export type FailureScenario =
  /** UV=0 although the relying party asked for user verification and the PIN was entered (a lie) */
  | { kind: 'uv-false' }
  /** UP=0 although the person approved (a lie) */
  | { kind: 'up-false' }
  /** create: a key of this algorithm, another from the site's pubKeyCredParams than the one Passkeep prefers */
  | { kind: 'alg'; alg: number }
  /** create: this attestation format instead of the one the site's `attestation` conveys */
  | { kind: 'attestation'; format: AttestationFormat }
  /** these BE/BS flags instead of the true ones (BE=0 with BS=1 is the invalid combination) */
  | { kind: 'flags'; be: boolean; bs: boolean }
  /** the assertion signature (get) or the packed self-attestation signature (create) has a flipped bit */
  | { kind: 'bad-signature' }
  /** get: a signature counter one below the last one the passkey reported; nothing stored changes */
  | { kind: 'counter-back' }
  /** no answer: the prompt closes and the page gets NotAllowedError when its timeout runs out */
  | { kind: 'timeout' };

export type ScenarioKind = FailureScenario['kind'];

/** What a scenario is chosen from: the prepared request's few facts that decide what makes sense. */
export interface ScenarioContext {
  op: 'create' | 'get';
  /** the relying party asked for user verification (preferred or required) */
  wantsUserVerification: boolean;
  /** create: the algorithms of the site's list Passkeep can make, in the site's order (first: the one chosen) */
  acceptedAlgs?: readonly number[];
  /** create: the format the site's `attestation` conveys */
  attestationFormat?: AttestationFormat;
}

const FLAG_COMBINATIONS: readonly { be: boolean; bs: boolean }[] = [
  { be: false, bs: false },
  { be: true, bs: false },
  { be: true, bs: true },
  { be: false, bs: true },
];

/** The scenarios this ceremony offers, in the order the prompt lists them. */
export function scenariosFor(context: ScenarioContext): FailureScenario[] {
  const list: FailureScenario[] = [];
  // "UV=0 though asked": only a relying party that asked can be lied to about it.
  if (context.wantsUserVerification) list.push({ kind: 'uv-false' });
  list.push({ kind: 'up-false' });
  if (context.op === 'create') {
    for (const alg of (context.acceptedAlgs ?? []).slice(1)) list.push({ kind: 'alg', alg });
    list.push({ kind: 'attestation', format: context.attestationFormat === 'packed' ? 'none' : 'packed' });
  }
  for (const flags of FLAG_COMBINATIONS) {
    // A new passkey is truthfully BE=1 BS=0: offering that would change nothing.
    if (context.op === 'create' && flags.be && !flags.bs) continue;
    list.push({ kind: 'flags', ...flags });
  }
  // `none` attestation carries no signature to corrupt.
  if (context.op === 'get' || context.attestationFormat === 'packed') list.push({ kind: 'bad-signature' });
  if (context.op === 'get') list.push({ kind: 'counter-back' });
  list.push({ kind: 'timeout' });
  return list;
}

/** The scenario as one string: the prompt's select value and the inspector's mark. */
export function scenarioId(scenario: FailureScenario): string {
  switch (scenario.kind) {
    case 'alg':
      return `alg:${scenario.alg}`;
    case 'attestation':
      return `attestation:${scenario.format}`;
    case 'flags':
      return `flags:be${Number(scenario.be)}-bs${Number(scenario.bs)}`;
    default:
      return scenario.kind;
  }
}

/** The scenario an id names, or null: for the pages' labels. The background never trusts this alone. */
export function parseScenarioId(id: string): FailureScenario | null {
  const simple: readonly ScenarioKind[] = ['uv-false', 'up-false', 'bad-signature', 'counter-back', 'timeout'];
  if ((simple as readonly string[]).includes(id)) return { kind: id } as FailureScenario;
  const alg = /^alg:(-?\d{1,6})$/.exec(id);
  if (alg) return { kind: 'alg', alg: Number(alg[1]) };
  if (id === 'attestation:none' || id === 'attestation:packed') return { kind: 'attestation', format: id.slice(12) as AttestationFormat };
  const flags = /^flags:be([01])-bs([01])$/.exec(id);
  if (flags) return { kind: 'flags', be: flags[1] === '1', bs: flags[2] === '1' };
  return null;
}

/**
 * The prompt's choice, validated at the edge: a string naming one of `offered`, or a
 * NotSupportedError that names the bad value (a prompt cannot invent a scenario).
 */
export function chooseScenario(raw: unknown, offered: readonly FailureScenario[]): FailureScenario {
  if (typeof raw !== 'string') throw new CeremonyError('TypeError', 'The scenario must be a string.');
  const found = offered.find((s) => scenarioId(s) === raw);
  if (!found) throw new CeremonyError('NotSupportedError', `The scenario "${raw.slice(0, 40)}" is not offered for this request.`);
  return found;
}

/** UV=0 and UP=0 are the two scenarios whose flags lie (SECURITY.md, developer mode). */
export function scenarioLiesAboutPerson(id: string): boolean {
  return id === 'uv-false' || id === 'up-false';
}
