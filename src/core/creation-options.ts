/**
 * PublicKeyCredentialCreationOptions from the page's snapshot, converted as Web IDL would.
 * https://w3c.github.io/webauthn/#dictdef-publickeycredentialcreationoptions
 */
import { CeremonyError } from './errors.js';
import { toCredentialDescriptor, type CredentialDescriptor } from './credential-descriptor.js';
import {
  boolean,
  dictionary,
  domString,
  requiredBufferSource,
  requiredDictionary,
  requiredDomString,
  requiredLong,
  sequence,
  unsignedLong,
} from './webidl.js';
import type { WireObject, WireValue } from './wire-value.js';

export interface CredentialParameter {
  type: string;
  alg: number;
}

export interface CreationOptions {
  rp: { id?: string; name: string };
  user: { id: Uint8Array; name: string; displayName: string };
  challenge: Uint8Array;
  pubKeyCredParams: CredentialParameter[];
  timeout?: number;
  excludeCredentials: CredentialDescriptor[];
  authenticatorSelection: {
    authenticatorAttachment?: string;
    residentKey?: string;
    requireResidentKey: boolean;
    userVerification: string;
  };
  hints: string[];
  attestation: string;
  extensions: WireObject;
}

/** Converts `options.publicKey`; every failure is a TypeError. */
export function toCreationOptions(insecure: WireValue | undefined): CreationOptions {
  const dict = requiredDictionary(insecure, 'publicKey');

  const rpDict = requiredDictionary(dict.rp, 'publicKey.rp');
  const rpId = domString(rpDict.id, 'publicKey.rp.id');
  const rp = { name: requiredDomString(rpDict.name, 'publicKey.rp.name'), ...(rpId === undefined ? {} : { id: rpId }) };

  const userDict = requiredDictionary(dict.user, 'publicKey.user');
  const user = {
    displayName: requiredDomString(userDict.displayName, 'publicKey.user.displayName'),
    id: requiredBufferSource(userDict.id, 'publicKey.user.id'),
    name: requiredDomString(userDict.name, 'publicKey.user.name'),
  };

  const challenge = requiredBufferSource(dict.challenge, 'publicKey.challenge');

  const pubKeyCredParams = sequence(dict.pubKeyCredParams, 'publicKey.pubKeyCredParams', (v, p) => {
    const param = dictionary(v, p);
    return { alg: requiredLong(param.alg, `${p}.alg`), type: requiredDomString(param.type, `${p}.type`) };
  });
  if (pubKeyCredParams === undefined) throw requiredError('publicKey.pubKeyCredParams');

  const selection = dictionary(dict.authenticatorSelection, 'publicKey.authenticatorSelection');
  const attachment = domString(selection.authenticatorAttachment, 'authenticatorAttachment');
  const residentKey = domString(selection.residentKey, 'residentKey');

  const timeout = unsignedLong(dict.timeout, 'publicKey.timeout');
  return {
    rp,
    user,
    challenge,
    pubKeyCredParams,
    ...(timeout === undefined ? {} : { timeout }),
    excludeCredentials: sequence(dict.excludeCredentials, 'publicKey.excludeCredentials', toCredentialDescriptor) ?? [],
    authenticatorSelection: {
      ...(attachment === undefined ? {} : { authenticatorAttachment: attachment }),
      ...(residentKey === undefined ? {} : { residentKey }),
      requireResidentKey: boolean(selection.requireResidentKey, false),
      userVerification: domString(selection.userVerification, 'userVerification') ?? 'preferred',
    },
    hints: sequence(dict.hints, 'publicKey.hints', (v, p) => domString(v, p) ?? '') ?? [],
    attestation: domString(dict.attestation, 'publicKey.attestation') ?? 'none',
    extensions: dictionary(dict.extensions, 'publicKey.extensions'),
  };
}

function requiredError(path: string): CeremonyError {
  return new CeremonyError('TypeError', `${path} is required.`);
}
