/**
 * Part of the main-world hook (bundled into page-hook.js): whether `navigator.credentials` is
 * still the browser's own when the hook runs. Another extension (a second passkey manager, a
 * WebAuthn debugger) or a script injected before the page may have replaced it or made it
 * unchangeable first. Passkeep then stands back instead of stacking its override on theirs (or
 * throwing in the page when a locked property refuses the override): requests go to whatever
 * they installed, and the toolbar badge and the popup say so.
 *
 * Runs at document_start, before any page script, with the browser's own built-ins.
 */
import type { StandBackReason } from './page-channel.js';

const NATIVE = /\{\s*\[native code\]\s*\}\s*$/;

export function standBackReason(W: Window & typeof globalThis, proto: CredentialsContainer): StandBackReason | null {
  const describe = Object.getOwnPropertyDescriptor;
  const text = Function.prototype.toString;
  const native = (f: unknown) => typeof f == 'function' && NATIVE.test(Reflect.apply(text, f, []));
  // An own property where the browser has none: configurable means replaced, otherwise locked.
  const own = (o: object, k: string) => {
    const d = describe(o, k);
    return d ? (d.configurable ? 'replaced' : 'locked') : null;
  };
  try {
    const nav = W.navigator;
    const getter = describe(W.Navigator.prototype, 'credentials');
    const found = own(nav, 'credentials');
    if (found) return found;
    if (!getter || !native(getter.get)) return getter?.configurable === false ? 'locked' : 'replaced';
    const creds = nav.credentials;
    if (!(creds instanceof W.CredentialsContainer)) return 'replaced';
    for (const k of ['create', 'get', 'store']) {
      const found = own(creds, k);
      if (found) return found;
      const d = describe(proto, k);
      // The hook redefines these: a locked one would make it throw in the page.
      if (!d || !d.configurable) return 'locked';
      if (!native(d.value)) return d.writable ? 'replaced' : 'locked';
    }
    return null;
  } catch {
    // A getter that throws is no browser's own.
    return 'replaced';
  }
}
