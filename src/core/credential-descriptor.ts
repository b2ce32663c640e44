/**
 * PublicKeyCredentialDescriptor: https://w3c.github.io/webauthn/#dictdef-publickeycredentialdescriptor
 */
import { CeremonyError } from './errors.js';
import { MAX_CREDENTIAL_LIST, SIZE_ERROR } from './limits.js';
import { dictionary, domString, requiredBufferSource, requiredDomString, sequence } from './webidl.js';
import type { WireValue } from './wire-value.js';

export interface CredentialDescriptor {
  type: string;
  id: Uint8Array;
  transports?: string[];
}

export function toCredentialDescriptor(value: WireValue, path: string): CredentialDescriptor {
  const dict = dictionary(value, path);
  const id = requiredBufferSource(dict.id, `${path}.id`);
  const transports = sequence(dict.transports, `${path}.transports`, (v, p) => domString(v, p) ?? '');
  const type = requiredDomString(dict.type, `${path}.type`);
  return transports ? { type, id, transports } : { type, id };
}

/**
 * allowCredentials / excludeCredentials hold at most MAX_CREDENTIAL_LIST descriptors, checked as
 * Chromium checks it: after Web IDL conversion, before the algorithm uses the list (the spec is
 * silent; see ./limits.ts). Every later use of the list is then bounded as well.
 */
export function checkCredentialListSize(list: readonly CredentialDescriptor[], member: 'allowCredentials' | 'excludeCredentials'): void {
  if (list.length > MAX_CREDENTIAL_LIST) {
    throw new CeremonyError(SIZE_ERROR, `The \`${member}\` attribute exceeds the maximum allowed size (${MAX_CREDENTIAL_LIST}).`);
  }
}
