// The vault's fast paths keep the vault's promises (SECURITY.md "What we promise", cases 16 and
// 18): memoised keyed indexes, the popup's list memo keyed by the exact stored bytes, listing
// without the per-record HMACs, and the signature computed while the counter's write commits.
// Behaviour only: speed is measured by `npm run bench`, never asserted here.
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toBase64url } from '../../src/core/base64url';
import type { PasskeySummary } from '../../src/core/protocol';
import { Vault, VaultIntegrityError, VaultLockedError, VaultStorageFullError, type StoredRecord } from '../../src/vault/vault';
import { makeRecord, openTestVault, signInVerified, uniqueDbName } from './vault-test-helpers';

const PIN = '2468-correct-horse';
const opened: Vault[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const vault of opened.splice(0)) vault.close();
});

async function vaultNamed(name: string): Promise<Vault> {
  const vault = await openTestVault(name);
  opened.push(vault);
  return vault;
}

async function fresh() {
  const name = uniqueDbName();
  const vault = await vaultNamed(name);
  await vault.setPin(PIN);
  return { name, vault };
}

async function rawStore(name: string) {
  const db = await openDB(name);
  return {
    all: () => db.getAll('credentials') as Promise<StoredRecord[]>,
    put: (r: StoredRecord) => db.put('credentials', r),
    close: () => db.close(),
  };
}

describe('list(): one unreadable record hides no other (SECURITY.md case 18)', () => {
  it('lists the intact passkeys and counts the corrupt one; the corrupt one is left in place', async () => {
    const { name, vault } = await fresh();
    const records = ['alice', 'bob', 'carol'].map((u) => makeRecord('bank.example', `${u}@example`));
    for (const r of records) await vault.add(r);
    const raw = await rawStore(name);
    const [victim] = await raw.all();
    const ct = victim!.ct.slice();
    ct[3]! ^= 0x01;
    await raw.put({ ...victim!, ct });
    const listing = await vault.listWithProblems();
    expect(listing.unreadable).toBe(1);
    expect(listing.passkeys).toHaveLength(2);
    expect((await vault.list()).map((p) => p.userName).sort()).toHaveLength(2);
    expect(await raw.all()).toHaveLength(3);
    raw.close();
  });

  it('a record already listed, then tampered with, is reported unreadable on the next list (no stale display)', async () => {
    const { name, vault } = await fresh();
    await vault.add(makeRecord('bank.example', 'alice@example'));
    await vault.add(makeRecord('shop.example', 'bob@example'));
    expect((await vault.listWithProblems()).unreadable).toBe(0);
    const raw = await rawStore(name);
    const [a, b] = await raw.all();
    // swapped ciphertexts: each record's bytes were listed before, under the other index
    await raw.put({ ...a!, iv: b!.iv, ct: b!.ct });
    await raw.put({ ...b!, iv: a!.iv, ct: a!.ct });
    expect(await vault.listWithProblems()).toEqual({ passkeys: [], unreadable: 2 });
    raw.close();
  });

  it('a record moved under another RP index after being listed is unreadable, not shown under its old name', async () => {
    const { name, vault } = await fresh();
    await vault.add(makeRecord('bank.example', 'alice@example'));
    await vault.add(makeRecord('shop.example', 'bob@example'));
    await vault.list();
    const raw = await rawStore(name);
    const [a, b] = await raw.all();
    await raw.put({ ...a!, rp: b!.rp });
    const listing = await vault.listWithProblems();
    expect(listing.unreadable).toBe(1);
    expect(listing.passkeys).toHaveLength(1);
    raw.close();
  });

  it('shows what another connection wrote, changed or deleted since the last list', async () => {
    const { name, vault } = await fresh();
    const alice = makeRecord('bank.example', 'alice@example');
    const bob = makeRecord('shop.example', 'bob@example');
    await vault.add(alice);
    await vault.add(bob);
    expect((await vault.list()).map((p) => p.userName).sort()).toEqual(['alice@example', 'bob@example']);
    const other = await vaultNamed(name);
    expect(await other.unlock(PIN)).toEqual({ ok: true });
    await other.recordUse('bank.example', alice.credentialId, 1_770_000_000_000);
    await other.add(makeRecord('news.example', 'carol@example'));
    expect(await other.delete(toBase64url(bob.credentialId))).toBe(true);
    const listed = await vault.list();
    expect(listed.map((p) => p.userName).sort()).toEqual(['alice@example', 'carol@example']);
    expect(listed.find((p) => p.userName === 'alice@example')!.lastUsedAt).toBe(1_770_000_000_000);
  });

  it('shows this vault’s own writes, and nothing once locked', async () => {
    const { vault } = await fresh();
    const alice = makeRecord('bank.example', 'alice@example');
    await vault.add(alice);
    await vault.list();
    await vault.recordUse('bank.example', alice.credentialId, 1_780_000_000_000);
    await vault.modify('bank.example', alice.credentialId, (current) => ({ ...current, userDisplayName: 'Alice A.' }));
    const [summary] = await vault.list();
    // the rename is applied to the record as it is then: the sign-in just before it stays (case 29)
    expect(summary).toMatchObject({ userDisplayName: 'Alice A.', lastUsedAt: 1_780_000_000_000 });
    vault.lock();
    await expect(vault.list()).rejects.toBeInstanceOf(VaultLockedError);
    expect(await vault.unlock(PIN)).toEqual({ ok: true });
    expect(await vault.list()).toHaveLength(1);
  });

  it('concurrent lists agree with one another', async () => {
    const { vault } = await fresh();
    for (let i = 0; i < 20; i++) await vault.add(makeRecord(`site-${i % 3}.example`, `user-${i}@example`));
    const [a, b, c] = await Promise.all([vault.list(), vault.list(), vault.listWithProblems()]);
    expect(a).toHaveLength(20);
    expect(b).toEqual(a);
    expect(c).toEqual({ passkeys: a, unreadable: 0 });
  });
});

