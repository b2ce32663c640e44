/**
 * Whether an `<iframe allow="…">` attribute delegates a feature to the frame's document.
 * https://w3c.github.io/webappsec-permissions-policy/#algo-parse-policy-directive and
 * https://w3c.github.io/webappsec-permissions-policy/#iframe-allow-attribute
 *
 * Used where the browser exposes no policy object to read (Firefox): the embedder's own
 * attribute, read by Passkeep's isolated content script in the embedding document, says what
 * the embedder delegated; the rest of the frame tree (every ancestor, the header policies) is
 * combined in ./frame-tree-policy.ts.
 *
 * Null when the attribute does not name the feature: then the feature's default allowlist
 * applies (`self`, https://w3c.github.io/webauthn/#sctn-permissions-policy), which the caller
 * decides from the two origins.
 */
export function allowAttributeAllows(allow: string, feature: string, frameOrigin: string, srcOrigin: string | null, embedderOrigin: string): boolean | null {
  for (const directive of allow.split(';')) {
    const tokens = directive.trim().split(/\s+/).filter(Boolean);
    if (tokens[0]?.toLowerCase() !== feature) continue;
    const allowlist = tokens.slice(1);
    // No allowlist in an iframe's allow attribute means 'src'.
    if (allowlist.length === 0) return srcOrigin !== null && srcOrigin === frameOrigin;
    for (const token of allowlist) {
      const t = token.toLowerCase();
      if (t === '*') return true;
      if (t === "'none'") return false;
      if (t === "'src'" && srcOrigin !== null && srcOrigin === frameOrigin) return true;
      if (t === "'self'" && embedderOrigin === frameOrigin) return true;
      if (originOf(token) === frameOrigin) return true;
    }
    return false;
  }
  return null;
}

function originOf(token: string): string | null {
  try {
    const url = new URL(token);
    return url.origin === 'null' ? null : url.origin;
  } catch {
    return null;
  }
}
