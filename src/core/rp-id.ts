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
 * https://w3c.github.io/webauthn/#sctn-discover-from-external-source step 7.
 */
export function resolveRpId(host: string, rpId: string | undefined): string {
  // The effective domain must be a valid domain: IP addresses are not.
  if (IPV4.test(host) || host.startsWith('[')) {
    throw new CeremonyError('SecurityError', 'WebAuthn is not available on IP-address hosts.');
  }
  if (rpId === undefined) return host;
  if (rpId === host) return rpId;
  if (!isValidDomain(rpId)) throw new CeremonyError('SecurityError', `"${rpId}" is not a valid domain.`);
  if (!host.endsWith('.' + rpId)) {
    throw new CeremonyError('SecurityError', `"${rpId}" is not a registrable domain suffix of "${host}".`);
  }
  // A public suffix (including private ones such as github.io) can't be claimed by any origin.
  if (rpId !== 'localhost' && getPublicSuffix(rpId, { allowPrivateDomains: true }) === rpId) {
    throw new CeremonyError('SecurityError', `"${rpId}" is a public suffix.`);
  }
  // HTML step 4.4, second condition: nor may it sit at or above the host's own public suffix
  // (amazonaws.com from www.example.compute.amazonaws.com, whose public suffix comes from the
  // wildcard rule *.compute.amazonaws.com), even when it is not itself on the list.
  // "localhost" is special-cased as above: *.localhost origins may claim it.
  const hostSuffix = rpId === 'localhost' ? null : getPublicSuffix(host, { allowPrivateDomains: true });
  if (hostSuffix && (hostSuffix === rpId || hostSuffix.endsWith('.' + rpId))) {
    throw new CeremonyError('SecurityError', `"${rpId}" is above the public suffix of "${host}".`);
  }
  return rpId;
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
