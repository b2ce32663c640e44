// PublicKeyCredentialCreationOptions as the page hook snapshots them (every BufferSource becomes
// { '\u0000bytes': base64url }, see src/core/wire-value.ts), through toCreationOptions (Web IDL
// conversion) and prepareCreate (the client steps before the authenticator). SECURITY.md cases 1 and 3.
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { toBase64url } from '../../src/core/base64url';
import type { Caller } from '../../src/core/caller';
import { toCreationOptions } from '../../src/core/creation-options';
import { CeremonyError } from '../../src/core/errors';
import { prepareCreate, type PreparedCreate } from '../../src/core/prepare-create';
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
  return {
    rp: { name: 'Example', id: 'example.com' },
    user: { id: filled(16), name: 'alice@example.com', displayName: 'Alice' },
    challenge: filled(32, 0xcc),
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    ...overrides,
  };
}

/** Drops a member the way the snapshot drops `undefined`. */
function without(dict: WireObject, key: string): WireObject {
  const copy = { ...dict };
  delete copy[key];
  return copy;
}

function create(wire: WireValue | undefined, caller: Caller = CALLER): PreparedCreate {
  return prepareCreate(toCreationOptions(wire), caller);
}

function expectCeremonyError(fn: () => unknown, name: string): CeremonyError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected a CeremonyError').toBeInstanceOf(CeremonyError);
  expect((caught as CeremonyError).name).toBe(name);
  return caught as CeremonyError;
}

