import { describe, expect, it } from 'vitest';
import {
  encodeAuthenticatorData,
  FLAG_AT,
  FLAG_BE,
  FLAG_BS,
  FLAG_ED,
  FLAG_UP,
  FLAG_UV,
  type AuthenticatorDataFields,
} from '../../src/core/authenticator-data';
import { decodeCbor, encodeCbor } from '../../src/core/cbor';
import { encodeEs256CoseKey } from '../../src/core/cose-key';
import { es256PublicKey } from '../../src/core/es256';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const RP_ID_HASH = Uint8Array.from({ length: 32 }, (_, i) => i + 1);

function base(overrides: Partial<AuthenticatorDataFields> = {}): AuthenticatorDataFields {
  return {
    rpIdHash: RP_ID_HASH,
    userPresent: true,
    userVerified: false,
    backupEligible: false,
    backedUp: false,
    signCount: 0,
    ...overrides,
  };
}

// https://w3c.github.io/webauthn/#sctn-authenticator-data (layout) and
// https://w3c.github.io/webauthn/#authdata-flags (bit 0 UP, bit 1 RFU1, bit 2 UV, bit 3 BE, bit 4 BS,
// bit 5 RFU2, bit 6 AT, bit 7 ED).
describe('WebAuthn §6.1 authenticator data: flags', () => {
  it('uses the spec bit positions for each flag', () => {
    expect([FLAG_UP, FLAG_UV, FLAG_BE, FLAG_BS, FLAG_AT, FLAG_ED]).toEqual([0x01, 0x04, 0x08, 0x10, 0x40, 0x80]);
  });

  it('sets exactly the requested UP/UV/BE/BS bits and never the RFU bits (bits 1 and 5)', () => {
    for (let mask = 0; mask < 16; mask++) {
      const fields = base({
        userPresent: (mask & 1) !== 0,
        userVerified: (mask & 2) !== 0,
        backupEligible: (mask & 4) !== 0,
        backedUp: (mask & 8) !== 0,
      });
      if (fields.backedUp && !fields.backupEligible) continue;
      const flags = encodeAuthenticatorData(fields)[32]!;
      const expected =
        (fields.userPresent ? 0x01 : 0) |
        (fields.userVerified ? 0x04 : 0) |
        (fields.backupEligible ? 0x08 : 0) |
        (fields.backedUp ? 0x10 : 0);
      expect(flags, `mask ${mask}`).toBe(expected);
      expect(flags & 0x22).toBe(0);
    }
  });

  it('UP only: flags 0x01; UP+UV+BE: 0x0d; UP+BE+BS: 0x19', () => {
    expect(encodeAuthenticatorData(base())[32]).toBe(0x01);
    expect(encodeAuthenticatorData(base({ userVerified: true, backupEligible: true }))[32]).toBe(0x0d);
    expect(encodeAuthenticatorData(base({ backupEligible: true, backedUp: true }))[32]).toBe(0x19);
  });

  // https://w3c.github.io/webauthn/#authdata-flags-bs: "If BE is not set, BS MUST NOT be set."
  it('refuses BS without BE', () => {
    expect(() => encodeAuthenticatorData(base({ backupEligible: false, backedUp: true }))).toThrow(TypeError);
  });

  it('AT and ED are absent without attested credential data or extensions (assertion form is 37 bytes)', () => {
    const out = encodeAuthenticatorData(base({ userVerified: true, backupEligible: true }));
    expect(out.length).toBe(37);
    expect(out[32]! & (FLAG_AT | FLAG_ED)).toBe(0);
  });
});

// https://w3c.github.io/webauthn/#sctn-authenticator-data: rpIdHash (32) | flags (1) | signCount (4,
// big-endian unsigned 32-bit).
describe('WebAuthn §6.1 authenticator data: rpIdHash and signCount', () => {
  it('starts with the 32-byte RP ID hash', () => {
    expect(hex(encodeAuthenticatorData(base()).subarray(0, 32))).toBe(hex(RP_ID_HASH));
  });

  it('refuses an RP ID hash that is not 32 bytes', () => {
    expect(() => encodeAuthenticatorData(base({ rpIdHash: new Uint8Array(31) }))).toThrow(TypeError);
    expect(() => encodeAuthenticatorData(base({ rpIdHash: new Uint8Array(33) }))).toThrow(TypeError);
  });

  it('writes the counter big-endian in bytes 33..36', () => {
    const counter = (n: number) => hex(encodeAuthenticatorData(base({ signCount: n })).subarray(33, 37));
    expect(counter(0)).toBe('00000000');
    expect(counter(1)).toBe('00000001');
    expect(counter(0x01020304)).toBe('01020304');
    expect(counter(256)).toBe('00000100');
    expect(counter(0xffffffff)).toBe('ffffffff');
  });

  it('refuses counters outside uint32', () => {
    for (const bad of [-1, 0x100000000, 1.5, Number.NaN]) {
      expect(() => encodeAuthenticatorData(base({ signCount: bad }))).toThrow(RangeError);
    }
  });
});

