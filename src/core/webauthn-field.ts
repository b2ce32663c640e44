/**
 * Whether a form control takes part in passkey autofill: its `autocomplete` attribute ends with
 * the `webauthn` token.
 * https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#attr-fe-autocomplete-webauthn
 * ("webauthn" is the last token of the autofill detail tokens) and
 * https://w3c.github.io/webauthn/#sctn-autofill (conditional mediation offers passkeys there).
 */

/** ASCII whitespace, as HTML splits a token list: https://infra.spec.whatwg.org/#ascii-whitespace */
const ASCII_WHITESPACE = /[\t\n\f\r ]+/;

/** Anything longer is no autofill value a site writes; bounded so that a page's attribute costs little. */
const MAX_AUTOCOMPLETE_CHARS = 256;

export function hasWebauthnToken(autocomplete: string | null): boolean {
  if (autocomplete === null || autocomplete.length > MAX_AUTOCOMPLETE_CHARS) return false;
  const tokens = autocomplete.trim().split(ASCII_WHITESPACE);
  // Tokens are ASCII case-insensitive.
  return tokens.length > 0 && tokens[tokens.length - 1]!.toLowerCase() === 'webauthn';
}
