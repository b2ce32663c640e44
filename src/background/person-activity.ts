/**
 * Which requests from the extension's own pages are the person using Passkeep, and so push the
 * auto-lock back (SECURITY.md case 27). A web page can make the prompt open and send
 * `consent:view` as often as it likes (start a request, abort it, start another), so a page's
 * request and anything a page can cause must never count: otherwise a page keeps the vault
 * unlocked forever.
 *
 * Counted: a decision in the prompt (approve, cancel, other authenticator: only trusted input in
 * the prompt sends one), and the popup's actions, which exist only because the person opened the
 * popup (the toolbar button; no web page can open or frame an extension page): unlock, set or
 * change the PIN, list (opening or refreshing the list, its first page included), delete, restore a hidden passkey, export, import, change a setting.
 * Not counted: `consent:view` (every prompt sends it on load, whoever caused the prompt), and
 * plain reads (status, settings, about) that change nothing and that any future page of ours
 * might send on load (the inspector's log and a passkey's developer details included). Locking and reset need no delay: they leave the vault locked.
 *
 * A table over every request type, so that a new message is classified when it is added.
 */
import type { AutofillRequest } from '../core/autofill-protocol.js';
import type { ConsentRequest, DevRequest, PopupRequest, SettingsRequest } from '../core/protocol.js';

type RequestType = (PopupRequest | ConsentRequest | SettingsRequest | DevRequest | AutofillRequest)['type'];

const PERSON_ACTIVITY: Readonly<Record<RequestType, boolean>> = {
  'consent:view': false,
  'consent:decide': true,
  // The autofill list loads whenever the page focuses its field, and a click in it happens in
  // the page's own window, where a page can steer the pointer: neither is counted.
  'autofill:view': false,
  'autofill:choose': false,
  'vault:status': false,
  'vault:set-pin': true,
  'vault:unlock': true,
  'vault:lock': false,
  'vault:list': true,
  'vault:list-first': true,
  'vault:delete': true,
  'vault:delete-later': true,
  'vault:undo-delete': true,
  'vault:restore': true,
  'vault:change-pin': true,
  'unlock-key:enrol': true,
  'unlock-key:remove': true,
  'unlock-key:pin-only': true,
  'vault:reset': false,
  'vault:export': true,
  'vault:import': true,
  'settings:get': false,
  'settings:set': true,
  'about:get': false,
  // Developer mode: the inspector reads the log on load and on refresh (a read, as the list of
  // settings is); changing a passkey, exporting or importing one, and clearing the log are actions.
  'dev:log': false,
  'dev:passkey': false,
  'dev:clear-log': true,
  'dev:set-counter': true,
  'dev:export-key': true,
  'dev:import-key': true,
};

/** Whether a request of this type is the person's own action (see above). Unknown types: no. */
export function isPersonActivity(type: string): boolean {
  return Object.hasOwn(PERSON_ACTIVITY, type) && PERSON_ACTIVITY[type as RequestType];
}
