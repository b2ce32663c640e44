/**
 * A page hook that takes over from its predecessor instead of stacking on it.
 *
 * When the extension is updated or reloaded, the hook of the earlier instance stays in every
 * open page (its wrappers are ordinary functions of the page's realm), and the background
 * injects the new hook into those pages (../src/background/reach-open-tabs.ts). As it starts,
 * the new hook dispatches TAKEOVER on its window; a hook already there puts back every
 * property it replaced (where the page has not replaced it since), so the new hook captures
 * and wraps the browser's own functions, not the old wrappers. The old hook keeps answering the
 * requests it has already sent, and hands the new one its lookup of the credentials it made
 * (the event's detail is the new hook's "adopt"), so that a credential the old hook returns
 * after the takeover (Firefox runs the manifest's hook in open pages at an update, and the
 * background injects one too: two takeovers, one maybe during a request) still reads as one.
 *
 * The page can dispatch TAKEOVER too. All it gets is the browser's own API back in its own
 * window, which it can always have by replacing `navigator.credentials` itself: nothing here
 * reaches the bridge or the background, which decide from the browser's `sender` alone.
 */
import { TAKEOVER } from './page-channel.js';
import { apply, define, describe } from './hook-builtins.js';

export type Define = (o: object, k: PropertyKey, d: PropertyDescriptor) => void;
export type Lookup = (o: unknown) => unknown;

/**
 * Retires any predecessor in `W`. `mine` looks up the credentials this hook makes (for a
 * successor to adopt). Returns the `defineProperty` to use for every replacement, the lookup
 * of the credentials the predecessors made, and `retire`, which puts the replaced properties
 * back (for a hook that finds, late, that it must stand back: ./stand-back.ts).
 */
export function takeOver(W: Window & typeof globalThis, mine: Lookup): { own: Define; earlier: Lookup; retire: () => void } {
  const remove = Reflect.deleteProperty;
  const adopted: Lookup[] = [];
  const adopt = (l: unknown) => typeof l == 'function' && (adopted[adopted.length] = l as Lookup);
  apply(W.dispatchEvent, W, [new W.CustomEvent(TAKEOVER, { detail: adopt })]);
  // [object, key, descriptor before, value or getter set] for each replacement, in order
  const replaced: [object, PropertyKey, PropertyDescriptor | undefined, unknown][] = [];
  /** Puts back every property replaced through `own` that nobody replaced since. */
  const retire = () => {
    for (let i = replaced.length; i--; ) {
      const r = replaced[i]!;
      const now = describe(r[0], r[1]);
      if (!now || (now.get ?? now.value) !== r[3]) continue;
      if (r[2]) define(r[0], r[1], r[2]);
      else remove(r[0], r[1]);
    }
    replaced.length = 0;
  };
  apply(W.addEventListener, W, [
    TAKEOVER,
    (e: CustomEvent) => {
      retire();
      if (typeof e.detail == 'function') e.detail(mine);
    },
  ]);
  return {
    retire,
    own: (o, k, d) => {
      replaced[replaced.length] = [o, k, describe(o, k), d.get ?? d.value];
      define(o, k, d);
    },
    earlier: (o) => {
      for (let i = 0; i < adopted.length; i++) {
        const s = adopted[i]!(o);
        if (s) return s;
      }
      return undefined;
    },
  };
}
