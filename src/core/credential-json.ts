/**
 * A ceremony's result in the JSON form of `PublicKeyCredential.toJSON()`
 * (https://w3c.github.io/webauthn/#dom-publickeycredential-tojson: RegistrationResponseJSON,
 * AuthenticationResponseJSON), which relying-party libraries take as they are
 * (@simplewebauthn/server's verify*Response among them). The wire result already holds every
 * byte member as base64url; client extension outputs lose their byte tags.
 */
import { jsonOf, type Json } from './json-of-wire.js';
import type { CeremonyResult } from './results.js';

export function credentialJson(result: CeremonyResult): { [key: string]: Json } {
  const common = {
    id: result.id,
    rawId: result.id,
    type: 'public-key',
    authenticatorAttachment: result.authenticatorAttachment,
    clientExtensionResults: jsonOf(result.clientExtensionResults),
  };
  if (result.kind === 'create') {
    return {
      ...common,
      response: {
        clientDataJSON: result.clientDataJSON,
        authenticatorData: result.authenticatorData,
        transports: result.transports,
        publicKey: result.publicKey,
        publicKeyAlgorithm: result.publicKeyAlgorithm,
        attestationObject: result.attestationObject,
      },
    };
  }
  return {
    ...common,
    response: {
      clientDataJSON: result.clientDataJSON,
      authenticatorData: result.authenticatorData,
      signature: result.signature,
      ...(result.userHandle === null ? {} : { userHandle: result.userHandle }),
    },
  };
}