// https://w3c.github.io/webauthn/#dictdef-publickeycredentialcreationoptions (Web IDL:
// https://webidl.spec.whatwg.org/#es-dictionary, #es-sequence, #BufferSource) and
// https://w3c.github.io/webauthn/#sctn-createCredential steps 2-10.
describe('WebAuthn §5.4 PublicKeyCredentialCreationOptions (Web IDL conversion)', () => {
  it('a well-formed request converts and prepares', () => {
    const prepared = create(options());
    expect(prepared.rpId).toBe('example.com');
    expect(prepared.rpName).toBe('Example');
    expect(hex(prepared.rpIdHash)).toBe(hex(sha256(new TextEncoder().encode('example.com'))));
    expect(prepared.user).toEqual({ id: new Uint8Array(16).fill(7), name: 'alice@example.com', displayName: 'Alice' });
    expect(prepared.alg).toBe(-7);
    const clientData = JSON.parse(new TextDecoder().decode(prepared.clientDataJSON)) as Record<string, unknown>;
    expect(clientData).toEqual({
      type: 'webauthn.create',
      challenge: toBase64url(new Uint8Array(32).fill(0xcc)),
      origin: 'https://login.example.com',
      crossOrigin: false,
    });
    expect(hex(prepared.clientDataHash)).toBe(hex(sha256(prepared.clientDataJSON)));
  });

  it('options.publicKey missing → TypeError', () => {
    expectCeremonyError(() => create(undefined), 'TypeError');
  });

  it('options.publicKey not a dictionary (a string, an array, bytes) → TypeError', () => {
    expectCeremonyError(() => create('options'), 'TypeError');
    expectCeremonyError(() => create([]), 'TypeError');
    expectCeremonyError(() => create(filled(4)), 'TypeError');
  });

  // https://w3c.github.io/webauthn/#sctn-createCredential step 5 ("If the length of options.user.id
  // is not between 1 and 64 bytes (inclusive) then throw a TypeError").
  describe('user.id length (step 5)', () => {
    it('0 bytes → TypeError', () => {
      expectCeremonyError(() => create(options({ user: { id: bytes([]), name: 'a', displayName: 'A' } })), 'TypeError');
    });

    it('65 bytes → TypeError', () => {
      expectCeremonyError(() => create(options({ user: { id: filled(65), name: 'a', displayName: 'A' } })), 'TypeError');
    });

    it('1 byte works', () => {
      expect(create(options({ user: { id: bytes([42]), name: 'a', displayName: 'A' } })).user.id).toEqual(Uint8Array.of(42));
    });

    it('64 bytes works', () => {
      expect(create(options({ user: { id: filled(64), name: 'a', displayName: 'A' } })).user.id.length).toBe(64);
    });

    it('user.id as a string instead of a BufferSource → TypeError', () => {
      expectCeremonyError(() => create(options({ user: { id: 'alice', name: 'a', displayName: 'A' } })), 'TypeError');
    });
  });

  describe('required members (Web IDL "required")', () => {
    it('missing rp → TypeError', () => {
      expectCeremonyError(() => create(without(options(), 'rp')), 'TypeError');
    });

    it('missing user → TypeError', () => {
      expectCeremonyError(() => create(without(options(), 'user')), 'TypeError');
    });

    it('missing challenge → TypeError', () => {
      expectCeremonyError(() => create(without(options(), 'challenge')), 'TypeError');
    });

    it('missing pubKeyCredParams → TypeError', () => {
      expectCeremonyError(() => create(without(options(), 'pubKeyCredParams')), 'TypeError');
    });

    it('missing rp.name, user.name, user.displayName or user.id → TypeError', () => {
      expectCeremonyError(() => create(options({ rp: { id: 'example.com' } })), 'TypeError');
      expectCeremonyError(() => create(options({ user: { id: filled(8), displayName: 'A' } })), 'TypeError');
      expectCeremonyError(() => create(options({ user: { id: filled(8), name: 'a' } })), 'TypeError');
      expectCeremonyError(() => create(options({ user: { name: 'a', displayName: 'A' } })), 'TypeError');
    });

    it('rp or user that is not a dictionary → TypeError', () => {
      expectCeremonyError(() => create(options({ rp: 'example.com' })), 'TypeError');
      expectCeremonyError(() => create(options({ user: 42 })), 'TypeError');
    });
  });

  describe('challenge must be a BufferSource', () => {
    it('a string → TypeError', () => {
      expectCeremonyError(() => create(options({ challenge: 'AAAA' })), 'TypeError');
    });

    it('a number, an array of numbers or a plain object → TypeError', () => {
      expectCeremonyError(() => create(options({ challenge: 1234 })), 'TypeError');
      expectCeremonyError(() => create(options({ challenge: [1, 2, 3, 4] })), 'TypeError');
      expectCeremonyError(() => create(options({ challenge: { length: 4 } })), 'TypeError');
    });

    it('a tagged value that is not valid base64url → TypeError', () => {
      expectCeremonyError(() => create(options({ challenge: { [BYTES_TAG]: 'not base64url!' } })), 'TypeError');
    });
  });

  describe('sequences (Web IDL sequence<T>)', () => {
    it('non-sequence pubKeyCredParams (an object, a string, a number) → TypeError', () => {
      expectCeremonyError(() => create(options({ pubKeyCredParams: { type: 'public-key', alg: -7 } })), 'TypeError');
      expectCeremonyError(() => create(options({ pubKeyCredParams: 'public-key' })), 'TypeError');
      expectCeremonyError(() => create(options({ pubKeyCredParams: 7 })), 'TypeError');
    });

    it('non-sequence excludeCredentials (an object, a string) → TypeError', () => {
      expectCeremonyError(() => create(options({ excludeCredentials: { type: 'public-key', id: filled(16) } })), 'TypeError');
      expectCeremonyError(() => create(options({ excludeCredentials: 'abc' })), 'TypeError');
    });

    it('excludeCredentials entry without a BufferSource id → TypeError', () => {
      expectCeremonyError(() => create(options({ excludeCredentials: [{ type: 'public-key' }] })), 'TypeError');
      expectCeremonyError(() => create(options({ excludeCredentials: [{ type: 'public-key', id: 'abc' }] })), 'TypeError');
    });

    it('pubKeyCredParams entry without alg or type → TypeError', () => {
      expectCeremonyError(() => create(options({ pubKeyCredParams: [{ type: 'public-key' }] })), 'TypeError');
      expectCeremonyError(() => create(options({ pubKeyCredParams: [{ alg: -7 }] })), 'TypeError');
    });

    it('excludeCredentials ids of type public-key are kept, others dropped', () => {
      const prepared = create(
        options({
          excludeCredentials: [
            { type: 'public-key', id: bytes([1, 2, 3]) },
            { type: 'future-type', id: bytes([4, 5, 6]) },
          ],
        }),
      );
      expect(prepared.excludeCredentialIds).toEqual([Uint8Array.of(1, 2, 3)]);
    });
  });

  // https://w3c.github.io/webauthn/#sctn-createCredential step 10.
  describe('pubKeyCredParams (step 10)', () => {
    it('[] → ES256', () => {
      expect(create(options({ pubKeyCredParams: [] })).alg).toBe(-7);
    });

    it('entries of unknown type are skipped', () => {
      const prepared = create(
        options({
          pubKeyCredParams: [
            { type: 'password', alg: -7 },
            { type: 'public-key', alg: -7 },
          ],
        }),
      );
      expect(prepared.alg).toBe(-7);
    });

    it('unsupported algorithms before ES256 are skipped (ES384, ES512, then ES256)', () => {
      const prepared = create(
        options({
          pubKeyCredParams: [
            { type: 'public-key', alg: -35 },
            { type: 'public-key', alg: -36 },
            { type: 'public-key', alg: -7 },
          ],
        }),
      );
      expect(prepared.alg).toBe(-7);
    });

    // The authenticator's NotSupportedError (#sctn-op-make-cred step 2) is no error here: the
    // ceremony goes on to the prompt, which ends in NotAllowedError (src/background/ceremony.ts).
    it('only ES384 (a known type) → no algorithm, no error before the prompt', () => {
      expect(create(options({ pubKeyCredParams: [{ type: 'public-key', alg: -35 }] })).alg).toBeNull();
      expect(create(options({ pubKeyCredParams: [{ type: 'public-key', alg: -35 }, { type: 'password', alg: -7 }] })).alg).toBeNull();
    });

    it('ES256 only under an unknown type → NotSupportedError', () => {
      expectCeremonyError(() => create(options({ pubKeyCredParams: [{ type: 'not-public-key', alg: -7 }] })), 'NotSupportedError');
    });
  });

  // Enums in WebAuthn dictionaries are DOMStrings so that unknown values are ignored:
  // https://w3c.github.io/webauthn/#sct-domstring-backwards-compatibility
  describe('unknown enum values and extensions are ignored', () => {
    it('unknown attestation conveyance', () => {
      expect(create(options({ attestation: 'super-direct' })).alg).toBe(-7);
    });

    it('unknown authenticatorAttachment and residentKey', () => {
      const prepared = create(options({ authenticatorSelection: { authenticatorAttachment: 'quantum', residentKey: 'maybe' } }));
      expect(prepared.alg).toBe(-7);
    });

    it('unknown userVerification behaves as "preferred"', () => {
      const prepared = create(options({ authenticatorSelection: { userVerification: 'sometimes' } }));
      expect(prepared.wantsUserVerification).toBe(true);
      expect(prepared.requireUserVerification).toBe(false);
    });

    it('known userVerification values map to want/require', () => {
      const uv = (value: string) => {
        const p = create(options({ authenticatorSelection: { userVerification: value } }));
        return [p.wantsUserVerification, p.requireUserVerification];
      };
      expect(uv('required')).toEqual([true, true]);
      expect(uv('preferred')).toEqual([true, false]);
      expect(uv('discouraged')).toEqual([false, false]);
      const noSelection = create(options());
      expect([noSelection.wantsUserVerification, noSelection.requireUserVerification]).toEqual([true, false]);
    });

    it('unknown hints', () => {
      expect(create(options({ hints: ['hologram', 'security-key'] })).alg).toBe(-7);
    });

    it('unknown extensions', () => {
      expect(create(options({ extensions: { totallyNew: { x: 1 }, credProps: true, prf: { eval: { first: filled(32) } } } })).alg).toBe(-7);
    });
  });

  // https://w3c.github.io/webauthn/#sctn-createCredential step 4 and
  // https://w3c.github.io/webauthn/#sctn-timeout-recommended-range.
  describe('timeout (step 4) is clamped', () => {
    const timeout = (value: WireValue | undefined) =>
      create(value === undefined ? options() : options({ timeout: value })).timeoutMs;

    it('absent → the default', () => {
      expect(timeout(undefined)).toBe(DEFAULT_TIMEOUT_MS);
    });

    it('too small (0, 1, 29999) → the minimum', () => {
      expect(timeout(0)).toBe(MIN_TIMEOUT_MS);
      expect(timeout(1)).toBe(MIN_TIMEOUT_MS);
      expect(timeout(MIN_TIMEOUT_MS - 1)).toBe(MIN_TIMEOUT_MS);
    });

    it('in range → as given', () => {
      expect(timeout(45_000)).toBe(45_000);
      expect(timeout(MAX_TIMEOUT_MS)).toBe(MAX_TIMEOUT_MS);
    });

    it('too large (one day, 2^32 - 1) → the maximum', () => {
      expect(timeout(86_400_000)).toBe(MAX_TIMEOUT_MS);
      expect(timeout(0xffffffff)).toBe(MAX_TIMEOUT_MS);
    });

    it('negative wraps as an unsigned long, then clamps to the maximum', () => {
      expect(timeout(-1)).toBe(MAX_TIMEOUT_MS);
    });

    it('non-numbers convert as Web IDL does (NaN → 0 → minimum), never unclamped', () => {
      expect(timeout('soon')).toBe(MIN_TIMEOUT_MS);
      expect(timeout(null)).toBe(MIN_TIMEOUT_MS);
      expect(timeout('60000')).toBe(60_000);
    });

    it('the range is sane: 30 s ≤ default ≤ 10 min', () => {
      expect(MIN_TIMEOUT_MS).toBeGreaterThanOrEqual(30_000);
      expect(MAX_TIMEOUT_MS).toBeLessThanOrEqual(600_000);
      expect(DEFAULT_TIMEOUT_MS).toBeGreaterThanOrEqual(MIN_TIMEOUT_MS);
      expect(DEFAULT_TIMEOUT_MS).toBeLessThanOrEqual(MAX_TIMEOUT_MS);
    });
  });

  describe('caller', () => {
    // Step 2 (cross-origin callers and the permissions policy) is checked before prepareCreate
    // runs: test/unit/client-frame-policy.test.ts.

    it('rp.id the caller may not claim → SecurityError', () => {
      expectCeremonyError(() => create(options({ rp: { name: 'Evil', id: 'evil.example' } })), 'SecurityError');
      expectCeremonyError(() => create(options({ rp: { name: 'Com', id: 'com' } })), 'SecurityError');
    });

    it('rp.id absent → the caller’s effective domain', () => {
      expect(create(options({ rp: { name: 'Example' } })).rpId).toBe('login.example.com');
    });
  });

  it('step 5 (user.id length) runs before step 8 (RP ID): a bad user.id with a bad rp.id is a TypeError', () => {
    expectCeremonyError(
      () => create(options({ rp: { name: 'x', id: 'evil.example' }, user: { id: bytes([]), name: 'a', displayName: 'A' } })),
      'TypeError',
    );
  });
});