describe('memoised keyed indexes still fail closed (SECURITY.md case 18)', () => {
  it('after the prompt found a passkey, a record swapped under its index gives no signature', async () => {
    const { name, vault } = await fresh();
    const bank = makeRecord('bank.example', 'alice@example');
    const shop = makeRecord('shop.example', 'bob@example');
    await vault.add(bank);
    await vault.add(shop);
    // what the prompt does first: the indexes of both are now remembered
    expect(await vault.findForRp('bank.example')).toHaveLength(1);
    expect(await vault.findForRp('shop.example')).toHaveLength(1);
    const raw = await rawStore(name);
    const [a, b] = await raw.all();
    await raw.put({ ...a!, iv: b!.iv, ct: b!.ct });
    await raw.put({ ...b!, iv: a!.iv, ct: a!.ct });
    await expect(vault.recordUse('bank.example', bank.credentialId)).rejects.toBeInstanceOf(VaultIntegrityError);
    await expect(vault.useRecord('shop.example', shop.credentialId, 1, {}, () => 'signed')).rejects.toBeInstanceOf(VaultIntegrityError);
    raw.close();
  });

  it('a counter advanced elsewhere after the prompt opened the passkey is never reused', async () => {
    const { name, vault } = await fresh();
    const bank = makeRecord('bank.example', 'alice@example', { signCount: 10 });
    await vault.add(bank);
    expect((await vault.findForRp('bank.example'))[0]!.signCount).toBe(10);
    const other = await vaultNamed(name);
    expect(await other.unlock(PIN)).toEqual({ ok: true });
    expect((await other.recordUse('bank.example', bank.credentialId)).signCount).toBe(11);
    const { value } = await vault.useRecord('bank.example', bank.credentialId, 5, {}, (next) => next.signCount);
    expect(value).toBe(12);
    expect((await other.findById('bank.example', bank.credentialId))!.signCount).toBe(12);
  });

  it('a record tampered with after the prompt opened it gives no signature', async () => {
    const { name, vault } = await fresh();
    const bank = makeRecord('bank.example', 'alice@example');
    await vault.add(bank);
    await vault.findForRp('bank.example');
    const raw = await rawStore(name);
    const [stored] = await raw.all();
    const ct = stored!.ct.slice();
    ct[7]! ^= 0x40;
    await raw.put({ ...stored!, ct });
    let signed = 0;
    await expect(vault.useRecord('bank.example', bank.credentialId, 5, {}, () => ++signed)).rejects.toBeInstanceOf(VaultIntegrityError);
    expect(signed).toBe(0);
    await expect(vault.findForRp('bank.example')).rejects.toBeInstanceOf(VaultIntegrityError);
    raw.close();
  });

  it('a passkey deleted after the prompt listed it is not used', async () => {
    const { vault } = await fresh();
    const bank = makeRecord('bank.example', 'alice@example');
    await vault.add(bank);
    await vault.findForRp('bank.example');
    await vault.delete(toBase64url(bank.credentialId));
    await expect(vault.recordUse('bank.example', bank.credentialId)).rejects.toBeInstanceOf(VaultIntegrityError);
  });
});

