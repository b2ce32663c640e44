// https://w3c.github.io/webauthn/#authdata-flags and #sctn-sign-counter, as SECURITY.md promises:
// UP only after approval, UV only after the PIN in this ceremony, BE=1, BS from record.backedUp,
// AT only on create, ED only with extension data, RFU bits 0; a per-credential counter that never
// repeats or goes backward (advanced and persisted by the vault before the signature leaves).
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { fromBase64url } from '../../src/core/base64url';
import {
  encodeAuthenticatorData,
  FLAG_AT,
  FLAG_BE,
  FLAG_BS,
  FLAG_ED,
  FLAG_UP,
  FLAG_UV,
} from '../../src/core/authenticator-data';
import { getAssertion } from '../../src/core/get-assertion';
import { makeCredential } from '../../src/core/make-credential';
import type { PasskeyRecord } from '../../src/core/passkey-record';
import { Vault } from '../../src/vault/vault';
import { bytes, prepCreate, prepGet } from './support/ceremony-fixtures';

const RFU = 0x02 | 0x20;
const flagsOf = (authData: string) => fromBase64url(authData)[32]!;
const counterOf = (authData: string) => new DataView(fromBase64url(authData).buffer).getUint32(33, false);
const ALL_EXTENSIONS = {
  extensions: { credProps: true, prf: { eval: { first: bytes(Uint8Array.of(1)) } }, largeBlob: { support: 'required' } },
};

describe('authenticator data flags at registration', () => {
  it.each([false, true])('userVerified=%s: UP, BE and AT set, UV only when verified, no BS, ED or RFU', async (userVerified) => {
    const { result } = await makeCredential(prepCreate(ALL_EXTENSIONS), { userPresent: true, userVerified }, 1);
    const flags = flagsOf(result.authenticatorData);
    expect(flags & FLAG_UP).toBe(FLAG_UP);
    expect(flags & FLAG_UV).toBe(userVerified ? FLAG_UV : 0);
    expect(flags & FLAG_BE).toBe(FLAG_BE);
    expect(flags & FLAG_BS).toBe(0);
    expect(flags & FLAG_AT).toBe(FLAG_AT);
    // Extension outputs of these extensions are client outputs only: no authenticator data map.
    expect(flags & FLAG_ED).toBe(0);
    expect(flags & RFU).toBe(0);
    expect(counterOf(result.authenticatorData)).toBe(0);
    expect(Object.keys(result.clientExtensionResults).sort()).toEqual(['credProps', 'largeBlob', 'prf']);
  });
});

describe('authenticator data flags at authentication', () => {
  it.each([
    { userVerified: false, backedUp: false },
    { userVerified: true, backedUp: false },
    { userVerified: false, backedUp: true },
    { userVerified: true, backedUp: true },
  ])('%o: UP and BE set, UV and BS as given, no AT, ED or RFU; the record counter is the one signed', async ({ userVerified, backedUp }) => {
    const { record } = await makeCredential(prepCreate(), { userPresent: true, userVerified: true }, 1);
    const used: PasskeyRecord = { ...record, backedUp, signCount: 41 };
    const result = await getAssertion(prepGet({ extensions: { prf: { eval: { first: bytes(Uint8Array.of(2)) } } } }), used, {
      userPresent: true,
      userVerified,
    });
    const flags = flagsOf(result.authenticatorData);
    expect(flags & FLAG_UP).toBe(FLAG_UP);
    expect(flags & FLAG_UV).toBe(userVerified ? FLAG_UV : 0);
    expect(flags & FLAG_BE).toBe(FLAG_BE);
    expect(flags & FLAG_BS).toBe(backedUp ? FLAG_BS : 0);
    expect(flags & (FLAG_AT | FLAG_ED | RFU)).toBe(0);
    expect(fromBase64url(result.authenticatorData).length).toBe(37);
    expect(counterOf(result.authenticatorData)).toBe(41);
  });

  it('ED is set exactly when an extensions map is encoded, and BS without BE is refused', () => {
    const base = { rpIdHash: new Uint8Array(32), userPresent: true, userVerified: false, backupEligible: true, backedUp: false, signCount: 0 };
    expect(encodeAuthenticatorData(base)[32]! & FLAG_ED).toBe(0);
    expect(encodeAuthenticatorData({ ...base, extensions: Uint8Array.of(0xa0) })[32]! & FLAG_ED).toBe(FLAG_ED);
    expect(() => encodeAuthenticatorData({ ...base, backupEligible: false, backedUp: true })).toThrow(TypeError);
  });
});

describe('signature counter (https://w3c.github.io/webauthn/#sctn-sign-counter)', () => {
  async function vaultWithPasskey(name: string): Promise<{ vault: Vault; record: PasskeyRecord }> {
    const vault = await Vault.open(name);
    await vault.setPin('1234', { alg: 'argon2id', m: 8, t: 1, p: 1 });
    const { record } = await makeCredential(prepCreate(), { userPresent: true, userVerified: true }, 1);
    await vault.add(record);
    return { vault, record };
  }

  it('parallel uses get distinct, increasing counters that are persisted', async () => {
    const { vault, record } = await vaultWithPasskey('counter-parallel');
    const used = await Promise.all(Array.from({ length: 12 }, () => vault.recordUse(record.rpId, record.credentialId)));
    const counters = used.map((r) => r.signCount);
    expect(new Set(counters).size).toBe(12);
    expect([...counters].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect((await vault.findById(record.rpId, record.credentialId))!.signCount).toBe(12);
    vault.close();
  });

  it('a largeBlob write lands in the counter write: a parallel use never sees its counter go back', async () => {
    const { vault, record } = await vaultWithPasskey('counter-largeblob');
    const [a, b, c] = await Promise.all([
      vault.recordUse(record.rpId, record.credentialId),
      vault.recordUse(record.rpId, record.credentialId, Date.now(), { largeBlob: Uint8Array.of(7, 7) }),
      vault.recordUse(record.rpId, record.credentialId),
    ]);
    expect([a!.signCount, b!.signCount, c!.signCount]).toEqual([1, 2, 3]);
    const stored = (await vault.findById(record.rpId, record.credentialId))!;
    expect(stored.signCount).toBe(3);
    expect([...stored.largeBlob!]).toEqual([7, 7]);
    // PRF secrets survive the record codec.
    expect(stored.prfSecretUv).toEqual(record.prfSecretUv);
    expect(stored.prfSecretNoUv).toEqual(record.prfSecretNoUv);
    vault.close();
  });
});
