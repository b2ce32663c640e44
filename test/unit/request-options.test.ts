// PublicKeyCredentialRequestOptions as the page hook snapshots them (BufferSource →
// { '\u0000bytes': base64url }, see src/core/wire-value.ts), through toRequestOptions (Web IDL
// conversion) and prepareGet (the client steps before the authenticator). SECURITY.md cases 1-3.
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { toBase64url } from '../../src/core/base64url';
import type { Caller } from '../../src/core/caller';
import { CeremonyError } from '../../src/core/errors';
import { prepareGet, type PreparedGet } from '../../src/core/prepare-get';
import { toRequestOptions } from '../../src/core/request-options';
import { DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, MIN_TIMEOUT_MS } from '../../src/core/timeout';
import { BYTES_TAG, type WireBytes, type WireObject, type WireValue } from '../../src/core/wire-value';

const bytes = (data: Uint8Array | number[]): WireBytes => ({ [BYTES_TAG]: toBase64url(Uint8Array.from(data)) });
const filled = (length: number, value = 7): WireBytes => bytes(new Uint8Array(length).fill(value));
const hex = (data: Uint8Array): string => Buffer.from(data).toString('hex');

const CALLER: Caller = {
  origin: 'https://login.example.com',
  host: 'login.example.com',
  sameOriginWithAncestors: true,
  topOrigin: 'https://login.example.com',
};

function options(overrides: WireObject = {}): WireObject {
  return { challenge: filled(32, 0xdd), ...overrides };
}

function get(wire: WireValue | undefined, caller: Caller = CALLER): PreparedGet {
  return prepareGet(toRequestOptions(wire), caller);
}

function expectCeremonyError(fn: () => unknown, name: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected a CeremonyError').toBeInstanceOf(CeremonyError);
  expect((caught as CeremonyError).name).toBe(name);
}

