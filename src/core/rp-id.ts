/**
 * Which relying party identifiers an origin may claim.
 * https://w3c.github.io/webauthn/#rp-id and
 * https://html.spec.whatwg.org/multipage/browsers.html#is-a-registrable-domain-suffix-of-or-is-equal-to
 */
import { getPublicSuffix } from 'tldts';
import { CeremonyError } from './errors.js';

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** The origin of a secure context that may use WebAuthn: https, or http on localhost. */
export function parseCallerOrigin(origin: string): { origin: string; host: string } {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new CeremonyError('NotAllowedError', 'The calling origin is not a valid URL origin.');
  }
  if (url.origin !== origin) throw new CeremonyError('NotAllowedError', 'The calling origin is not serialized canonically.');
  const host = url.hostname;
  const isLocalhost = host === 'localhost' || host.endsWith('.localhost');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLocalhost)) {
    // https://w3c.github.io/webauthn/#sctn-createCredential step: a non-secure context
    // never reaches us; anything else opaque or odd is refused.
    throw new CeremonyError('NotAllowedError', 'WebAuthn needs a secure context.');
  }
  return { origin, host };
}

/**
 * Validates `rpId` (or derives the default) for a caller on `host`.
 * https://w3c.github.io/webauthn/#sctn-createCredential step 8 and
 * https://w3c.github.io/webauthn/#sctn-discover-from-external-source step 7, with
 * https://html.spec.whatwg.org/multipage/browsers.html#is-a-registrable-domain-suffix-of-or-is-equal-to
 *
 * Decisions (matching Chromium's OriginIsAllowedToClaimRelyingPartyId and url::DomainIs,
 * which compare the claimed RP ID byte for byte with the canonical host, and on failure
 * fall back to related origin requests):
 *  - the RP ID is not run through the host parser: only its canonical spelling (lower-case
 *    ASCII, punycode) is accepted, since relying parties hash it byte for byte into rpIdHash;
 *    `Example.com` is a SecurityError, as in Chrome;
 *  - an RP ID with a trailing dot is a SecurityError; a caller host with a trailing dot
 *    (`https://example.com.`) may claim the same name without it, as url::DomainIs allows;
 *  - `localhost` is its own public suffix, so `a.localhost` may not claim `localhost`;
 *  - a valid domain the caller may not claim by suffix is an RpIdNotClaimable SecurityError, which
 *    the background may lift by the related origins validation procedure
 *    (https://w3c.github.io/webauthn/#sctn-createCredential step 8's "client supports related
 *    origin requests" branch, ../background/related-origin-check.ts); `relatedRpId` is an RP ID
 *    that procedure accepted for this caller's origin.
 */
export function resolveRpId(host: string, rpId: string | undefined, relatedRpId: string | null = null): string {
  // The effective domain must be a domain: IP addresses are not.
  if (IPV4.test(host) || host.startsWith('[')) {
    throw new CeremonyError('SecurityError', 'WebAuthn is not available on IP-address hosts.');
  }
  if (rpId === undefined) return host;
  // HTML step 1 ("" → false) and step 4 (equal → true).
  if (rpId === host) return rpId;
  if (!isValidDomain(rpId)) throw new CeremonyError('SecurityError', `"${rpId}" is not a valid domain.`);
  const original = host.endsWith('.') ? host.slice(0, -1) : host;
  if (rpId === original) return rpId;
  // Step 4.2: "." + hostSuffix must match the end of originalHost.
  if (!original.endsWith('.' + rpId)) {
    return notClaimable(rpId, relatedRpId, `"${rpId}" is not a registrable domain suffix of "${host}".`);
  }
  // Step 4.3: hostSuffix is itself a public suffix (private ones such as github.io included),
  // or lies above originalHost's public suffix (www.example.compute.amazonaws.com may not claim
  // amazonaws.com although amazonaws.com is not itself listed).
  const suffixOfRpId = getPublicSuffix(rpId, { allowPrivateDomains: true });
  const suffixOfHost = getPublicSuffix(original, { allowPrivateDomains: true }) ?? '';
  if (suffixOfRpId === rpId || suffixOfHost === rpId || suffixOfHost.endsWith('.' + rpId)) {
    return notClaimable(rpId, relatedRpId, `"${rpId}" is a public suffix for "${host}".`);
  }
  return rpId;
}

/**
 * SecurityError for an RP ID that is a valid domain the caller may not claim by suffix: the one
 * case where https://w3c.github.io/webauthn/#sctn-related-origins may still allow the request.
 */
export class RpIdNotClaimable extends CeremonyError {
  constructor(
    readonly rpId: string,
    message: string,
  ) {
    super('SecurityError', message);
  }
}

/**
 * An RP ID the caller may not claim by suffix: `rpId` when the related origins validation
 * procedure accepted it for this caller (`relatedRpId`), else the SecurityError. A public suffix
 * itself (`com`, `github.io`) is never an RP ID, so it is never related either; a registrable
 * domain (`example.org`, or `amazonaws.com` above the caller's private suffix) may list the
 * caller's origin.
 */
function notClaimable(rpId: string, relatedRpId: string | null, message: string): string {
  if (getPublicSuffix(rpId, { allowPrivateDomains: true }) === rpId) throw new CeremonyError('SecurityError', message);
  // https://w3c.github.io/webauthn/#sctn-validating-relation-origin returned true for this origin.
  if (rpId === relatedRpId) return rpId;
  throw new RpIdNotClaimable(rpId, message);
}

/** A lowercase ASCII host name as the URL parser would serialize it, with no port and no trailing dot. */
function isValidDomain(candidate: string): boolean {
  if (candidate.length === 0 || candidate.length > 253 || candidate.endsWith('.')) return false;
  if (IPV4.test(candidate)) return false;
  let parsed: string;
  try {
    parsed = new URL('https://' + candidate + '/').hostname;
  } catch {
    return false;
  }
  if (parsed !== candidate) return false;
  return candidate.split('.').every((label) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(label));
}
