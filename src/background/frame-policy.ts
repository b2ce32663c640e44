/**
 * https://w3c.github.io/webauthn/#sctn-createCredential step 2 and
 * https://w3c.github.io/webauthn/#sctn-discover-from-external-source step 2: a document may use
 * WebAuthn only when its permissions policy allows `publickey-credentials-create` /
 * `publickey-credentials-get` (https://w3c.github.io/webauthn/#sctn-permissions-policy);
 * otherwise NotAllowedError. SECURITY.md case 23: the policy is the browser's, never the page's.
 *
 * Where it is decided, out of the page's reach:
 *  - Chromium: the bridge reads its own document's policy object in the isolated world
 *    (`document.permissionsPolicy ?? document.featurePolicy`, `allowsFeature`) and sends the
 *    answer over its `runtime.connect` port. That object is the browser's own verdict (header,
 *    every ancestor's `allow`, inheritance); page scripts patch only the main world's wrappers,
 *    and only the extension's content scripts can open that port (./main.ts). The hook and the
 *    page channel carry nothing about the policy, so nothing a page posts can change it.
 *  - Firefox exposes no policy object, neither to pages nor to content scripts (checked in
 *    Firefox ESR 153: `document.featurePolicy` and `permissionsPolicy` are undefined in both).
 *    The background decides from the frame tree (./embedder-policy.ts): every ancestor, not
 *    only the direct embedder, is asked what its `<iframe allow>` delegates, and each
 *    document's `Permissions-Policy` header is the one the background saw in the response
 *    (./header-policies.ts, `webRequest`, Firefox build only).
 *
 * Decisions:
 *  - The header is honoured in Firefox too, although Firefox's own WebAuthn ignores it (checked
 *    in ESR 153: a page served with `Permissions-Policy: publickey-credentials-get=()` still gets
 *    the browser's prompt; Firefox implements only the `allow` attribute,
 *    https://bugzil.la/1531012). The site said no; Passkeep is stricter than the browser there,
 *    never looser. The header's semantics are the spec's (and Chromium's).
 *  - The `allow` attribute's semantics match Firefox's own (checked in ESR 153): a frame is
 *    allowed only when every container on its path delegates to the frame below it, e.g. a
 *    grandchild whose parent has `allow` but whose grandparent did not delegate to the parent
 *    is refused, and `allow="… 'self'"` means the embedder's origin.
 *  - In Firefox the bridge's answer is null; were a policy object ever exposed there, a `false`
 *    still refuses, and the frame tree must allow as well.
 *  - The check runs before the tab's one-prompt-at-a-time rule and rate limit (./ceremony.ts), so a
 *    refused frame takes no slot in either and cannot keep the top page from its own prompt.
 *    It also runs before the options are converted: a refused document gets NotAllowedError
 *    even for options that would have failed with TypeError (it learns nothing by that), and
 *    no work is spent on a request that cannot be served.
 */
import { CeremonyError } from '../core/errors.js';
import { frameTreeAllows, type FrameChain } from './embedder-policy.js';
import { headerPoliciesAvailable } from './header-policies.js';

/**
 * `bridgePolicy`: the bridge's reading of its own document's policy (true/false), null where the
 * browser exposes none; anything else is not an answer.
 */
export async function checkFramePolicy(chain: FrameChain, op: 'create' | 'get', bridgePolicy: unknown): Promise<void> {
  if (bridgePolicy === false || !(await policyAllows(chain, op, bridgePolicy))) {
    throw new CeremonyError('NotAllowedError', `The permissions policy does not allow publickey-credentials-${op} in this document.`);
  }
}

async function policyAllows(chain: FrameChain, op: 'create' | 'get', bridgePolicy: unknown): Promise<boolean> {
  // Chromium: the browser's own verdict, read by the bridge.
  if (bridgePolicy === true && !headerPoliciesAvailable()) return true;
  return frameTreeAllows(chain, op);
}
