/**
 * The attributes of every PIN and passphrase field in the popup and the prompt (SECURITY.md
 * case 30: no browser offers to save the PIN as a password).
 *
 * Why not `type="password"`: Firefox's login manager runs in extension pages too (its actor is
 * registered for the "webext-browsers" group, and a moz-extension: URL has a host, so it is a
 * login origin), and it offers to save whatever is typed into a password field: checked here in
 * Firefox ESR 153, where typing a PIN into the popup put up "Save password for
 * moz-extension://…?" (test/e2e/pin-not-saved.test.ts). `autocomplete="off"` does not stop it
 * (`signon.storeWhenAutocompleteOff` is true by default), and "new-password"/"current-password"
 * invite it. A field that has never been `type="password"` is not a password field to it.
 * Chromium's password manager never runs in extension pages (PasswordAutofillAgent only serves
 * http and https frames), so this changes nothing there but keeps the two builds alike.
 *
 * So: a text field masked by CSS (`input[data-secret]` → `-webkit-text-security: disc`, which
 * Chromium and Firefox both support: checked in Firefox ESR 153), with `autocomplete="off"` so that neither browser's form
 * history keeps or suggests it, no spell checking, capitalising or correcting (which would learn
 * the PIN), and no copying or cutting it out (as a password field forbids).
 * The cost: a screen reader may speak the characters typed; the PIN never reaches any store.
 */
const refuse = (event: Event) => event.preventDefault();

export const SECRET_FIELD = {
  type: 'text',
  autocomplete: 'off',
  autocapitalize: 'off',
  autocorrect: 'off',
  spellcheck: false,
  'data-secret': 'true',
  onCopy: refuse,
  onCut: refuse,
} as const;
