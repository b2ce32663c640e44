/**
 * The page hook ⇄ bridge channel: `window.postMessage` on the frame's own window.
 *
 * The channel carries only the page's own request and its answer, so the page can learn or
 * forge nothing through it that it could not get by calling the API itself: the origin, frame
 * and ancestry come from the browser's `sender` in the background, never from these messages
 * (../shared/SECURITY.md, cases 10–11). The bridge accepts a message only when
 * `event.source` is its own window.
 */
import type { CeremonyResult } from '../src/core/results.js';
import type { WireError } from '../src/core/protocol.js';
import type { WireValue } from '../src/core/wire-value.js';

export const REQUEST = 'passkeep:request';
export const ABORT = 'passkeep:abort';
export const RESPONSE = 'passkeep:response';

export interface PageRequest {
  t: typeof REQUEST;
  id: string;
  op: 'create' | 'get';
  mediation: string | null;
  options: WireValue;
}

export interface PageAbort {
  t: typeof ABORT;
  id: string;
}

/** `handoff`: the person chose the browser's own authenticator; `none`: resolve with null. */
export type Outcome =
  | { ok: true; value: CeremonyResult }
  | { ok: false; error: WireError }
  | { ok: true; handoff: true }
  | { ok: true; none: true };

export type PageResponse = { t: typeof RESPONSE; id: string } & Outcome;
