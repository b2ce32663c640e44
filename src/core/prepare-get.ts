/**
 * The client side of navigator.credentials.get() up to the authenticator call:
 * https://w3c.github.io/webauthn/#sctn-discover-from-external-source
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8 } from './bytes.js';
import type { Caller } from './caller.js';
import { serializeClientData } from './client-data.js';
import { CeremonyError } from './errors.js';
import { checkRequestExtensions, toRequestExtensions, type RequestExtensions } from './extension-inputs.js';
import type { RequestOptions } from './request-options.js';
import { resolveRpId } from './rp-id.js';
import { checkCredentialListSize } from './credential-descriptor.js';
import { clampTimeout } from './timeout.js';

export interface PreparedGet {
  rpId: string;
  rpIdHash: Uint8Array;
  clientDataJSON: Uint8Array;
  clientDataHash: Uint8Array;
  timeoutMs: number;
  wantsUserVerification: boolean;
  requireUserVerification: boolean;
  /** empty: any discoverable passkey of the RP, unless `allowListIgnored` */
  allowCredentialIds: Uint8Array[];
  /**
   * allowCredentials was not empty but every descriptor had a type the client ignores: no
   * passkey is eligible, which is not the same as an empty list
   * (https://w3c.github.io/webauthn/#dom-publickeycredentialdescriptor-type note, w3c/webauthn#1966).
   */
  allowListIgnored: boolean;
  /** the client extensions Passkeep implements, converted and checked */
  extensions: RequestExtensions;
  caller: Caller;
}

/**
 * `relatedRpId`: an RP ID the related origins validation procedure accepted for this caller
 * (step 7, https://w3c.github.io/webauthn/#sctn-validating-relation-origin), or null.
 */
export function prepareGet(options: RequestOptions, caller: Caller, relatedRpId: string | null = null): PreparedGet {
  const extensions = toRequestExtensions(options.extensions);
  // Step 2 (cross-origin frames and the permissions policy): src/background/frame-policy.ts.
  // Then Chromium's bound on the list (the spec sets none), before any work that depends on it.
  checkCredentialListSize(options.allowCredentials, 'allowCredentials');
  const timeoutMs = clampTimeout(options.timeout);
  // Steps 6–7: rpId defaults to the effective domain and must be claimable by the caller, or
  // list the caller's origin as related.
  const rpId = resolveRpId(caller.host, options.rpId, relatedRpId);
  // https://w3c.github.io/webauthn/#sctn-discover-from-external-source: client extension
  // processing (the checks that reject the call).
  checkRequestExtensions(extensions, options.allowCredentials.map((d) => d.id));
  const clientDataJSON = serializeClientData({
    type: 'webauthn.get',
    challenge: options.challenge,
    origin: caller.origin,
    crossOrigin: !caller.sameOriginWithAncestors,
    topOrigin: caller.topOrigin,
  });
  // https://w3c.github.io/webauthn/#dom-publickeycredentialdescriptor-type: client platforms
  // ignore descriptors of an unknown type; if that ignores all of them, the request names no
  // eligible credential (#sctn-discover-from-external-source: "allowCredentials is not empty, and
  // no authenticator will become available for any public key credentials therein": the person
  // is told so, and dismissing ends in NotAllowedError), never "any passkey of the RP".
  const allowCredentialIds = options.allowCredentials.filter((d) => d.type === 'public-key').map((d) => d.id);
  return {
    rpId,
    rpIdHash: sha256(utf8(rpId)),
    clientDataJSON,
    clientDataHash: sha256(clientDataJSON),
    timeoutMs,
    wantsUserVerification: options.userVerification !== 'discouraged',
    requireUserVerification: options.userVerification === 'required',
    allowCredentialIds,
    allowListIgnored: options.allowCredentials.length > 0 && allowCredentialIds.length === 0,
    extensions,
    caller,
  };
}
