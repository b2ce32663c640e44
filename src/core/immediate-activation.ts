/**
 * Immediate mediation (Chrome's `uiMode: "immediate"` on get()) needs the person's transient
 * user activation, as in Chrome: without it the call ends in NotAllowedError at once, before
 * any vault work, rate-limit slot or prompt, so that a page cannot probe for passkeys without
 * a click or key press to show for it. The activation is not consumed (the page may still open
 * a window with it). The explainer's "User gesture requirement":
 * https://github.com/w3c/webauthn/wiki/Explainer:-WebAuthn-immediate-mediation and
 * https://developer.chrome.com/docs/identity/immediate-ui-mode
 *
 * Whether the activation was there is read by the bridge in its own isolated world
 * (`navigator.userActivation.isActive`, the browser's state of that very frame), never taken
 * from the page, which could claim anything.
 */
import { CeremonyError } from './errors.js';

export function requireImmediateActivation(op: unknown, mediation: string | null, active: unknown): void {
  if (op === 'get' && mediation === 'immediate' && active !== true) {
    throw new CeremonyError('NotAllowedError', 'Immediate mediation needs a click or key press on the page.');
  }
}
