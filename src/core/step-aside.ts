/**
 * When Passkeep answers a create() or get() itself, and when it steps aside for the browser's
 * own WebAuthn (Google Password Manager, iCloud Keychain, Windows Hello, a phone, a security
 * key). A person must never be worse off for having Passkeep installed: whenever Passkeep knows
 * it has nothing to offer, the request goes to the browser untouched, with no Passkeep prompt.
 * README "When Passkeep steps in and when it steps aside" states the same policy in words.
 *
 * Decisions where the spec leaves the client free (each written down once, here):
 *  - "Aimed elsewhere": the site's hints name only `security-key` and/or `hybrid` (unknown
 *    values are ignored, https://w3c.github.io/webauthn/#enum-hints); with no known hint, a
 *    create() asking for `authenticatorAttachment: "cross-platform"`; a get() whose every
 *    allowCredentials entry lists transports and none of them is `internal` (Passkeep's
 *    passkeys report `["internal"]`, src/core/make-credential.ts, so a site that kept them
 *    lists `internal`).
 *  - get(), vault unlocked: Passkeep's prompt if it holds a passkey that matches (hints or not:
 *    hints are hints, and the person chose to keep this passkey here), otherwise the browser.
 *  - get(), vault locked: Passkeep cannot see what it holds without the PIN, so its prompt
 *    offers unlock or the browser's own authenticator; a request aimed elsewhere goes straight
 *    to the browser (a second factor on a security key is the common case, and making the
 *    person dismiss Passkeep each time is being in the way). Once unlocked, the unlocked rule
 *    applies (src/background/ceremony.ts hands a request with no match to the browser).
 *  - get() with no PIN set yet: Passkeep holds nothing; the browser.
 *  - create() aimed elsewhere: the browser (the site asked for another kind of authenticator).
 *  - Conditional create (https://w3c.github.io/webauthn/#dom-credentialmediationrequirement-conditional
 *    on create(), the automatic passkey upgrade): the client creates a passkey without a prompt
 *    only when the person has just used a password for that account in the browser's password
 *    manager. Passkeep holds no passwords, so it can never see that condition; the browser's own
 *    manager can, so the request goes to the browser (which rejects it as the spec says when it
 *    cannot upgrade, or does not support it).
 *  - Immediate mediation (Chrome's `uiMode: "immediate"`, earlier `mediation: "immediate"`,
 *    https://developer.chrome.com/docs/identity/immediate-ui-mode): get() only. With an unlocked
 *    vault, no allowCredentials and a passkey for the site: the prompt; otherwise NotAllowedError
 *    at once with no UI (as Chrome, which also refuses a non-empty allowCredentials). On
 *    create() it is no mode Passkeep knows: the browser answers as it would without Passkeep.
 */
import type { VaultState } from './protocol.js';

/** https://w3c.github.io/webauthn/#enumdef-publickeycredentialhint */
const KNOWN_HINTS: readonly string[] = ['security-key', 'client-device', 'hybrid'];
/** https://w3c.github.io/webauthn/#dom-authenticatortransport-internal */
const INTERNAL = 'internal';

export interface StepAsideRequest {
  op: 'create' | 'get';
  /** the converted mediation (`immediate` also for `uiMode: "immediate"`); null when absent */
  mediation: string | null;
  hints: readonly string[];
  /** create(): authenticatorSelection.authenticatorAttachment */
  attachment?: string | undefined;
  /** get(): each allowCredentials entry's transports (undefined: the entry names none) */
  allowTransports?: ReadonlyArray<readonly string[] | undefined>;
}

export interface VaultView {
  state: VaultState;
  /** get(), unlocked vault: how many of Passkeep's passkeys match; null when it cannot be known */
  matches: number | null;
}

export type StepAsideReason = 'no-passkey' | 'aimed-elsewhere' | 'conditional-create' | 'immediate-create';

export type StepAside =
  /** Passkeep's prompt (locked: it asks for the PIN and offers the browser's own authenticator) */
  | { action: 'prompt' }
  /** the browser's own implementation, called with the page's original arguments */
  | { action: 'browser'; why: StepAsideReason }
  /** immediate mediation with nothing to offer: NotAllowedError at once, no UI */
  | { action: 'reject'; why: 'immediate-none' };

/** Whether the site asked for an authenticator that is not a passkey held on this device. */
export function aimedElsewhere(request: StepAsideRequest): boolean {
  const hints = request.hints.filter((h) => KNOWN_HINTS.includes(h));
  if (hints.length > 0) return !hints.includes('client-device');
  if (request.op === 'create') return request.attachment === 'cross-platform';
  const transports = request.allowTransports ?? [];
  return transports.length > 0 && transports.every((t) => t !== undefined && t.length > 0 && !t.includes(INTERNAL));
}

export function stepAside(request: StepAsideRequest, vault: VaultView): StepAside {
  if (request.op === 'create') {
    if (request.mediation === 'conditional') return { action: 'browser', why: 'conditional-create' };
    if (request.mediation === 'immediate') return { action: 'browser', why: 'immediate-create' };
    return aimedElsewhere(request) ? { action: 'browser', why: 'aimed-elsewhere' } : { action: 'prompt' };
  }
  const holds = vault.state === 'unlocked' && (vault.matches ?? 0) > 0;
  if (request.mediation === 'immediate') {
    const listed = (request.allowTransports ?? []).length > 0;
    return holds && !listed ? { action: 'prompt' } : { action: 'reject', why: 'immediate-none' };
  }
  if (holds) return { action: 'prompt' };
  if (vault.state === 'locked') return aimedElsewhere(request) ? { action: 'browser', why: 'aimed-elsewhere' } : { action: 'prompt' };
  return { action: 'browser', why: aimedElsewhere(request) ? 'aimed-elsewhere' : 'no-passkey' };
}
