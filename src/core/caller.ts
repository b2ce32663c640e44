/**
 * Who is asking, as the browser reported it (the background derives this from `sender`).
 * https://w3c.github.io/webauthn/#sctn-createCredential steps 2 and 6
 */
export interface Caller {
  /** serialized origin of the requesting frame */
  origin: string;
  /** host of that origin (the effective domain) */
  host: string;
  /** false when any ancestor frame has another origin */
  sameOriginWithAncestors: boolean;
  /** origin of the top-level document, reported when not same-origin with ancestors */
  topOrigin: string;
}
