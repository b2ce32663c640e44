// https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#attr-fe-autocomplete-webauthn
import { describe, expect, it } from 'vitest';
import { hasWebauthnToken } from '../../src/core/webauthn-field.js';

describe('autocomplete="… webauthn" (HTML autofill detail tokens)', () => {
  it('accepts webauthn as the last token, alone or after others, in any ASCII case and spacing', () => {
    for (const value of ['webauthn', 'username webauthn', 'section-login username WebAuthn', ' current-password\twebauthn \n']) {
      expect(hasWebauthnToken(value), value).toBe(true);
    }
  });

  it('refuses a missing attribute, other tokens, webauthn not last, and look-alikes', () => {
    for (const value of [null, '', 'username', 'webauthn username', 'username webauthn2', 'username-webauthn', 'username\u00a0webauthn']) {
      expect(hasWebauthnToken(value), String(value)).toBe(false);
    }
  });

  it('refuses an attribute longer than any real one without splitting it', () => {
    expect(hasWebauthnToken(`${'x '.repeat(200)}webauthn`)).toBe(false);
  });
});
