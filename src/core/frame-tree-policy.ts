/**
 * Whether a document may use a policy-controlled feature, decided from its frame tree: every
 * document from it up to the top, each one's declared (header) policy and each container's
 * `<iframe allow>`. Used where the browser exposes no policy object to read (Firefox).
 * https://w3c.github.io/webappsec-permissions-policy/#algo-is-feature-enabled and
 * https://w3c.github.io/webappsec-permissions-policy/#algo-define-inherited-policy-in-container,
 * for a feature whose default allowlist is `self` (https://w3c.github.io/webauthn/#sctn-permissions-policy).
 *
 * The spec's mutual recursion (inherited policy ⇄ "is enabled in document for origin") is run
 * once from the top down, so a deep tree costs one step per level.
 */
import { allowlistMatches, type Allowlist } from './permissions-policy-header.js';

/** One document of the chain: index 0 is the requesting document, the last one is the top. */
export interface PolicyDocument {
  origin: string;
  /** the feature's allowlist in this document's Permissions-Policy header; null: not declared */
  declared: Allowlist | null;
  /**
   * What this document's container (`<iframe allow>` in the next document up) says about the
   * feature for this document's origin: true/false when the attribute names the feature, null
   * when it does not (then the default `self` applies). Ignored for the top document.
   */
  container: boolean | null;
}

/** False for an empty chain: nothing known, nothing allowed. */
export function policyAllows(chain: readonly PolicyDocument[]): boolean {
  if (chain.length === 0) return false;
  // #algo-is-feature-enabled for `doc` (whose inherited policy is `inherited`) and `origin`.
  const enabledIn = (doc: PolicyDocument, inherited: boolean, origin: string): boolean =>
    inherited && (doc.declared === null || allowlistMatches(doc.declared, origin, doc.origin));
  // A top-level document inherits "Enabled" (#algo-define-inherited-policy-in-container step 1).
  let inherited = true;
  for (let i = chain.length - 2; i >= 0; i--) {
    const parent = chain[i + 1]!;
    const child = chain[i]!;
    inherited =
      // step 2: the feature is enabled in the container's document for its own origin…
      enabledIn(parent, inherited, parent.origin) &&
      // step 3: …and for the child's origin;
      enabledIn(parent, inherited, child.origin) &&
      // steps 4–6: the container policy decides, else the default allowlist `self`.
      (child.container ?? child.origin === parent.origin);
  }
  return enabledIn(chain[0]!, inherited, chain[0]!.origin);
}
