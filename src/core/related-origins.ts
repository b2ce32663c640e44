/**
 * Related origin requests: the pure half of
 * https://w3c.github.io/webauthn/#sctn-related-origins and its
 * https://w3c.github.io/webauthn/#sctn-validating-relation-origin (the "related origins
 * validation procedure"). The fetch and the cache live in src/background/related-origins-fetch.ts.
 *
 * Decisions where the spec leaves room, or where browsers differ:
 *  - maxLabels is 5, the spec's recommended value and what Chromium and Firefox use;
 *  - the registrable domain comes from the public suffix list with its private section and its
 *    default rule (tldts), as the URL standard's "registrable domain" does, and as
 *    src/core/rp-id.ts does; so `shop.localhost` has the label `shop`. Chromium leaves out hosts
 *    under suffixes the list does not know (`.localhost`, `.test`); Firefox and the spec do not;
 *  - a body that is not a JSON object, or whose `origins` is missing, not an array, or holds
 *    anything but strings, is refused as a whole (spec step 2.3; Chromium does the same).
 */
import { parse } from 'tldts';

/** https://w3c.github.io/webauthn/#sctn-validating-relation-origin step 1: "maxLabels". */
export const MAX_RELATED_LABELS = 5;

/**
 * https://w3c.github.io/webauthn/#registrable-origin-label: the first label of the registrable
 * domain of `host`, or null when it has none (an IP address, a public suffix itself).
 */
export function registrableOriginLabel(host: string): string | null {
  const { domain, isIp } = parse(host, { allowPrivateDomains: true });
  if (isIp || !domain) return null;
  const label = domain.slice(0, domain.indexOf('.'));
  return label === '' ? null : label;
}

/**
 * https://w3c.github.io/webauthn/#sctn-validating-relation-origin step 2, sub-steps 2–4: the
 * `origins` list of a `.well-known/webauthn` body, or null when the body is not what the spec
 * requires (which ends in SecurityError).
 */
export function parseWellKnownOrigins(body: string): string[] | null {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  // Step 2.2: "not a valid JSON object".
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return null;
  const origins = (json as { origins?: unknown }).origins;
  // Step 2.3: "missing, or is not an array of strings".
  if (!Array.isArray(origins) || !origins.every((item): item is string => typeof item === 'string')) return null;
  return origins;
}

/**
 * The origins of `originsList` that the validation procedure can ever accept: step 4 run once,
 * for no caller in particular.
 *
 * Why this equals running the procedure for each caller: until the procedure returns, the set of
 * labels it has seen depends only on the items before the current one, never on the caller; so
 * a caller is accepted exactly when some item with the caller's origin passes the label check at
 * its place in the list. Computing that set once lets the cache keep one answer per RP ID.
 */
export function acceptedRelatedOrigins(originsList: readonly string[], maxLabels = MAX_RELATED_LABELS): Set<string> {
  const labelsSeen = new Set<string>(); // step 3
  const accepted = new Set<string>();
  for (const item of originsList) {
    // Step 4.1: the URL parser; failure → continue.
    let url: URL;
    try {
      url = new URL(item);
    } catch {
      continue;
    }
    // Step 4.2: the effective domain; an opaque origin (non-special schemes) has none.
    if (url.origin === 'null' || url.hostname === '') continue;
    // Steps 4.3–4.4: the registrable origin label; none → continue.
    const label = registrableOriginLabel(url.hostname);
    if (label === null) continue;
    // Step 4.5: once maxLabels labels are seen, an item with a new label is skipped.
    if (labelsSeen.size >= maxLabels && !labelsSeen.has(label)) continue;
    // Step 4.6 ("callerOrigin and url are same origin" → true), for every caller at once.
    accepted.add(url.origin);
    // Step 4.7.
    if (labelsSeen.size < maxLabels) labelsSeen.add(label);
  }
  return accepted;
}

/**
 * https://w3c.github.io/webauthn/#sctn-validating-relation-origin steps 3–5: whether
 * `callerOrigin` (a serialized http(s) origin) is among the related origins `originsList` names.
 */
export function isRelatedOrigin(callerOrigin: string, originsList: readonly string[], maxLabels = MAX_RELATED_LABELS): boolean {
  return acceptedRelatedOrigins(originsList, maxLabels).has(callerOrigin);
}
