/**
 * A failure scenario's name (src/core/failure-scenario.ts), as the prompt offers it and the
 * inspector marks it. An id the pages do not know is shown as it is.
 */
import { parseScenarioId } from '../../src/core/failure-scenario';
import { algName } from '../ui/alg-name';
import type { Translate } from './translate';

export function scenarioLabel(t: Translate, id: string): string {
  const scenario = parseScenarioId(id);
  switch (scenario?.kind) {
    case 'uv-false':
      return t('scenarioUvFalse');
    case 'up-false':
      return t('scenarioUpFalse');
    case 'alg':
      return t('scenarioAlg', [`${algName(scenario.alg)} (COSE ${scenario.alg})`]);
    case 'attestation':
      return t(scenario.format === 'packed' ? 'scenarioAttestationPacked' : 'scenarioAttestationNone');
    case 'flags':
      return !scenario.be && scenario.bs ? t('scenarioFlagsInvalid') : t('scenarioFlags', [String(Number(scenario.be)), String(Number(scenario.bs))]);
    case 'bad-signature':
      return t('scenarioBadSignature');
    case 'counter-back':
      return t('scenarioCounterBack');
    case 'timeout':
      return t('scenarioTimeout');
    default:
      return id;
  }
}
