import { describe, expect, it } from 'vitest';
import { fromBase64url } from '../../src/core/base64url';
import { serializeClientData } from '../../src/core/client-data';

const text = (bytes: Uint8Array): string => new TextDecoder('utf-8', { fatal: true }).decode(bytes);
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

// 0..31 and a few that exercise '-' and '_' in base64url: fb ff → "-_8".
const CHALLENGE = Uint8Array.from([...Array.from({ length: 30 }, (_, i) => i), 0xfb, 0xff]);
const CHALLENGE_B64URL = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd-_8';

// https://w3c.github.io/webauthn/#clientdatajson-serialization: members in the fixed order type,
// challenge, origin, crossOrigin, then topOrigin if present; each string through CCDToString; no
// whitespace. RPs may verify with the limited verification algorithm
// (https://w3c.github.io/webauthn/#clientdatajson-verification), which only works on these exact bytes.
describe('WebAuthn §5.8.1.1 clientDataJSON serialization', () => {
  it('create: exact bytes', () => {
    const out = serializeClientData({
      type: 'webauthn.create',
      challenge: CHALLENGE,
      origin: 'https://example.com',
      crossOrigin: false,
    });
    expect(text(out)).toBe(
      `{"type":"webauthn.create","challenge":"${CHALLENGE_B64URL}","origin":"https://example.com","crossOrigin":false}`,
    );
  });

  it('get: exact bytes', () => {
    const out = serializeClientData({
      type: 'webauthn.get',
      challenge: CHALLENGE,
      origin: 'https://login.example.com:8443',
      crossOrigin: false,
    });
    expect(text(out)).toBe(
      `{"type":"webauthn.get","challenge":"${CHALLENGE_B64URL}","origin":"https://login.example.com:8443","crossOrigin":false}`,
    );
  });

  it('starts with the bytes the limited verification algorithm looks for', () => {
    // https://w3c.github.io/webauthn/#clientdatajson-verification steps: prefix {"type":"webauthn.create","challenge":
    const create = serializeClientData({ type: 'webauthn.create', challenge: CHALLENGE, origin: 'https://a.example', crossOrigin: false });
    expect(hex(create.subarray(0, 38))).toBe(hex(new TextEncoder().encode('{"type":"webauthn.create","challenge":')));
    const get = serializeClientData({ type: 'webauthn.get', challenge: CHALLENGE, origin: 'https://a.example', crossOrigin: false });
    expect(hex(get.subarray(0, 35))).toBe(hex(new TextEncoder().encode('{"type":"webauthn.get","challenge":')));
  });

  it('crossOrigin true with topOrigin: topOrigin follows crossOrigin', () => {
    const out = serializeClientData({
      type: 'webauthn.get',
      challenge: CHALLENGE,
      origin: 'https://idp.example',
      crossOrigin: true,
      topOrigin: 'https://rp.example',
    });
    expect(text(out)).toBe(
      `{"type":"webauthn.get","challenge":"${CHALLENGE_B64URL}","origin":"https://idp.example","crossOrigin":true,"topOrigin":"https://rp.example"}`,
    );
  });

  // https://w3c.github.io/webauthn/#dom-collectedclientdata-toporigin: only set when not same-origin
  // with ancestors; prepareCreate/prepareGet always pass the top origin along.
  it('same-origin: no topOrigin member even when one is passed', () => {
    const out = serializeClientData({
      type: 'webauthn.create',
      challenge: CHALLENGE,
      origin: 'https://example.com',
      crossOrigin: false,
      topOrigin: 'https://example.com',
    });
    expect(text(out)).not.toContain('topOrigin');
    expect(text(out).endsWith('"crossOrigin":false}')).toBe(true);
  });

  it('challenge is unpadded base64url of the exact bytes', () => {
    for (const length of [0, 1, 2, 3, 16, 31, 32, 33, 64]) {
      const challenge = Uint8Array.from({ length }, (_, i) => (i * 37 + 250) & 0xff);
      const json = JSON.parse(
        text(serializeClientData({ type: 'webauthn.get', challenge, origin: 'https://example.com', crossOrigin: false })),
      ) as { challenge: string };
      expect(json.challenge).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(hex(fromBase64url(json.challenge))).toBe(hex(challenge));
    }
    expect(text(serializeClientData({ type: 'webauthn.get', challenge: Uint8Array.of(0xfb, 0xff), origin: 'o', crossOrigin: false }))).toContain(
      '"challenge":"-_8"',
    );
  });

  // CCDToString: U+0020-U+0021, U+0023-U+005B, U+005D-U+10FFFF as UTF-8; '"' → \"; '\' → \\;
  // anything else (the C0 controls) → \u and four lower-case hex digits.
  // https://w3c.github.io/webauthn/#ccdtostring
  describe('CCDToString escaping of odd origins', () => {
    const origin = (value: string): string =>
      text(serializeClientData({ type: 'webauthn.get', challenge: new Uint8Array(0), origin: value, crossOrigin: false }))
        .split('"origin":')[1]!
        .split(',"crossOrigin"')[0]!;

    it('escapes quote and backslash', () => {
      expect(origin('https://a"b\\c.example')).toBe('"https://a\\"b\\\\c.example"');
    });

    it('keeps non-ASCII, DEL, U+2028 and astral characters as raw UTF-8', () => {
      const value = 'https://é.example\u007f\u2028😀';
      expect(origin(value)).toBe(`"${value}"`);
      const bytes = serializeClientData({ type: 'webauthn.get', challenge: new Uint8Array(0), origin: value, crossOrigin: false });
      expect(hex(bytes)).toContain(hex(new TextEncoder().encode(value)));
    });

    it('writes the opaque origin "null" as a string', () => {
      expect(origin('null')).toBe('"null"');
    });

    it('escapes U+0000 and U+001F as \\u0000 and \\u001f', () => {
      expect(origin('a\u0000b\u001fc')).toBe('"a\\u0000b\\u001fc"');
    });

    // JSON.stringify writes \b \t \n \f \r as two-character escapes; CCDToString requires \u00XX.
    it('escapes \\b \\t \\n \\f \\r as \\u0008 \\u0009 \\u000a \\u000c \\u000d', () => {
      expect(origin('a\bb\tc\nd\fe\rf')).toBe('"a\\u0008b\\u0009c\\u000ad\\u000ce\\u000df"');
    });
  });
});
