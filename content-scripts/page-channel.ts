/**
 * The page hook ⇄ bridge channel: `window.postMessage` on the frame's own window.
 *
 * The channel carries only the page's own request and its answer, so the page can learn or
 * forge nothing through it that it could not get by calling the API itself: the origin, frame
 * and ancestry come from the browser's `sender` in the background, never from these messages
 * (SECURITY.md, cases 10–11). The bridge accepts a message only when
 * `event.source` is its own window.
 *
 * Nor does the page say anything about its permissions policy: the bridge reads it in its own
 * world, or the background decides it from the frame tree (../src/background/frame-policy.ts,
 * SECURITY.md case 23).
 */
import type { CeremonyResult } from '../src/core/results.js';
import type { WireError } from '../src/core/protocol.js';
import type { WireValue } from '../src/core/wire-value.js';

export const REQUEST = 'passkeep:q';
export const ABORT = 'passkeep:a';
export const RESPONSE = 'passkeep:r';
/**
 * Dispatched (cancelable) on the window by the hook before each request: a bridge whose
 * extension is still there cancels it, synchronously, so the hook knows that someone will
 * answer. Not cancelled means no live bridge (the extension was reloaded or removed under this
 * page): the hook hands the request to the browser's own implementation instead of failing it.
 */
export const PING = 'passkeep:p';
/**
 * Dispatched on the window by a hook as it starts: a hook already in this window (injected by
 * an earlier instance of the extension) puts the browser's own functions back, so the new one
 * wraps those instead of stacking on them (./hook-takeover.ts).
 */
export const TAKEOVER = 'passkeep:t';
/**
 * The hook found `navigator.credentials` already replaced or locked by another extension or a
 * page script, and stood back (README "When Passkeep steps in and when it steps aside"). A page
 * can post this itself: all it gains is a badge on its own tab saying Passkeep is not answering
 * there, which it could cause anyway by locking `navigator.credentials` first.
 */
export const STOOD_BACK = 'passkeep:s';
export type StandBackReason = 'replaced' | 'locked';

export interface PageStoodBack {
  t: typeof STOOD_BACK;
  reason: StandBackReason;
}

/** `signal`: one of the Signal API methods; `caps`: getClientCapabilities(). */
export type PageOp = 'create' | 'get' | 'signal' | 'caps';
export type SignalKind = 'unknown' | 'accepted' | 'details';

/**
 * An error the page already knows it must end with once the options have been converted
 * (Web IDL conversion comes first, then these, in the Credential Management order):
 * `AbortError` the signal was aborted before the call (the hook rejects with its reason),
 * `NotSupportedError` more than one credential type, `NotAllowedError` a request is pending.
 */
export type EarlyStop = 'AbortError' | 'NotSupportedError' | 'NotAllowedError';

export interface PageRequest {
  t: typeof REQUEST;
  id: string;
  op: PageOp;
  mediation: WireValue;
  /** Chrome's CredentialRequestOptions.uiMode (`immediate`) */
  uiMode?: WireValue;
  options: WireValue;
  /** signal only */
  kind?: SignalKind;
  stop: EarlyStop | null;
}

export interface PageAbort {
  t: typeof ABORT;
  id: string;
}

/**
 * `handoff`: call the browser's own implementation instead: Passkeep holds nothing for the
 * request, or cannot answer (`after-prompt`: the person chose it in Passkeep's prompt, whose
 * window still has the focus); `none`: resolve with null
 * (signals: with undefined); `caps`: getClientCapabilities()'s record.
 */
export type Outcome =
  | { ok: true; value: CeremonyResult }
  | { ok: false; error: WireError }
  | { ok: true; handoff: true | 'after-prompt' }
  | { ok: true; none: true }
  | { ok: true; caps: Record<string, boolean> };

export type PageResponse = { t: typeof RESPONSE; id: string } & Outcome;
