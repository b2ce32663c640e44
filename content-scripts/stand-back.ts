/**
 * Part of the main-world hook (bundled into page-hook.js): whether `navigator.credentials` is
 * still the browser's own. Another extension (a second passkey manager, a WebAuthn debugger) or
 * a script injected before the page may have replaced it or made it unchangeable first.
 * Passkeep then stands back instead of stacking its override on theirs (or throwing in the page
 * when a locked property refuses the override): requests go to whatever they installed, and the
 * toolbar badge and the popup say so.
 *
 * Two checks, because the browser creates `navigator` (and `navigator.credentials`) only when
 * it is first read, and creating them was most of what this check cost at document_start
 * (~0.15 ms in Chromium: a script's first read of `navigator` alone, timed with a
 * cross-origin-isolated page's 5 µs clock): `standBackReason` reads only CredentialsContainer's
 * prototype, at document_start; `navigatorOverride` reads `navigator` and its `credentials`, at
 * the first call of anything the hook replaced. Whatever someone installed there before that
 * first call, no request reached Passkeep until then, and the hook then stands back as it
 * would have at document_start.
 */
import type { StandBackReason } from './page-channel.js';
import { apply, describe } from './hook-builtins.js';

/** An own property where the browser has none: configurable means replaced, otherwise locked. */
const ownOf = (o: object, k: string): StandBackReason | null => {
  const d = describe(o, k);
  return d ? (d.configurable ? 'replaced' : 'locked') : null;
};

const KEYS = ['create', 'get', 'store'];

/**
 * Whether `f` prints as the browser's own: its text ends in `{ [native code] }`, with any
 * white space around the brackets (Chromium prints `function get() { [native code] }`, Firefox
 * puts line breaks around the body). Read backwards by hand: a regular expression's first use
 * costs more than the whole check, on every page.
 */
const TAIL = '}]edoc evitan[{'; // `{[native code]}` backwards
const native = (text: Function, f: unknown): boolean => {
  if (typeof f != 'function') return false;
  const s = apply(text, f, []) as string;
  let i = s.length;
  for (let t = 0; t < TAIL.length; t++) {
    // white space may stand around each bracket, never inside "native code"
    if (t < 2 || t == 14) while (i > 0 && s[i - 1]! <= ' ') i--;
    if (s[--i] !== TAIL[t]) return false;
  }
  return true;
};

/**
 * At document_start, with the browser's own built-ins: the container's prototype, whose
 * members the hook redefines (a locked one would make it throw in the page).
 */
export function standBackReason(proto: CredentialsContainer): StandBackReason | null {
  const text = Function.prototype.toString;
  for (let i = 0; i < 3; i++) {
    const d = describe(proto, KEYS[i]!);
    if (!d || !d.configurable) return 'locked';
    if (!native(text, d.value)) return d.writable ? 'replaced' : 'locked';
  }
  return null;
}

/**
 * At the first call of a replaced function: `navigator` itself and what it answers for
 * `credentials`. `text` and `Container` are the browser's own, captured at document_start.
 */
export function navigatorOverride(W: Window & typeof globalThis, text: Function, Container: typeof CredentialsContainer): StandBackReason | null {
  try {
    const nav = W.navigator;
    const getter = describe(W.Navigator.prototype, 'credentials');
    const found = ownOf(nav, 'credentials');
    if (found) return found;
    if (!getter || !native(text, getter.get)) return getter?.configurable === false ? 'locked' : 'replaced';
    const creds = apply(getter.get!, nav, []) as unknown;
    if (!(creds instanceof Container)) return 'replaced';
    for (let i = 0; i < 3; i++) {
      const own = ownOf(creds, KEYS[i]!);
      if (own) return own;
    }
    return null;
  } catch {
    // A getter that throws is no browser's own.
    return 'replaced';
  }
}
