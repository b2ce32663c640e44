/**
 * The hook's synchronous question before each request: is a live bridge listening in this
 * frame? (./page-channel.ts PING, answered in ./bridge.ts.) A bridge left behind by a reload or
 * an uninstall does not answer, nor does one that never arrived; the hook then hands the
 * request to the browser's own implementation rather than failing it.
 *
 * A page can answer the question itself, or stop the event: either way it only chooses between
 * Passkeep and the browser's own implementation for its own requests, which it can always do.
 */
import { PING } from './page-channel.js';
import { apply, describe } from './hook-builtins.js';

export function bridgePing(W: Window & typeof globalThis): () => boolean {
  const dispatch = W.dispatchEvent;
  const prevented = describe(W.Event.prototype, 'defaultPrevented')!.get!;
  const Custom = W.CustomEvent;
  return () => {
    const e = new Custom(PING, { cancelable: true });
    apply(dispatch, W, [e]);
    return apply(prevented, e, []) as boolean;
  };
}
