/**
 * A page hook that takes over from its predecessor instead of stacking on it.
 *
 * When the extension is updated or reloaded, the hook of the earlier instance stays in every
 * open page (its wrappers are ordinary functions of the page's realm), and the background
 * injects the new hook into those pages (../src/background/reach-open-tabs.ts). As it starts,
 * the new hook dispatches TAKEOVER on its window; a hook already there puts back every
 * property it replaced (where the page has not replaced it since), so the new hook captures
 * and wraps the browser's own functions, not the old wrappers.
 *
 * The page can dispatch TAKEOVER too. All it gets is the browser's own API back in its own
 * window, which it can always have by replacing `navigator.credentials` itself: nothing here
 * reaches the bridge or the background, which decide from the browser's `sender` alone.
 */
import { TAKEOVER } from './page-channel.js';

export type Define = (o: object, k: PropertyKey, d: PropertyDescriptor) => void;

/** Retires any predecessor in `W`; returns the `defineProperty` to use for every replacement. */
export function takeOver(W: Window & typeof globalThis): Define {
  const define = Object.defineProperty;
  const describe = Object.getOwnPropertyDescriptor;
  const apply = Reflect.apply;
  const remove = Reflect.deleteProperty;
  apply(W.dispatchEvent, W, [new W.CustomEvent(TAKEOVER)]);
  // [object, key, descriptor before, value or getter set] for each replacement, in order
  const mine: [object, PropertyKey, PropertyDescriptor | undefined, unknown][] = [];
  apply(W.addEventListener, W, [
    TAKEOVER,
    () => {
      for (let i = mine.length; i--; ) {
        const r = mine[i]!;
        const now = describe(r[0], r[1]);
        if (!now || (now.get ?? now.value) !== r[3]) continue;
        if (r[2]) define(r[0], r[1], r[2]);
        else remove(r[0], r[1]);
      }
      mine.length = 0;
    },
  ]);
  return (o, k, d) => {
    mine[mine.length] = [o, k, describe(o, k), d.get ?? d.value];
    define(o, k, d);
  };
}
