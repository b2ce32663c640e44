/**
 * SECURITY.md case 30 and https://w3c.github.io/webauthn/#credentials-map: one passkey per
 * (RP ID, user handle). A new registration for the same account replaces the old passkey in one
 * transaction, found by a keyed index that reveals neither the site nor the user at rest.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toBase64url } from '../../src/core/base64url';
import type { PasskeyRecord } from '../../src/core/passkey-record';
import { VaultStorageFullError, type Vault } from '../../src/vault/vault';
import { dumpDatabase } from '../fixtures/idb-dump';
import { containsBytes, makeRecord, openTestVault, signInVerified, uniqueDbName } from './vault-test-helpers';

const PIN = 'case-30-pin-1357';
const opened: Vault[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const vault of opened.splice(0)) vault.close();
});

async function fresh(): Promise<{ name: string; vault: Vault }> {
  const name = uniqueDbName();
  const vault = await openTestVault(name);
  opened.push(vault);
  await vault.setPin(PIN);
  return { name, vault };
}

const ids = async (vault: Vault, rpId: string) => (await vault.findForRp(rpId, { includeHidden: true })).map((r) => toBase64url(r.credentialId)).sort();
const b64 = (r: PasskeyRecord) => toBase64url(r.credentialId);

describe('case 30: the credentials map holds one passkey per RP ID and user handle', () => {
  it('case 30: registering again for the same RP ID and user handle replaces the old passkey', async () => {
    const { vault } = await fresh();
    const first = makeRecord('bank.example', 'alice@example');
    const bob = makeRecord('bank.example', 'bob@example');
    const elsewhere = makeRecord('shop.example', 'alice@example', { userId: first.userId });
    for (const r of [first, bob, elsewhere]) expect(await vault.add(r)).toBe(0);
    const again = makeRecord('bank.example', 'alice@example', { userId: first.userId });
    expect(await vault.add(again)).toBe(1);
    expect(await ids(vault, 'bank.example')).toEqual([b64(again), b64(bob)].sort());
    expect(await vault.findById('bank.example', first.credentialId, { includeHidden: true })).toBeNull();
    // Same user handle on another RP, and another user on this RP, are other entries of the map.
    expect(await ids(vault, 'shop.example')).toEqual([b64(elsewhere)]);
    expect(await vault.count()).toBe(3);
    expect((await signInVerified(vault, 'bank.example', again.credentialId, again.publicKey)).verified).toBe(true);
  });

  it('case 30: a hidden passkey of that account is replaced too (it behaves as if gone)', async () => {
    const { vault } = await fresh();
    const first = makeRecord('bank.example', 'alice@example');
    await vault.add(first);
    await vault.hide('bank.example', first.credentialId, { reason: 'unknown-credential', origin: 'https://bank.example', at: 1 });
    const again = makeRecord('bank.example', 'alice@example', { userId: first.userId });
    expect(await vault.add(again)).toBe(1);
    expect(await ids(vault, 'bank.example')).toEqual([b64(again)]);
  });

  it('case 30: add and delete are one transaction: a refused write leaves the old passkey', async () => {
    const { vault } = await fresh();
    const first = makeRecord('bank.example', 'alice@example');
    await vault.add(first);
    const quota = vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    await expect(vault.add(makeRecord('bank.example', 'alice@example', { userId: first.userId }))).rejects.toBeInstanceOf(VaultStorageFullError);
    quota.mockRestore();
    expect(await ids(vault, 'bank.example')).toEqual([b64(first)]);
    // The delete failing after the add was issued rolls the add back too.
    const failing = vi.spyOn(IDBObjectStore.prototype, 'delete').mockImplementation(() => {
      throw new DOMException('crash mid-write', 'UnknownError');
    });
    await expect(vault.add(makeRecord('bank.example', 'alice@example', { userId: first.userId }))).rejects.toThrow('crash mid-write');
    failing.mockRestore();
    expect(await ids(vault, 'bank.example')).toEqual([b64(first)]);
    expect(await vault.count()).toBe(1);
    expect((await signInVerified(vault, 'bank.example', first.credentialId, first.publicKey)).verified).toBe(true);
  });

  it('case 30: the (RP ID, user handle) index reveals neither at rest', async () => {
    const { name, vault } = await fresh();
    const records = [makeRecord('bank.example', 'alice@example'), makeRecord('shop.example', 'bob@example')];
    for (const r of records) await vault.add(r);
    const dump = await dumpDatabase(name);
    const text = JSON.stringify(dump);
    for (const r of records) {
      expect(text).not.toContain(toBase64url(r.userId));
      expect(text).not.toContain(toBase64url(r.credentialId));
      expect(text).not.toContain(r.rpId);
    }
    const stored = dump.stores.find((s) => s.name === 'credentials')!;
    expect(stored.indexes.map((i) => i.name).sort()).toEqual(['by-rp', 'by-user']);
    const values = stored.records.map((r) => r.value as { u: string });
    expect(values.every((v) => typeof v.u === 'string' && v.u.length === 43)).toBe(true);
    expect(new Set(values.map((v) => v.u)).size).toBe(2);
    for (const v of values) for (const r of records) expect(containsBytes(new TextEncoder().encode(v.u), r.userId)).toBe(false);
  });
});

describe('hidden passkeys (SECURITY.md case 25, the vault half)', () => {
  const hidden = { reason: 'not-accepted' as const, origin: 'https://login.bank.example', at: 1_770_000_000_000 };

  it('a hidden passkey is neither found for a ceremony nor signs, but is listed with its flag', async () => {
    const { name, vault } = await fresh();
    const alice = makeRecord('bank.example', 'alice@example');
    const bob = makeRecord('bank.example', 'bob@example');
    await vault.add(alice);
    await vault.add(bob);
    expect(await vault.hide('bank.example', alice.credentialId, hidden)).toBe(true);
    expect(await vault.hide('bank.example', alice.credentialId, { ...hidden, reason: 'unknown-credential' })).toBe(false); // keeps its first reason
    expect((await vault.findForRp('bank.example')).map(b64)).toEqual([b64(bob)]);
    expect(await vault.findById('bank.example', alice.credentialId)).toBeNull();
    expect((await vault.findById('bank.example', alice.credentialId, { includeHidden: true }))?.hidden).toEqual(hidden);
    await expect(vault.recordUse('bank.example', alice.credentialId)).rejects.toThrow(/no longer in the vault/);
    const listed = await vault.list();
    expect(listed.find((p) => p.id === b64(alice))?.hidden).toEqual(hidden);
    expect(listed.find((p) => p.id === b64(bob))).not.toHaveProperty('hidden');
    // encrypted like the rest of the record
    const text = JSON.stringify(await dumpDatabase(name));
    expect(text).not.toContain('not-accepted');
    expect(text).not.toContain('login.bank.example');
  });

  it('restore shows it again, with its counter and keys as they were, and it survives a lock', async () => {
    const { vault } = await fresh();
    const alice = makeRecord('bank.example', 'alice@example');
    await vault.add(alice);
    await vault.recordUse('bank.example', alice.credentialId, 5);
    await vault.hide('bank.example', alice.credentialId, hidden);
    vault.lock();
    expect(await vault.unlock(PIN)).toEqual({ ok: true });
    expect(await vault.findById('bank.example', alice.credentialId)).toBeNull();
    expect(await vault.restore('bank.example', alice.credentialId)).toBe(true);
    expect(await vault.restore('bank.example', alice.credentialId)).toBe(false);
    const back = await vault.findById('bank.example', alice.credentialId);
    expect(back).not.toBeNull();
    expect(back).not.toHaveProperty('hidden');
    expect(await signInVerified(vault, 'bank.example', alice.credentialId, alice.publicKey, 1)).toMatchObject({ verified: true, newCounter: 2 });
    expect((await vault.list())[0]).not.toHaveProperty('hidden');
  });

  it('a passkey hidden while a sign-in waits for the lock does not sign', async () => {
    const { vault } = await fresh();
    const alice = makeRecord('bank.example', 'alice@example');
    await vault.add(alice);
    await vault.findForRp('bank.example'); // the prompt opened it (its fast path is warm)
    let signed = 0;
    const [hid, use] = await Promise.allSettled([
      vault.hide('bank.example', alice.credentialId, hidden),
      vault.useRecord('bank.example', alice.credentialId, 9, {}, () => ++signed),
    ]);
    expect(hid).toEqual({ status: 'fulfilled', value: true });
    expect(use.status).toBe('rejected');
    expect(signed).toBe(0);
    expect((await vault.findById('bank.example', alice.credentialId, { includeHidden: true }))?.signCount).toBe(0);
  });
});
