/**
 * Passkey autofill (`mediation: "conditional"`) between the background, the isolated-world
 * bridge that anchors the list at the field, and the list itself (an extension page in a frame,
 * popup/autofill/). The page takes part in none of it: it cannot read the bridge's port, and the
 * list's frame is of the extension's origin.
 * https://w3c.github.io/webauthn/#enum-credentialMediationRequirement and
 * https://w3c.github.io/webappsec-credential-management/#dom-credentialmediationrequirement-conditional
 */
import type { AutofillLeave } from './autofill-list-keys.js';
import type { AccountChoice } from './protocol.js';

/** At most this many rows are shown at once; more scroll inside the list. */
export const AUTOFILL_MAX_ROWS = 4;

/** Background → bridge, on the request's own port. */
export type AutofillPortMessage =
  /** show the list `autofill.html?session=…` at the page's `webauthn` fields, `rows` rows tall (0: no list) */
  | { autofill: 'offer'; session: string; rows: number }
  /** the list is done with (the prompt took over): remove it */
  | { autofill: 'hide' };

/** What the list shows. */
export interface AutofillView {
  rpId: string;
  /** the vault is locked: one row that opens the prompt to unlock */
  locked: boolean;
  accounts: AccountChoice[];
}

export type AutofillRequest =
  | { type: 'autofill:view'; session: string }
  | {
      type: 'autofill:choose';
      session: string;
      /** base64url credential id; null: the "unlock" row */
      account: string | null;
      /** the list was verifiably visible and unobscured when clicked (IntersectionObserver v2) */
      visible: boolean;
    };

export interface AutofillReplies {
  'autofill:view': AutofillView;
  /** `signed`: the page's get() has its answer; `prompt`: the prompt opened to finish it */
  'autofill:choose': { status: 'signed' | 'prompt' };
}

export function isAutofillPortMessage(value: unknown): value is AutofillPortMessage {
  return !!value && typeof value === 'object' && ((value as { autofill?: unknown }).autofill === 'offer' || (value as { autofill?: unknown }).autofill === 'hide');
}

/**
 * List → bridge, posted to the page's window (the list cannot focus the page's field itself):
 * the person left the list by keyboard (./autofill-list-keys.ts). The bridge takes it only from
 * its own list's window, which the page cannot reach (a frame in a closed shadow root); the page
 * may see it go by, and learns no more than that a key was pressed in the list.
 */
export interface AutofillFrameMessage {
  passkeepAutofill: AutofillLeave;
}

export function isAutofillFrameMessage(value: unknown): value is AutofillFrameMessage {
  const leave = !!value && typeof value === 'object' ? (value as { passkeepAutofill?: unknown }).passkeepAutofill : undefined;
  return leave === 'field' || leave === 'escape';
}
