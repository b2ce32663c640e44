/**
 * The client side of navigator.credentials.create() up to the authenticator call:
 * https://w3c.github.io/webauthn/#sctn-createCredential
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { attestationFormatFor, type AttestationFormat } from './attestation-conveyance.js';
import type { Caller } from './caller.js';
import { serializeClientData } from './client-data.js';
import { COSE_ALG_ES256 } from './cose-key.js';
import { SUPPORTED_ALGORITHMS } from './signers.js';
import type { CreationOptions } from './creation-options.js';
import { CeremonyError } from './errors.js';
import { checkCreationExtensions, toCreationExtensions, type CreationExtensions } from './extension-inputs.js';
import { resolveRpId } from './rp-id.js';
import { checkCredentialListSize } from './credential-descriptor.js';
import { clampTimeout } from './timeout.js';
import { truncateName } from './truncate-name.js';
import { utf8 } from './bytes.js';

export { SUPPORTED_ALGORITHMS };

export interface PreparedCreate {
  rpId: string;
  rpName: string;
  rpIdHash: Uint8Array;
  user: CreationOptions['user'];
  alg: number;
  clientDataJSON: Uint8Array;
  clientDataHash: Uint8Array;
  timeoutMs: number;
  /** the relying party asked for user verification (required or preferred) */
  wantsUserVerification: boolean;
  requireUserVerification: boolean;
  excludeCredentialIds: Uint8Array[];
  /** the attestation statement format to return (from `attestation`) */
  attestationFormat: AttestationFormat;
  /** the client extensions Passkeep implements, converted and checked */
  extensions: CreationExtensions;
  caller: Caller;
}

export function prepareCreate(options: CreationOptions, caller: Caller): PreparedCreate {
  // Step 2 (cross-origin frames and the permissions policy) is checked by the caller:
  // src/background/frame-policy.ts.
  // Web IDL conversion of the extension members Passkeep reads (TypeError, as the bindings throw
  // before the algorithm starts).
  const extensions = toCreationExtensions(options.extensions);
  // Chromium's bound on the list (the spec sets none; ./limits.ts), before any work on it.
  checkCredentialListSize(options.excludeCredentials, 'excludeCredentials');
  // Step 4: timeout.
  const timeoutMs = clampTimeout(options.timeout);
  // Step 5: user.id is 1 to 64 bytes.
  if (options.user.id.length < 1 || options.user.id.length > 64) {
    throw new CeremonyError('TypeError', 'publicKey.user.id must be between 1 and 64 bytes.');
  }
  // Steps 6–8: the RP ID must be the caller's effective domain or a registrable suffix of it.
  const rpId = resolveRpId(caller.host, options.rp.id);
  // Step 10: an empty list means the spec's default, ES256 then RS256, of which ES256 wins.
  // Otherwise the relying party's order of preference decides: the first supported entry of
  // type "public-key" (entries of other types are skipped, not errors).
  let alg: number | undefined;
  if (options.pubKeyCredParams.length === 0) {
    alg = COSE_ALG_ES256;
  } else {
    for (const param of options.pubKeyCredParams) {
      if (param.type !== 'public-key') continue;
      if (SUPPORTED_ALGORITHMS.includes(param.alg)) {
        alg = param.alg;
        break;
      }
    }
  }
  if (alg === undefined) {
    throw new CeremonyError('NotSupportedError', 'None of the requested algorithms is supported (Passkeep offers ES256, EdDSA and RS256).');
  }
  // https://w3c.github.io/webauthn/#sctn-createCredential: client extension processing (the
  // checks that reject the call; the outputs come from the authenticator step).
  checkCreationExtensions(extensions);
  // Steps 13–14: the client data, built here from the browser-reported origin.
  const clientDataJSON = serializeClientData({
    type: 'webauthn.create',
    challenge: options.challenge,
    origin: caller.origin,
    crossOrigin: !caller.sameOriginWithAncestors,
    topOrigin: caller.topOrigin,
  });
  const uv = options.authenticatorSelection.userVerification;
  return {
    rpId,
    // https://w3c.github.io/webauthn/#sctn-strings-truncation: what is stored and shown.
    rpName: truncateName(options.rp.name),
    rpIdHash: sha256(utf8(rpId)),
    user: { id: options.user.id, name: truncateName(options.user.name), displayName: truncateName(options.user.displayName) },
    alg,
    clientDataJSON,
    clientDataHash: sha256(clientDataJSON),
    timeoutMs,
    wantsUserVerification: uv !== 'discouraged',
    requireUserVerification: uv === 'required',
    excludeCredentialIds: options.excludeCredentials.filter((d) => d.type === 'public-key').map((d) => d.id),
    attestationFormat: attestationFormatFor(options.attestation),
    extensions,
    caller,
  };
}