// https://w3c.github.io/webauthn/#sctn-attested-credential-data:
// aaguid (16) | credentialIdLength (2, big-endian) | credentialId (L) | credentialPublicKey (COSE_Key).
describe('WebAuthn §6.5.1 attested credential data', () => {
  const aaguid = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
  const publicKey = es256PublicKey(Uint8Array.from({ length: 32 }, (_, i) => i + 7));
  const coseKey = encodeEs256CoseKey(publicKey);

  function withCredential(credentialId: Uint8Array, extra: Partial<AuthenticatorDataFields> = {}): Uint8Array {
    return encodeAuthenticatorData(
      base({ attestedCredentialData: { aaguid, credentialId, credentialPublicKey: coseKey }, ...extra }),
    );
  }

  it('sets AT and lays out aaguid, the 2-byte length, the id and the COSE key in that order', () => {
    const credentialId = Uint8Array.from({ length: 32 }, (_, i) => 0x10 + i);
    const out = withCredential(credentialId);
    expect(out[32]).toBe(FLAG_UP | FLAG_AT);
    expect(hex(out.subarray(37, 53))).toBe(hex(aaguid));
    expect(hex(out.subarray(53, 55))).toBe('0020');
    expect(hex(out.subarray(55, 87))).toBe(hex(credentialId));
    expect(hex(out.subarray(87))).toBe(hex(coseKey));
    expect(out.length).toBe(37 + 16 + 2 + 32 + coseKey.length);
    // The COSE key at the end is one CBOR item that decodes back to its map.
    expect(decodeCbor(out.subarray(87))).toBeInstanceOf(Map);
  });

  it('writes the credential id length big-endian (300 → 01 2c; 1023 → 03 ff)', () => {
    const id300 = new Uint8Array(300).fill(7);
    expect(hex(withCredential(id300).subarray(53, 55))).toBe('012c');
    const id1023 = new Uint8Array(1023).fill(9);
    const out = withCredential(id1023);
    expect(hex(out.subarray(53, 55))).toBe('03ff');
    expect(hex(out.subarray(55 + 1023))).toBe(hex(coseKey));
  });

  // https://w3c.github.io/webauthn/#credential-id: at most 1023 bytes.
  it('refuses a credential id longer than 1023 bytes', () => {
    expect(() => withCredential(new Uint8Array(1024))).toThrow(TypeError);
  });

  it('refuses an AAGUID that is not 16 bytes', () => {
    expect(() =>
      encodeAuthenticatorData(
        base({ attestedCredentialData: { aaguid: new Uint8Array(15), credentialId: new Uint8Array(16), credentialPublicKey: coseKey } }),
      ),
    ).toThrow(TypeError);
  });

  it('keeps UV/BE/BS alongside AT', () => {
    const out = withCredential(new Uint8Array(16), { userVerified: true, backupEligible: true, backedUp: true });
    expect(out[32]).toBe(FLAG_UP | FLAG_UV | FLAG_BE | FLAG_BS | FLAG_AT);
  });
});

// https://w3c.github.io/webauthn/#authdata-extensions: ED set iff extension outputs follow, as a
// CBOR map after the attested credential data (if any).
describe('WebAuthn §6.1 authenticator data: extensions (ED)', () => {
  const extensions = encodeCbor(new Map([['credProtect', 1]]));

  it('sets ED and appends the extensions map after the fixed part', () => {
    const out = encodeAuthenticatorData(base({ extensions }));
    expect(out[32]).toBe(FLAG_UP | FLAG_ED);
    expect(hex(out.subarray(37))).toBe(hex(extensions));
  });

  it('puts the extensions after the attested credential data when both are present', () => {
    const coseKey = encodeEs256CoseKey(es256PublicKey(new Uint8Array(32).fill(3)));
    const out = encodeAuthenticatorData(
      base({
        attestedCredentialData: { aaguid: new Uint8Array(16), credentialId: new Uint8Array(16).fill(1), credentialPublicKey: coseKey },
        extensions,
      }),
    );
    expect(out[32]).toBe(FLAG_UP | FLAG_AT | FLAG_ED);
    const keyStart = 37 + 16 + 2 + 16;
    expect(hex(out.subarray(keyStart, keyStart + coseKey.length))).toBe(hex(coseKey));
    expect(hex(out.subarray(keyStart + coseKey.length))).toBe(hex(extensions));
  });
});
