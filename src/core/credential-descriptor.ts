/**
 * PublicKeyCredentialDescriptor: https://w3c.github.io/webauthn/#dictdef-publickeycredentialdescriptor
 */
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
