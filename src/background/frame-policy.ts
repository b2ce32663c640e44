/**
 * https://w3c.github.io/webauthn/#sctn-createCredential step 2 and
 * https://w3c.github.io/webauthn/#sctn-discover-from-external-source step 2: a document that is
 * not same-origin with its ancestors may use WebAuthn only when the permissions policy allows
 * `publickey-credentials-create` / `publickey-credentials-get` (the embedder's
 * `<iframe allow="…">`); otherwise NotAllowedError.
 *
 * An extension's background can't read a frame's permissions policy. The page hook reads it in
 * the frame itself (`document.featurePolicy.allowsFeature`, Chromium) at document_start, before
 * any page script runs, and sends the answer with the request. Where the browser exposes no
 * policy object (Firefox), the answer is "unknown", and the background asks the embedding
 * document's bridge instead (`askEmbedder`, ./embedder-policy.ts): it finds the child's `<iframe>` element with
 * `runtime.getFrameId` and reads its `allow` attribute, which is exactly what the embedder
 * delegated. Without either answer, cross-origin frames are refused.
 *
 * Why trusting that claim is acceptable: the claim can only be forged by the frame itself (a
 * script in the frame posting its own message; the origin, frame and ancestry still come from
 * the browser's `sender`). A cross-origin frame that lies "allowed" gets, after the person
 * approves in a prompt that names both the frame's origin and the top-level origin, a
 * credential for an RP ID its OWN origin may claim, with `crossOrigin: true` and `topOrigin` in
 * clientDataJSON for the relying party to check. It could get the same by opening its own
 * origin in a window. What the policy protects (an embedder deciding whether frames may use
 * passkeys under its page) degrades to "the person sees both origins and the RP sees both":
 * documented as a difference from the browser.
 */
import type { Caller } from '../core/caller.js';
import { CeremonyError } from '../core/errors.js';

/** `allow`: the frame's own reading of its policy for this operation, or null when unknown. */
export function checkFramePolicy(caller: Caller, allow: unknown): void {
  // A policy that says no (e.g. `Permissions-Policy: publickey-credentials-get=()`) applies to
  // same-origin documents too.
  if (allow === false) {
    throw new CeremonyError('NotAllowedError', 'The permissions policy does not allow passkeys in this document.');
  }
  if (!caller.sameOriginWithAncestors && allow !== true) {
    throw new CeremonyError(
      'NotAllowedError',
      'A cross-origin frame needs allow="publickey-credentials-create" / "publickey-credentials-get" from its embedder.',
    );
  }
}

