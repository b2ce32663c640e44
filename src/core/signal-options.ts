/**
 * The Signal API's option dictionaries, converted as Web IDL would, then the methods' own
 * TypeError checks (base64url decoding of Base64URLString members).
 * https://w3c.github.io/webauthn/#sctn-signal-methods
 */
import { fromBase64url } from './base64url.js';
import { CeremonyError } from './errors.js';
import { truncateName } from './truncate-name.js';
import { requiredDictionary, requiredDomString, sequence } from './webidl.js';
import type { WireValue } from './wire-value.js';

export type SignalOptions =
  | { kind: 'unknown'; rpId: string; credentialId: Uint8Array }
  | { kind: 'accepted'; rpId: string; userId: Uint8Array; allAcceptedCredentialIds: Uint8Array[] }
  | { kind: 'details'; rpId: string; userId: Uint8Array; name: string; displayName: string };

function required(value: WireValue | undefined, path: string): WireValue {
  if (value === undefined) throw new CeremonyError('TypeError', `${path} is required.`);
  return value;
}

/** "If the result of base64url decoding … is failure, return a promise rejected with a TypeError." */
function base64url(text: string, path: string): Uint8Array {
  try {
    return fromBase64url(text);
  } catch {
    throw new CeremonyError('TypeError', `${path} is not base64url.`);
  }
}

export function toSignalOptions(kind: unknown, insecure: WireValue | undefined): SignalOptions {
  const dict = requiredDictionary(insecure ?? undefined, 'options');
  // Web IDL conversion first (members in lexicographic order), then the method's steps.
  if (kind === 'unknown') {
    // https://w3c.github.io/webauthn/#dictdef-unknowncredentialoptions
    const credentialId = requiredDomString(dict.credentialId, 'options.credentialId');
    const rpId = requiredDomString(dict.rpId, 'options.rpId');
    return { kind, rpId, credentialId: base64url(credentialId, 'options.credentialId') };
  }
  if (kind === 'accepted') {
    // https://w3c.github.io/webauthn/#dictdef-allacceptedcredentialsoptions
    const ids = sequence(required(dict.allAcceptedCredentialIds, 'options.allAcceptedCredentialIds'), 'options.allAcceptedCredentialIds', (v, p) =>
      requiredDomString(v, p),
    )!;
    const rpId = requiredDomString(dict.rpId, 'options.rpId');
    const userId = requiredDomString(dict.userId, 'options.userId');
    return {
      kind,
      rpId,
      allAcceptedCredentialIds: ids.map((id, i) => base64url(id, `options.allAcceptedCredentialIds[${i}]`)),
      userId: base64url(userId, 'options.userId'),
    };
  }
  if (kind === 'details') {
    // https://w3c.github.io/webauthn/#dictdef-currentuserdetailsoptions
    const displayName = requiredDomString(dict.displayName, 'options.displayName');
    const name = requiredDomString(dict.name, 'options.name');
    const rpId = requiredDomString(dict.rpId, 'options.rpId');
    const userId = requiredDomString(dict.userId, 'options.userId');
    // https://w3c.github.io/webauthn/#sctn-strings-truncation: stored as create() stores them.
    return { kind, rpId, userId: base64url(userId, 'options.userId'), name: truncateName(name), displayName: truncateName(displayName) };
  }
  throw new CeremonyError('NotSupportedError', 'Unknown signal.');
}
