/**
 * The client side of navigator.credentials.create() up to the authenticator call:
 * https://w3c.github.io/webauthn/#sctn-createCredential
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { attestationFormatFor, type AttestationFormat } from './attestation-conveyance.js';
import type { Caller } from './caller.js';
import { serializeClientData } from './client-data.js';
import { COSE_ALG_ES256, COSE_ALG_RS256 } from './cose-key.js';
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
  /**
   * The algorithm of the new key, or null when every entry of a known type names an algorithm
   * Passkeep cannot make: the authenticator's NotSupportedError
   * (https://w3c.github.io/webauthn/#sctn-op-make-cred step 2), which the client turns into
   * NotAllowedError only once the person has dismissed the prompt (#sctn-createCredential: a
   * failing authenticator is not reported to the page, so the site cannot tell what it is).
   */
  alg: number | null;
  /**
   * Every algorithm of the site's list that Passkeep can make, in the site's order (`alg` first):
   * what a developer-mode failure scenario may choose from instead (./failure-scenario.ts).
   */
  acceptedAlgs: number[];
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

/** https://w3c.github.io/webauthn/#sctn-createCredential step 10: ES256, then RS256. */
const DEFAULT_PARAMS: readonly CreationOptions['pubKeyCredParams'][number][] = [
  { type: 'public-key', alg: COSE_ALG_ES256 },
  { type: 'public-key', alg: COSE_ALG_RS256 },
];

/**
 * `relatedRpId`: an RP ID the related origins validation procedure accepted for this caller
 * (step 8, https://w3c.github.io/webauthn/#sctn-validating-relation-origin), or null.
 */
export function prepareCreate(options: CreationOptions, caller: Caller, relatedRpId: string | null = null): PreparedCreate {
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
  // Steps 6–8: the RP ID must be the caller's effective domain or a registrable suffix of it,
  // or list the caller's origin as related.
  const rpId = resolveRpId(caller.host, options.rp.id, relatedRpId);
  // Step 10: an empty list means the spec's defaults, ES256 then RS256, of which ES256 wins.
  // Otherwise entries whose type is unknown are skipped; when none is left,
  // NotSupportedError (SECURITY.md case 3). Of the rest, the relying party's order of preference
  // decides: the first algorithm Passkeep supports.
  const params = options.pubKeyCredParams.length === 0 ? DEFAULT_PARAMS : options.pubKeyCredParams.filter((p) => p.type === 'public-key');
  if (params.length === 0) {
    throw new CeremonyError('NotSupportedError', 'None of the requested credential types is supported.');
  }
  const acceptedAlgs = [...new Set(params.map((p) => p.alg).filter((a) => SUPPORTED_ALGORITHMS.includes(a)))];
  const alg = acceptedAlgs[0] ?? null;
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
    acceptedAlgs,
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