describe('useRecord: the signature is computed while the counter is written, and leaves only after', () => {
  it('hands the advanced record to the signer and returns once the counter is durable', async () => {
    const { name, vault } = await fresh();
    const bank = makeRecord('bank.example', 'alice@example', { signCount: 41 });
    await vault.add(bank);
    const seen: number[] = [];
    const { record, value } = await vault.useRecord('bank.example', bank.credentialId, 5, {}, (next) => {
      seen.push(next.signCount);
      return `sig-${next.signCount}`;
    });
    expect(seen).toEqual([42]);
    expect(record.signCount).toBe(42);
    expect(value).toBe('sig-42');
    // a fresh connection (a restarted background) already sees the counter
    const restarted = await vaultNamed(name);
    expect(await restarted.unlock(PIN)).toEqual({ ok: true });
    expect((await restarted.findById('bank.example', bank.credentialId))!.signCount).toBe(42);
    const signed = await signInVerified(restarted, 'bank.example', bank.credentialId, bank.publicKey, 42);
    expect(signed).toMatchObject({ verified: true, newCounter: 43 });
  });

  it('a write that fails drops the signature: the caller gets the error, never the value', async () => {
    const { vault } = await fresh();
    const bank = makeRecord('bank.example', 'alice@example');
    await vault.add(bank);
    const original = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      const request = original.apply(this, args);
      this.transaction.abort();
      return request;
    });
    let signed = 0;
    const outcome = await vault
      .useRecord('bank.example', bank.credentialId, 5, {}, () => {
        signed++;
        return 'signature';
      })
      .then((r) => r.value, (e: unknown) => e);
    expect(outcome).not.toBe('signature');
    expect(outcome).toBeInstanceOf(Error);
    vi.restoreAllMocks();
    expect((await vault.findById('bank.example', bank.credentialId))!.signCount).toBe(0);
    // the signature was computed while the write ran, and was dropped with it
    expect(signed).toBe(1);
  });

  it('a quota refusal is VaultStorageFullError and nothing is signed', async () => {
    const { vault } = await fresh();
    const bank = makeRecord('bank.example', 'alice@example');
    await vault.add(bank);
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function () {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    let signed = 0;
    await expect(vault.useRecord('bank.example', bank.credentialId, 5, {}, () => ++signed)).rejects.toBeInstanceOf(VaultStorageFullError);
    expect(signed).toBe(0);
    vi.restoreAllMocks();
    expect((await vault.findById('bank.example', bank.credentialId))!.signCount).toBe(0);
  });

  it('concurrent uses still get distinct counters', async () => {
    const { vault } = await fresh();
    const bank = makeRecord('bank.example', 'alice@example');
    await vault.add(bank);
    await vault.findForRp('bank.example');
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => vault.useRecord('bank.example', bank.credentialId, i, {}, (n) => n.signCount)));
    expect(results.map((r) => r.value).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('listFirst(): the popup’s first rows from the list memo, never stale (SECURITY.md case 18)', () => {
  const byName = (all: readonly PasskeySummary[]) => [...all].sort((a, b) => a.userName.localeCompare(b.userName));
  const names = async (vault: Vault) => (await vault.listFirst(byName)).passkeys.map((p) => p.userName);

  it('lists everything first when nothing is memoised, then picks from it; total is the vault’s', async () => {
    const { vault } = await fresh();
    for (const u of ['carol', 'alice', 'bob']) await vault.add(makeRecord('bank.example', `${u}@example`));
    vault.lock();
    expect(await vault.unlock(PIN)).toEqual({ ok: true });
    const first = await vault.listFirst((all) => byName(all).slice(0, 2));
    expect(first.passkeys.map((p) => p.userName)).toEqual(['alice@example', 'bob@example']);
    expect(first.total).toBe(3);
  });

  it('keeps in step with this vault’s own adds, changes, imports and deletes without listing again', async () => {
    const { vault } = await fresh();
    const alice = makeRecord('bank.example', 'alice@example');
    await vault.add(alice);
    await vault.list();
    await vault.add(makeRecord('shop.example', 'bob@example'));
    await vault.importRecords([makeRecord('news.example', 'carol@example')]);
    await vault.modify('bank.example', alice.credentialId, (r) => ({ ...r, userName: 'alice2@example' }));
    expect(await names(vault)).toEqual(['alice2@example', 'bob@example', 'carol@example']);
    expect(await vault.delete(toBase64url(alice.credentialId))).toBe(true);
    const first = await vault.listFirst(byName);
    expect(first.passkeys.map((p) => p.userName)).toEqual(['bob@example', 'carol@example']);
    expect(first.total).toBe(2);
  });

  it('shows another connection’s change as it is now, and leaves out what it deleted since the listing', async () => {
    const { name, vault } = await fresh();
    const alice = makeRecord('bank.example', 'alice@example');
    const bob = makeRecord('shop.example', 'bob@example');
    for (const r of [alice, bob]) await vault.add(r);
    await vault.list();
    const other = await vaultNamed(name);
    expect(await other.unlock(PIN)).toEqual({ ok: true });
    await other.modify('bank.example', alice.credentialId, (r) => ({ ...r, userDisplayName: 'Alice Now' }));
    expect(await other.delete(toBase64url(bob.credentialId))).toBe(true);
    const first = await vault.listFirst((all) => all);
    expect(first.passkeys.map((p) => [p.userName, p.userDisplayName])).toEqual([['alice@example', 'Alice Now']]);
  });

  it('leaves out a row whose stored bytes were tampered with since it was listed (no stale display)', async () => {
    const { name, vault } = await fresh();
    for (const u of ['alice', 'bob']) await vault.add(makeRecord('bank.example', `${u}@example`));
    expect(await names(vault)).toEqual(['alice@example', 'bob@example']);
    const raw = await rawStore(name);
    const [victim] = await raw.all();
    const ct = victim!.ct.slice();
    ct[5]! ^= 0x01;
    await raw.put({ ...victim!, ct });
    raw.close();
    expect(await names(vault)).toHaveLength(1);
    // The whole list counts it.
    expect((await vault.listWithProblems()).unreadable).toBe(1);
  });

  it('is refused once locked, and the memo is gone: after unlocking it lists again', async () => {
    const { vault } = await fresh();
    await vault.add(makeRecord('bank.example', 'alice@example'));
    await vault.list();
    vault.lock();
    await expect(vault.listFirst((all) => all)).rejects.toBeInstanceOf(VaultLockedError);
    expect(await vault.unlock(PIN)).toEqual({ ok: true });
    expect((await vault.listFirst((all) => all)).passkeys).toHaveLength(1);
  });
});
