/**
 * PublicKeyCredentialRequestOptions from the page's snapshot, converted as Web IDL would.
 * https://w3c.github.io/webauthn/#dictdef-publickeycredentialrequestoptions
 */
import { toCredentialDescriptor, type CredentialDescriptor } from './credential-descriptor.js';
import { dictionary, domString, requiredBufferSource, requiredDictionary, sequence, unsignedLong } from './webidl.js';
import type { WireObject, WireValue } from './wire-value.js';

export interface RequestOptions {
  challenge: Uint8Array;
  timeout?: number;
  rpId?: string;
  allowCredentials: CredentialDescriptor[];
  userVerification: string;
  hints: string[];
  extensions: WireObject;
}

export function toRequestOptions(insecure: WireValue | undefined): RequestOptions {
  const dict = requiredDictionary(insecure, 'publicKey');
  const allowCredentials = sequence(dict.allowCredentials, 'publicKey.allowCredentials', toCredentialDescriptor) ?? [];
  const challenge = requiredBufferSource(dict.challenge, 'publicKey.challenge');
  const extensions = dictionary(dict.extensions, 'publicKey.extensions');
  const hints = sequence(dict.hints, 'publicKey.hints', (v, p) => domString(v, p) ?? '') ?? [];
  const rpId = domString(dict.rpId, 'publicKey.rpId');
  const timeout = unsignedLong(dict.timeout, 'publicKey.timeout');
  return {
    challenge,
    ...(timeout === undefined ? {} : { timeout }),
    ...(rpId === undefined ? {} : { rpId }),
    allowCredentials,
    userVerification: domString(dict.userVerification, 'publicKey.userVerification') ?? 'preferred',
    hints,
    extensions,
  };
}
