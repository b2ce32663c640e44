/**
 * The vault at rest and behind the PIN: SECURITY.md cases 17–20, lock state, PIN
 * change, "forgot PIN" reset, KDF re-wrap, and storage errors (quota, blocked upgrade).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDB } from 'idb';
import { fromBase64url } from '../../src/core/base64url.js';
import { utf8 } from '../../src/core/bytes.js';
import { RESET_CONFIRMATION } from '../../src/core/protocol.js';
import { Vault, VaultIntegrityError, VaultLockedError, VaultStorageFullError, VaultUpgradeBlockedError } from '../../src/vault/vault.js';
import { dumpDatabase, loadDatabase, type DatabaseDump } from '../fixtures/idb-dump.js';
import fixture from '../fixtures/vault-schema-v1.json';
import { containsBytes, expectAeadRefuses, makeRecord, openTestVault, signInVerified, TEST_KDF, uniqueDbName } from './vault-test-helpers.js';

// Lets a test stop the key derivation midway, as if the background were killed mid-check.
const kdfControl = vi.hoisted(() => ({ crash: false }));
vi.mock('../../src/vault/kdf.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/vault/kdf.js')>();
  return {
    ...original,
    deriveKeyEncryptionKey: (pin: string, params: Parameters<typeof original.deriveKeyEncryptionKey>[1]) =>
      kdfControl.crash ? Promise.reject(new Error('background killed')) : original.deriveKeyEncryptionKey(pin, params),
  };
});

const PIN = 'correct horse 1';
const open: Vault[] = [];
async function fresh(name = uniqueDbName()): Promise<{ vault: Vault; name: string }> {
  const vault = await openTestVault(name);
  open.push(vault);
  return { vault, name };
}
afterEach(() => {
  kdfControl.crash = false;
  for (const v of open.splice(0)) if (!v.isClosed()) v.close();
});

function allBytes(value: unknown, out: Uint8Array[] = []): Uint8Array[] {
  if (Array.isArray(value)) value.forEach((v) => allBytes(v, out));
  else if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]![0] === '$bytes') out.push(fromBase64url(entries[0]![1] as string));
    else entries.forEach(([, v]) => allBytes(v, out));
  }
  return out;
}

describe('SECURITY.md case 17: a copy of the database reveals no key, PIN, site or user', () => {
  it('holds none of the private key, the vault key, the PIN, "bank.example" or "alice"', async () => {
    const { vault, name } = await fresh();
    await vault.setPin(PIN);
    const records = [makeRecord('bank.example', 'alice@example'), makeRecord('bank.example', 'alice.other@example')];
    for (const r of records) await vault.add(r);
    const vaultKey = vault.sessionKey()!;
    const dump = await dumpDatabase(name);
    const text = JSON.stringify(dump);
    for (const secret of ['bank.example', 'alice', PIN, 'bank']) expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
    const blobs = allBytes(dump);
    expect(blobs.length).toBeGreaterThan(0);
    for (const blob of blobs) {
      for (const r of records) {
        expect(containsBytes(blob, r.privateKey)).toBe(false);
        expect(containsBytes(blob, utf8(r.rpId))).toBe(false);
        expect(containsBytes(blob, utf8(r.userName))).toBe(false);
      }
      expect(containsBytes(blob, vaultKey)).toBe(false);
      expect(containsBytes(blob, utf8(PIN))).toBe(false);
    }
  });
});

describe('SECURITY.md case 18: tampered or swapped records fail closed', () => {
  async function setup() {
    const { vault, name } = await fresh();
    await vault.setPin(PIN);
    const bank = makeRecord('bank.example', 'alice@example');
    const shop = makeRecord('shop.example', 'alice@example');
    await vault.add(bank);
    await vault.add(shop);
    const raw = await openDB(name);
    return { vault, raw, bank, shop };
  }

  it('a flipped ciphertext byte gives an integrity error, and the other site still signs', async () => {
    const { vault, raw, bank, shop } = await setup();
    // flip one bit of one stored record (which site's it is, the database does not say)
    const [stored] = await raw.getAll('credentials');
    const copy = { ...stored!, ct: stored!.ct.slice() };
    copy.ct[5]! ^= 0x01;
    await raw.put('credentials', copy);
    const results = await Promise.allSettled([vault.findForRp('bank.example'), vault.findForRp('shop.example')]);
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect((failed[0] as PromiseRejectedResult).reason).toBeInstanceOf(VaultIntegrityError);
    const intact = results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<unknown[]>;
    expect(intact.value).toHaveLength(1);
    // nothing else lost: the untouched passkey still signs and verifies
    const ok = (await vault.findForRp('shop.example').catch(() => null)) ? shop : bank;
    const signed = await signInVerified(vault, ok.rpId, ok.credentialId, ok.publicKey);
    expect(signed.verified).toBe(true);
    raw.close();
  });

  it('records swapped between two sites decrypt for neither', async () => {
    const { vault, raw } = await setup();
    const [a, b] = await raw.getAll('credentials');
    await raw.put('credentials', { ...a!, iv: b!.iv, ct: b!.ct });
    await raw.put('credentials', { ...b!, iv: a!.iv, ct: a!.ct });
    await expectAeadRefuses(vault.findForRp('bank.example'));
    await expectAeadRefuses(vault.findForRp('shop.example'));
    // no signature: the counter step refuses too
    await expect(vault.recordUse('bank.example', new Uint8Array(32))).rejects.toThrow();
    raw.close();
  });
});

describe('SECURITY.md case 19: wrong PINs', () => {
  it('counts the attempt before the comparison: a background killed mid-check gives no free guess', async () => {
    const { vault, name } = await fresh();
    await vault.setPin(PIN);
    vault.lock();
    kdfControl.crash = true;
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) await expect(vault.unlock('guess' + i, t0)).rejects.toThrow('background killed');
    kdfControl.crash = false;
    // a new background (new connection) sees the three attempts and makes the guesser wait
    const again = await Vault.open(name, { kdf: TEST_KDF });
    open.push(again);
    expect((await again.status(t0)).retryAfterSeconds).toBe(30);
    expect(await again.unlock(PIN, t0)).toEqual({ ok: false, reason: 'wait', retryAfterSeconds: 30 });
  });

  it('waits grow 30 s, 60 s, 120 s; the right PIN works afterwards and nothing is wiped', async () => {
    const { vault } = await fresh();
    await vault.setPin(PIN);
    const record = makeRecord('bank.example', 'alice@example');
    await vault.add(record);
    vault.lock();
    let now = 5_000_000;
    expect(await vault.unlock('wrong-1', now)).toEqual({ ok: false, reason: 'wrong-pin', retryAfterSeconds: 0 });
    expect(await vault.unlock('wrong-2', now)).toEqual({ ok: false, reason: 'wrong-pin', retryAfterSeconds: 0 });
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await vault.unlock(`wrong-${i + 3}`, now);
      expect(r.ok).toBe(false);
      waits.push((r as { retryAfterSeconds: number }).retryAfterSeconds);
      // too early: refused without even trying the PIN
      expect(await vault.unlock(PIN, now + 1000)).toMatchObject({ ok: false, reason: 'wait' });
      now += waits[i]! * 1000;
    }
    expect(waits).toEqual([30, 60, 120]);
    expect(await vault.unlock(PIN, now)).toEqual({ ok: true });
    expect((await vault.status(now)).retryAfterSeconds).toBe(0);
    expect(await vault.findForRp('bank.example')).toHaveLength(1);
  });
});

describe('SECURITY.md case 20: a deleted passkey no longer signs nor matches', () => {
  it('is gone from lookups by RP and by id, and recordUse refuses it', async () => {
    const { vault } = await fresh();
    await vault.setPin(PIN);
    const keep = makeRecord('bank.example', 'bob@example');
    const gone = makeRecord('bank.example', 'alice@example');
    await vault.add(keep);
    await vault.add(gone);
    const id = (await vault.list()).find((p) => p.userName === 'alice@example')!.id;
    expect(await vault.delete(id)).toBe(true);
    expect(await vault.findById('bank.example', gone.credentialId)).toBeNull(); // excludeCredentials finds nothing
    expect((await vault.findForRp('bank.example')).map((r) => r.userName)).toEqual(['bob@example']);
    await expect(vault.recordUse('bank.example', gone.credentialId)).rejects.toBeInstanceOf(VaultIntegrityError);
    expect(await vault.delete(id)).toBe(false);
  });
});

describe('lock state', () => {
  it('Lock now forgets the key: lookups refuse until the PIN is entered again', async () => {
    const { vault } = await fresh();
    await vault.setPin(PIN);
    await vault.add(makeRecord('bank.example', 'alice@example'));
    vault.lock();
    expect(await vault.state()).toBe('locked');
    expect(vault.sessionKey()).toBeNull();
    await expect(vault.findForRp('bank.example')).rejects.toBeInstanceOf(VaultLockedError);
    expect(await vault.unlock(PIN)).toEqual({ ok: true });
    expect(await vault.findForRp('bank.example')).toHaveLength(1);
  });

  it('a restarted background restores the unlocked state from the session key alone', async () => {
    const { vault, name } = await fresh();
    await vault.setPin(PIN);
    await vault.add(makeRecord('bank.example', 'alice@example'));
    const session = vault.sessionKey()!;
    const restarted = await Vault.open(name, { kdf: TEST_KDF });
    open.push(restarted);
    expect(await restarted.state()).toBe('locked');
    await restarted.restoreSessionKey(session);
    expect(await restarted.findForRp('bank.example')).toHaveLength(1);
  });
});

describe('PIN change re-wraps the vault key only', () => {
  it('old PIN stops working, new PIN works, and no passkey record is rewritten', async () => {
    const { vault, name } = await fresh();
    await vault.setPin(PIN);
    await vault.add(makeRecord('bank.example', 'alice@example'));
    const before = await dumpDatabase(name);
    expect(await vault.changePin('not the pin', 'new pin 2')).toMatchObject({ ok: false, reason: 'wrong-pin' });
    expect(await vault.changePin(PIN, 'new pin 2')).toEqual({ ok: true });
    const after = await dumpDatabase(name);
    const creds = (d: DatabaseDump) => d.stores.find((s) => s.name === 'credentials')!.records;
    expect(creds(after)).toEqual(creds(before));
    const meta = (d: DatabaseDump) => JSON.stringify(d.stores.find((s) => s.name === 'meta')!.records);
    expect(meta(after)).not.toEqual(meta(before));
    vault.lock();
    expect(await vault.unlock(PIN)).toMatchObject({ ok: false, reason: 'wrong-pin' });
    expect(await vault.unlock('new pin 2')).toEqual({ ok: true });
    expect(await vault.findForRp('bank.example')).toHaveLength(1);
  });
});

describe('"forgot PIN" reset', () => {
  it('refuses without the exact typed confirmation, and deletes nothing', async () => {
    const { vault } = await fresh();
    await vault.setPin(PIN);
    await vault.add(makeRecord('bank.example', 'alice@example'));
    vault.lock();
    for (const wrong of ['', 'delete all passkeys', `${RESET_CONFIRMATION} `, 'yes']) {
      await expect(vault.reset(wrong)).rejects.toBeInstanceOf(RangeError);
    }
    expect(await vault.count()).toBe(1);
    expect(await vault.state()).toBe('locked');
  });

  it('with the confirmation, deletes every passkey and the PIN, even while locked', async () => {
    const { vault } = await fresh();
    await vault.setPin(PIN);
    await vault.add(makeRecord('bank.example', 'alice@example'));
    vault.lock();
    await vault.unlock('bad guess');
    await vault.reset(RESET_CONFIRMATION);
    expect(await vault.count()).toBe(0);
    expect(await vault.status()).toEqual({ state: 'no-pin', retryAfterSeconds: 0 });
    await vault.setPin('another pin');
    expect(await vault.state()).toBe('unlocked');
  });
});

describe('KDF parameters are stored and raised on the next unlock', () => {
  it('re-wraps a key wrapped with weaker parameters under the current ones', async () => {
    const name = uniqueDbName();
    const old = await Vault.open(name, { kdf: { alg: 'argon2id', m: 8192, t: 1, p: 1 } });
    await old.setPin(PIN);
    await old.add(makeRecord('bank.example', 'alice@example'));
    expect(await old.kdfParams()).toEqual({ alg: 'argon2id', m: 8192, t: 1, p: 1 });
    old.close();
    const { vault } = await fresh(name);
    expect(await vault.kdfParams()).toEqual({ alg: 'argon2id', m: 8192, t: 1, p: 1 });
    expect(await vault.unlock(PIN)).toEqual({ ok: true });
    expect(await vault.kdfParams()).toEqual(TEST_KDF);
    vault.lock();
    expect(await vault.unlock(PIN)).toEqual({ ok: true });
    expect(await vault.findForRp('bank.example')).toHaveLength(1);
  });
});

describe('storage errors are reported clearly and lose nothing', () => {
  it('a quota refusal rolls the write back and says so', async () => {
    const { vault } = await fresh();
    await vault.setPin(PIN);
    const first = makeRecord('bank.example', 'alice@example');
    await vault.add(first);
    const original = IDBObjectStore.prototype.add;
    const spy = vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function () {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    await expect(vault.add(makeRecord('bank.example', 'bob@example'))).rejects.toBeInstanceOf(VaultStorageFullError);
    spy.mockRestore();
    expect(IDBObjectStore.prototype.add).toBe(original);
    expect((await vault.findForRp('bank.example')).map((r) => r.userName)).toEqual(['alice@example']);
    const signed = await signInVerified(vault, 'bank.example', first.credentialId, first.publicKey);
    expect(signed.verified).toBe(true);
  });

  it('an upgrade blocked by an old connection fails with a clear error, then succeeds once it closes', async () => {
    const name = uniqueDbName();
    const oldConnection = (await loadDatabase(fixture.dump as DatabaseDump, { keepOpen: true, name }))!;
    await expect(Vault.open(name, { kdf: TEST_KDF })).rejects.toBeInstanceOf(VaultUpgradeBlockedError);
    oldConnection.close();
    const { vault } = await fresh(name);
    expect(await vault.unlock(fixture.pin)).toEqual({ ok: true });
    expect(await vault.count()).toBe(fixture.plaintext.length);
  });
});
