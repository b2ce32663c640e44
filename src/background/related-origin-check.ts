/**
 * The "client supports related origin requests" branch of
 * https://w3c.github.io/webauthn/#sctn-createCredential step 8 and
 * https://w3c.github.io/webauthn/#sctn-discover-from-external-source step 7: when the caller may
 * not claim the RP ID by suffix, the RP ID's `.well-known/webauthn` may still list the caller's
 * origin (./related-origins-fetch.ts). Anything else stays the SecurityError it was.
 */
import { RpIdNotClaimable } from '../core/rp-id.js';
import { RelatedOriginsCache } from './related-origins-fetch.js';

const cache = new RelatedOriginsCache();

/**
 * Runs `prepare` (a prepareCreate/prepareGet call); when it fails only because the caller may
 * not claim the RP ID by suffix, runs the related origins validation procedure for that RP ID
 * and, if it returns true, `prepare` again with that RP ID accepted. So every error the
 * algorithm raises before the RP ID step keeps its place, and every later one comes after the
 * fetch, in the spec's order.
 */
export async function withRelatedOrigins<T>(
  callerOrigin: string,
  prepare: (relatedRpId: string | null) => T,
  origins: RelatedOriginsCache = cache,
): Promise<T> {
  try {
    return prepare(null);
  } catch (error) {
    if (!(error instanceof RpIdNotClaimable)) throw error;
    const accepted = await origins.accepted(error.rpId);
    if (!accepted?.has(callerOrigin)) throw error;
    return prepare(error.rpId);
  }
}