// https://w3c.github.io/webauthn/#dictdef-publickeycredentialrequestoptions (Web IDL:
// https://webidl.spec.whatwg.org/#es-dictionary, #es-sequence, #BufferSource) and
// https://w3c.github.io/webauthn/#sctn-discover-from-external-source steps 1-10.
describe('WebAuthn §5.5 PublicKeyCredentialRequestOptions (Web IDL conversion)', () => {
  it('a minimal request (challenge only) converts and prepares with the effective domain as RP ID', () => {
    const prepared = get(options());
    expect(prepared.rpId).toBe('login.example.com');
    expect(hex(prepared.rpIdHash)).toBe(hex(sha256(new TextEncoder().encode('login.example.com'))));
    expect(prepared.allowCredentialIds).toEqual([]);
    const clientData = JSON.parse(new TextDecoder().decode(prepared.clientDataJSON)) as Record<string, unknown>;
    expect(clientData).toEqual({
      type: 'webauthn.get',
      challenge: toBase64url(new Uint8Array(32).fill(0xdd)),
      origin: 'https://login.example.com',
      crossOrigin: false,
    });
    expect(hex(prepared.clientDataHash)).toBe(hex(sha256(prepared.clientDataJSON)));
  });

  it('options.publicKey missing or not a dictionary → TypeError', () => {
    expectCeremonyError(() => get(undefined), 'TypeError');
    expectCeremonyError(() => get('x'), 'TypeError');
    expectCeremonyError(() => get([options()]), 'TypeError');
  });

  describe('challenge (required BufferSource)', () => {
    it('missing → TypeError', () => {
      expectCeremonyError(() => get({}), 'TypeError');
      expectCeremonyError(() => get({ rpId: 'example.com' }), 'TypeError');
    });

    it('a string → TypeError', () => {
      expectCeremonyError(() => get(options({ challenge: 'AAAAAAAA' })), 'TypeError');
    });

    it('a number, an array of numbers, null or a plain object → TypeError', () => {
      expectCeremonyError(() => get(options({ challenge: 5 })), 'TypeError');
      expectCeremonyError(() => get(options({ challenge: [1, 2, 3] })), 'TypeError');
      expectCeremonyError(() => get(options({ challenge: null })), 'TypeError');
      expectCeremonyError(() => get(options({ challenge: { byteLength: 3 } })), 'TypeError');
    });
  });

  describe('allowCredentials (sequence<PublicKeyCredentialDescriptor>)', () => {
    it('non-sequence (an object, a string, a number) → TypeError', () => {
      expectCeremonyError(() => get(options({ allowCredentials: { type: 'public-key', id: filled(16) } })), 'TypeError');
      expectCeremonyError(() => get(options({ allowCredentials: 'abc' })), 'TypeError');
      expectCeremonyError(() => get(options({ allowCredentials: 3 })), 'TypeError');
    });

    it('an entry missing type or id, or with a string id → TypeError', () => {
      expectCeremonyError(() => get(options({ allowCredentials: [{ id: filled(16) }] })), 'TypeError');
      expectCeremonyError(() => get(options({ allowCredentials: [{ type: 'public-key' }] })), 'TypeError');
      expectCeremonyError(() => get(options({ allowCredentials: [{ type: 'public-key', id: 'AAAA' }] })), 'TypeError');
      expectCeremonyError(() => get(options({ allowCredentials: ['not a dictionary'] })), 'TypeError');
    });

    it('keeps public-key ids in order and skips unknown types', () => {
      const prepared = get(
        options({
          allowCredentials: [
            { type: 'public-key', id: bytes([1]), transports: ['internal', 'teleport'] },
            { type: 'something-else', id: bytes([2]) },
            { type: 'public-key', id: bytes([3]) },
          ],
        }),
      );
      expect(prepared.allowCredentialIds).toEqual([Uint8Array.of(1), Uint8Array.of(3)]);
      expect(prepared.allowListIgnored).toBe(false);
    });

    // https://w3c.github.io/webauthn/#dom-publickeycredentialdescriptor-type (note) and
    // #sctn-discover-from-external-source, w3c/webauthn#1966.
    it('WebAuthn §5.10.3 type note: allowCredentials whose every entry has an unknown type is not an empty list', () => {
      const ignored = get(options({ allowCredentials: [{ type: 'something-else', id: bytes([2]) }, { type: 'future', id: bytes([4]) }] }));
      expect(ignored.allowCredentialIds).toEqual([]);
      expect(ignored.allowListIgnored).toBe(true);
      expect(get(options({ allowCredentials: [] })).allowListIgnored).toBe(false);
      expect(get(options({})).allowListIgnored).toBe(false);
    });

    it('transports that is not a sequence → TypeError', () => {
      expectCeremonyError(() => get(options({ allowCredentials: [{ type: 'public-key', id: bytes([1]), transports: 'usb' }] })), 'TypeError');
    });
  });

  // https://w3c.github.io/webauthn/#sct-domstring-backwards-compatibility
  describe('unknown enum values and extensions are ignored', () => {
    it('unknown userVerification behaves as "preferred"', () => {
      const prepared = get(options({ userVerification: 'whenever' }));
      expect(prepared.wantsUserVerification).toBe(true);
      expect(prepared.requireUserVerification).toBe(false);
    });

    it('known userVerification values map to want/require', () => {
      const uv = (value: string) => {
        const p = get(options({ userVerification: value }));
        return [p.wantsUserVerification, p.requireUserVerification];
      };
      expect(uv('required')).toEqual([true, true]);
      expect(uv('preferred')).toEqual([true, false]);
      expect(uv('discouraged')).toEqual([false, false]);
    });

    it('unknown hints and extensions', () => {
      const prepared = get(options({ hints: ['neural-link'], extensions: { brandNew: true, appid: 'https://example.com', largeBlob: { read: true } } }));
      expect(prepared.rpId).toBe('login.example.com');
    });
  });

  // https://w3c.github.io/webauthn/#sctn-discover-from-external-source steps 6-7.
  describe('rpId', () => {
    it('a registrable suffix of the effective domain is used', () => {
      const prepared = get(options({ rpId: 'example.com' }));
      expect(prepared.rpId).toBe('example.com');
      expect(hex(prepared.rpIdHash)).toBe(hex(sha256(new TextEncoder().encode('example.com'))));
    });

    it('an RP ID the caller may not claim → SecurityError', () => {
      for (const rpId of ['', 'com', 'evil.example', 'example.com.', 'example.com:443', 'a.login.example.com', 'EXAMPLE.com']) {
        expectCeremonyError(() => get(options({ rpId })), 'SecurityError');
      }
    });

    it('an IP-address caller → SecurityError', () => {
      expectCeremonyError(
        () => get(options(), { origin: 'https://127.0.0.1', host: '127.0.0.1', sameOriginWithAncestors: true, topOrigin: 'https://127.0.0.1' }),
        'SecurityError',
      );
    });
  });

  // https://w3c.github.io/webauthn/#sctn-discover-from-external-source step 5 and
  // https://w3c.github.io/webauthn/#sctn-timeout-recommended-range.
  describe('timeout is clamped', () => {
    const timeout = (value: WireValue | undefined) =>
      get(value === undefined ? options() : options({ timeout: value })).timeoutMs;

    it('absent → default; tiny → minimum; huge → maximum; in range → as given', () => {
      expect(timeout(undefined)).toBe(DEFAULT_TIMEOUT_MS);
      expect(timeout(0)).toBe(MIN_TIMEOUT_MS);
      expect(timeout(10)).toBe(MIN_TIMEOUT_MS);
      expect(timeout(120_000)).toBe(120_000);
      expect(timeout(1e12)).toBe(MAX_TIMEOUT_MS);
      expect(timeout(-5)).toBe(MAX_TIMEOUT_MS);
      expect(timeout('nope')).toBe(MIN_TIMEOUT_MS);
    });
  });

  it('the origin in clientDataJSON is the caller’s, never anything from the options', () => {
    const prepared = get(options({ origin: 'https://evil.example', topOrigin: 'https://evil.example', crossOrigin: true } as WireObject));
    const clientData = JSON.parse(new TextDecoder().decode(prepared.clientDataJSON)) as Record<string, unknown>;
    expect(clientData.origin).toBe('https://login.example.com');
    expect(clientData.crossOrigin).toBe(false);
    expect(clientData).not.toHaveProperty('topOrigin');
  });
});
