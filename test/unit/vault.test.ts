// The vault against SECURITY.md "What we promise" (data at rest, PIN) and cases 16-20, on
// fake-indexeddb. Each test uses its own database name so that none sees another's state.
import 'fake-indexeddb/auto';
import { sha256 } from '@noble/hashes/sha2.js';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toBase64url } from '../../src/core/base64url';
import { generateEs256KeyPair } from '../../src/core/es256';
import type { PasskeyRecord } from '../../src/core/passkey-record';
import { DEFAULT_KDF, type KdfParams } from '../../src/vault/kdf';
import { Vault, VaultIntegrityError, VaultLockedError, type StoredRecord } from '../../src/vault/vault';
import { expectAeadRefuses } from './vault-test-helpers';

const FAST_KDF: Omit<KdfParams, 'salt'> = { alg: 'argon2id', m: 1024, t: 1, p: 1 };
const PIN = '2468-correct-horse';
const WRONG = '1357-battery-staple';

const opened: Vault[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const vault of opened.splice(0)) vault.close();
});

function dbName(): string {
  return 't-' + crypto.randomUUID();
}

async function openVault(name: string): Promise<Vault> {
  // The small test KDF is also the vault's target, so unlocking does not re-wrap the key.
  const vault = await Vault.open(name, { kdf: FAST_KDF });
  opened.push(vault);
  return vault;
}

async function freshVault(): Promise<{ name: string; vault: Vault }> {
  const name = dbName();
  const vault = await openVault(name);
  await vault.setPin(PIN, FAST_KDF);
  return { name, vault };
}

function passkey(rpId: string, userName: string, createdAt = 1_000): PasskeyRecord {
  const { privateKey, publicKey } = generateEs256KeyPair();
  return {
    credentialId: crypto.getRandomValues(new Uint8Array(32)),
    rpId,
    rpName: rpId.toUpperCase(),
    userId: crypto.getRandomValues(new Uint8Array(16)),
    userName,
    userDisplayName: userName.split('@')[0]!,
    alg: -7,
    privateKey,
    publicKey,
    signCount: 0,
    createdAt,
    lastUsedAt: null,
    backedUp: false,
  };
}

/** A second, independent connection: what someone reading the profile from disk would see. */
async function raw(name: string) {
  const db = await openDB(name);
  return db;
}

async function readAttempts(name: string): Promise<{ failures: number; notBefore: number } | undefined> {
  const db = await raw(name);
  try {
    return (await db.get('meta', 'pin-attempts')) as { failures: number; notBefore: number } | undefined;
  } finally {
    db.close();
  }
}

async function storedKeys(name: string): Promise<string[]> {
  const db = await raw(name);
  try {
    return (await db.getAllKeys('credentials')) as string[];
  } finally {
    db.close();
  }
}

async function mutateStored(name: string, mutate: (records: Map<string, StoredRecord>) => void): Promise<void> {
  const db = await raw(name);
  try {
    const records = new Map<string, StoredRecord>();
    for (const record of (await db.getAll('credentials')) as StoredRecord[]) records.set(record.id, record);
    mutate(records);
    const tx = db.transaction('credentials', 'readwrite');
    await tx.store.clear();
    for (const record of records.values()) await tx.store.put(record);
    await tx.done;
  } finally {
    db.close();
  }
}

async function expectRejects(promise: Promise<unknown>, type: new (...args: never[]) => Error): Promise<void> {
  await expect(promise).rejects.toBeInstanceOf(type);
}

// https://w3c.github.io/webauthn/#sctn-credential-storage-modality (credentials at rest) and
// SECURITY.md "What we promise" (PIN).
describe('SECURITY.md PIN: set, lock, unlock', () => {
  it('setPin leaves the vault unlocked; lock locks it; the right PIN unlocks it', async () => {
    const name = dbName();
    const vault = await openVault(name);
    expect(await vault.state()).toBe('no-pin');
    await vault.setPin(PIN, FAST_KDF);
    expect(await vault.state()).toBe('unlocked');
    expect(vault.isUnlocked()).toBe(true);
    vault.lock();
    expect(await vault.state()).toBe('locked');
    expect(vault.isUnlocked()).toBe(false);
    await expect(vault.unlock(PIN)).resolves.toEqual({ ok: true });
    expect(await vault.state()).toBe('unlocked');
  });

  it('a locked vault refuses to read or write', async () => {
    const { vault } = await freshVault();
    const record = passkey('bank.example', 'alice@example');
    await vault.add(record);
    vault.lock();
    await expectRejects(vault.findForRp('bank.example'), VaultLockedError);
    await expectRejects(vault.findById('bank.example', record.credentialId), VaultLockedError);
    await expectRejects(vault.list(), VaultLockedError);
    await expectRejects(vault.add(passkey('shop.example', 'bob@example')), VaultLockedError);
    await expectRejects(vault.recordUse('bank.example', record.credentialId), VaultLockedError);
    await expectRejects(vault.delete(toBase64url(record.credentialId)), VaultLockedError);
    expect(vault.sessionKey()).toBeNull();
  });

  it('a second setPin is refused and the first PIN still works', async () => {
    const { vault } = await freshVault();
    await expect(vault.setPin(WRONG, FAST_KDF)).rejects.toThrow();
    vault.lock();
    expect(await vault.unlock(WRONG)).toMatchObject({ ok: false, reason: 'wrong-pin' });
    expect(await vault.unlock(PIN)).toEqual({ ok: true });
  });

  it('unlock before any PIN is set is refused', async () => {
    const vault = await openVault(dbName());
    await expect(vault.unlock(PIN)).rejects.toThrow();
  });

  it('the default KDF is Argon2id at or above OWASP’s floor (m ≥ 19 MiB, t ≥ 2) and round-trips', async () => {
    const name = dbName();
    const vault = await Vault.open(name);
    opened.push(vault);
    await vault.setPin(PIN);
    const db = await raw(name);
    const meta = (await db.get('meta', 'vault')) as { kdf: KdfParams; wrappedKey: { iv: Uint8Array; ct: Uint8Array } };
    db.close();
    expect(meta.kdf).toMatchObject({ alg: 'argon2id', m: DEFAULT_KDF.m, t: DEFAULT_KDF.t, p: DEFAULT_KDF.p });
    expect(meta.kdf.m).toBeGreaterThanOrEqual(19 * 1024);
    expect(meta.kdf.t).toBeGreaterThanOrEqual(2);
    expect(meta.kdf.salt.length).toBeGreaterThanOrEqual(16);
    expect(meta.wrappedKey.iv.length).toBe(12);
    // 32-byte vault key + 16-byte GCM tag.
    expect(meta.wrappedKey.ct.length).toBe(48);
    vault.lock();
    expect(await vault.unlock(WRONG)).toMatchObject({ ok: false, reason: 'wrong-pin' });
    expect(await vault.unlock(PIN)).toEqual({ ok: true });
  }, 60_000);
});

// SECURITY.md case 19: wrong PINs. The counter is persisted before the comparison; waits grow
// (30 s after 3 misses, doubling, capped at an hour); the right PIN still works; nothing is wiped.
describe('SECURITY.md case 19: wrong PINs', () => {
  it('a wrong PIN fails and is counted', async () => {
    const { name, vault } = await freshVault();
    vault.lock();
    expect(await vault.unlock(WRONG, 0)).toEqual({ ok: false, reason: 'wrong-pin', retryAfterSeconds: 0 });
    expect(await vault.state()).toBe('locked');
    expect((await readAttempts(name))?.failures).toBe(1);
  });

  it('the attempt is persisted before the comparison runs', async () => {
    const { name, vault } = await freshVault();
    vault.lock();
    const seen: Array<number | undefined> = [];
    const decrypt = crypto.subtle.decrypt.bind(crypto.subtle);
    // The PIN check is the AES-GCM unwrap of the vault key: look at the disk at that moment.
    vi.spyOn(crypto.subtle, 'decrypt').mockImplementation(async (...args: Parameters<SubtleCrypto['decrypt']>) => {
      seen.push((await readAttempts(name))?.failures);
      return decrypt(...args);
    });
    expect(await vault.unlock(PIN, 0)).toEqual({ ok: true });
    expect(seen).toEqual([1]);
    // Success resets the counter afterwards.
    expect(await readAttempts(name)).toEqual({ failures: 0, notBefore: 0 });
  });

  it('the background dying mid-check (the check throws) leaves the attempt counted: no free guess', async () => {
    const { name, vault } = await freshVault();
    vault.lock();
    // Key derivation ends in importKey: make it die there, after the counter was written.
    vi.spyOn(crypto.subtle, 'importKey').mockRejectedValueOnce(new Error('service worker terminated'));
    await expect(vault.unlock(WRONG, 0)).rejects.toThrow('service worker terminated');
    expect((await readAttempts(name))?.failures).toBe(1);
    // A fresh instance (a restarted background) sees the same count.
    const restarted = await openVault(name);
    expect(await restarted.unlock(WRONG, 0)).toMatchObject({ ok: false, reason: 'wrong-pin' });
    expect((await readAttempts(name))?.failures).toBe(2);
  });

  it('after 3 misses the wait is 30 s, then doubles per miss, capped at 3600 s; waiting attempts are not counted', async () => {
    const { name, vault } = await freshVault();
    vault.lock();
    let now = 1_000_000;
    expect(await vault.unlock(WRONG, now)).toEqual({ ok: false, reason: 'wrong-pin', retryAfterSeconds: 0 });
    expect(await vault.unlock(WRONG, now)).toEqual({ ok: false, reason: 'wrong-pin', retryAfterSeconds: 0 });
    expect(await vault.unlock(WRONG, now)).toEqual({ ok: false, reason: 'wrong-pin', retryAfterSeconds: 30 });
    expect((await vault.status(now)).retryAfterSeconds).toBe(30);

    // During the wait nothing is compared, not even the right PIN, and nothing is counted.
    expect(await vault.unlock(PIN, now + 29_000)).toEqual({ ok: false, reason: 'wait', retryAfterSeconds: 1 });
    expect(await vault.unlock(WRONG, now + 10_000)).toEqual({ ok: false, reason: 'wait', retryAfterSeconds: 20 });
    expect((await readAttempts(name))?.failures).toBe(3);
    expect(await vault.state()).toBe('locked');

    const expectedWaits = [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600];
    let wait = 30;
    for (const expected of expectedWaits) {
      now += wait * 1000;
      const result = await vault.unlock(WRONG, now);
      expect(result).toEqual({ ok: false, reason: 'wrong-pin', retryAfterSeconds: expected });
      wait = expected;
    }
    expect((await readAttempts(name))?.failures).toBe(3 + expectedWaits.length);
  });

  it('the right PIN still works once the wait has passed, resets the counter, and nothing was wiped', async () => {
    const { name, vault } = await freshVault();
    const record = passkey('bank.example', 'alice@example');
    await vault.add(record);
    const db = await raw(name);
    const metaBefore = await db.get('meta', 'vault');
    db.close();
    vault.lock();

    let now = 5_000_000;
    for (let i = 0; i < 5; i++) {
      const result = await vault.unlock(WRONG, now);
      expect(result.ok).toBe(false);
      if (!result.ok) now += result.retryAfterSeconds * 1000;
    }
    expect(await vault.unlock(PIN, now)).toEqual({ ok: true });
    expect(await readAttempts(name)).toEqual({ failures: 0, notBefore: 0 });
    expect((await vault.status(now)).retryAfterSeconds).toBe(0);

    const [found] = await vault.findForRp('bank.example');
    expect(found?.privateKey).toEqual(record.privateKey);
    expect(await storedKeys(name)).toHaveLength(1);
    const after = await raw(name);
    expect(await after.get('meta', 'vault')).toEqual(metaBefore);
    after.close();

    // The count starts over: one more miss has no wait.
    vault.lock();
    expect(await vault.unlock(WRONG, now)).toEqual({ ok: false, reason: 'wrong-pin', retryAfterSeconds: 0 });
  });
});

describe('SECURITY.md vault operations: add, findForRp, findById, list, delete (case 20)', () => {
  it('add then findForRp / findById return the record; another RP sees nothing', async () => {
    const { vault } = await freshVault();
    const record = passkey('bank.example', 'alice@example');
    await vault.add(record);
    expect(await vault.findForRp('bank.example')).toEqual([record]);
    expect(await vault.findById('bank.example', record.credentialId)).toEqual(record);
    expect(await vault.findForRp('evil.example')).toEqual([]);
    // A credential id is bound to its RP: asking under another RP finds nothing.
    expect(await vault.findById('evil.example', record.credentialId)).toBeNull();
    expect(await vault.findById('bank.example', crypto.getRandomValues(new Uint8Array(32)))).toBeNull();
  });

  it('findForRp returns most recently used (or created) first', async () => {
    const { vault } = await freshVault();
    const older = passkey('bank.example', 'alice@example', 1_000);
    const newer = passkey('bank.example', 'bob@example', 2_000);
    await vault.add(older);
    await vault.add(newer);
    expect((await vault.findForRp('bank.example')).map((r) => r.userName)).toEqual(['bob@example', 'alice@example']);
    await vault.recordUse('bank.example', older.credentialId, 3_000);
    expect((await vault.findForRp('bank.example')).map((r) => r.userName)).toEqual(['alice@example', 'bob@example']);
  });

  it('list returns summaries without key material', async () => {
    const { vault } = await freshVault();
    const a = passkey('bank.example', 'alice@example');
    const b = passkey('shop.example', 'bob@example');
    await vault.add(a);
    await vault.add(b);
    const list = await vault.list();
    expect(list).toHaveLength(2);
    expect(list.find((s) => s.rpId === 'bank.example')).toEqual({
      id: toBase64url(a.credentialId),
      rpId: 'bank.example',
      userName: 'alice@example',
      userDisplayName: 'alice',
      alg: -7,
      createdAt: 1_000,
      lastUsedAt: null,
    });
    for (const summary of list) expect(Object.keys(summary)).not.toContain('privateKey');
  });

  it('adding the same credential id twice is refused and the first stays', async () => {
    const { name, vault } = await freshVault();
    const record = passkey('bank.example', 'alice@example');
    await vault.add(record);
    await expect(vault.add({ ...record, userName: 'mallory@example' })).rejects.toThrow();
    expect((await vault.findById('bank.example', record.credentialId))?.userName).toBe('alice@example');
    expect(await storedKeys(name)).toHaveLength(1);
  });

  it('case 20: a deleted passkey is no longer found, listed, or usable; others stay', async () => {
    const { name, vault } = await freshVault();
    const gone = passkey('bank.example', 'alice@example');
    const kept = passkey('bank.example', 'bob@example');
    await vault.add(gone);
    await vault.add(kept);
    expect(await vault.delete(toBase64url(gone.credentialId))).toBe(true);
    expect(await vault.findById('bank.example', gone.credentialId)).toBeNull();
    expect((await vault.findForRp('bank.example')).map((r) => r.userName)).toEqual(['bob@example']);
    expect((await vault.list()).map((s) => s.userName)).toEqual(['bob@example']);
    await expectRejects(vault.recordUse('bank.example', gone.credentialId), VaultIntegrityError);
    expect(await vault.delete(toBase64url(gone.credentialId))).toBe(false);
    expect(await storedKeys(name)).toHaveLength(1);
  });
});

// SECURITY.md case 16 and https://w3c.github.io/webauthn/#sctn-sign-counter
describe('SECURITY.md case 16: signature counter', () => {
  it('recordUse advances the counter durably and sets lastUsedAt', async () => {
    const { name, vault } = await freshVault();
    const record = passkey('bank.example', 'alice@example');
    await vault.add(record);
    const used = await vault.recordUse('bank.example', record.credentialId, 42_000);
    expect(used.signCount).toBe(1);
    expect(used.lastUsedAt).toBe(42_000);
    const reopened = await openVault(name);
    await reopened.restoreSessionKey(vault.sessionKey()!);
    expect((await reopened.findById('bank.example', record.credentialId))?.signCount).toBe(1);
  });

  it('two concurrent recordUse calls give distinct, increasing counters', async () => {
    const { vault } = await freshVault();
    const record = passkey('bank.example', 'alice@example');
    await vault.add(record);
    const [first, second] = await Promise.all([
      vault.recordUse('bank.example', record.credentialId, 10),
      vault.recordUse('bank.example', record.credentialId, 11),
    ]);
    expect(first.signCount).not.toBe(second.signCount);
    expect([first.signCount, second.signCount].sort()).toEqual([1, 2]);
    expect((await vault.findById('bank.example', record.credentialId))?.signCount).toBe(2);
  });

  it('modify changes a passkey’s fields in place and refuses an unknown one', async () => {
    const { name, vault } = await freshVault();
    const record = passkey('bank.example', 'alice@example');
    await vault.add(record);
    await vault.modify('bank.example', record.credentialId, (current) => ({ ...current, userDisplayName: 'Alice A.', backedUp: true }));
    const updated = await vault.findById('bank.example', record.credentialId);
    expect(updated).toMatchObject({ userDisplayName: 'Alice A.', backedUp: true });
    expect(await storedKeys(name)).toHaveLength(1);
    const nobody = passkey('bank.example', 'nobody@example');
    await expectRejects(vault.modify('bank.example', nobody.credentialId, (c) => c), VaultIntegrityError);
    // Same credential id under another RP is a different passkey.
    await expectRejects(vault.modify('shop.example', record.credentialId, (c) => c), VaultIntegrityError);
    // A change may not move the passkey to another RP ID or credential id.
    await expectRejects(vault.modify('bank.example', record.credentialId, (c) => ({ ...c, rpId: 'shop.example' })), VaultIntegrityError);
    expect(await vault.findById('bank.example', record.credentialId)).toMatchObject({ rpId: 'bank.example', userDisplayName: 'Alice A.' });
  });

  // SECURITY.md: the counter "never goes backward (not even after an import)".
  it('modify never moves the signature counter backward', async () => {
    const { vault } = await freshVault();
    const record = passkey('bank.example', 'alice@example');
    await vault.add(record);
    await vault.recordUse('bank.example', record.credentialId, 1);
    await vault.recordUse('bank.example', record.credentialId, 2);
    // A stale copy (say, from an older export) written back: refused, never rewound.
    await expectRejects(vault.modify('bank.example', record.credentialId, () => ({ ...record, signCount: 0 })), RangeError);
    expect((await vault.findById('bank.example', record.credentialId))?.signCount).toBe(2);
    expect((await vault.recordUse('bank.example', record.credentialId, 3)).signCount).toBe(3);
  });

  it('ten concurrent uses give ten distinct counters 1..10', async () => {
    const { vault } = await freshVault();
    const record = passkey('bank.example', 'alice@example');
    await vault.add(record);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => vault.recordUse('bank.example', record.credentialId, i)));
    expect(results.map((r) => r.signCount).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});

// SECURITY.md case 18: tampering fails closed (no signature, a clear error, nothing else lost).
describe('SECURITY.md case 18: integrity of records at rest', () => {
  async function twoSites() {
    const { name, vault } = await freshVault();
    const bank = passkey('bank.example', 'alice@example');
    await vault.add(bank);
    const [bankKey] = await storedKeys(name);
    const shop = passkey('shop.example', 'bob@example');
    await vault.add(shop);
    const shopKey = (await storedKeys(name)).find((k) => k !== bankKey)!;
    return { name, vault, bank, shop, bankKey: bankKey!, shopKey };
  }

  it('a flipped ciphertext byte → VaultIntegrityError; other records still readable; nothing deleted', async () => {
    const { name, vault, bank, shop, bankKey } = await twoSites();
    await mutateStored(name, (records) => {
      const stored = records.get(bankKey)!;
      const ct = stored.ct.slice();
      ct[5]! ^= 0x01;
      records.set(bankKey, { ...stored, ct });
    });
    await expectRejects(vault.findById('bank.example', bank.credentialId), VaultIntegrityError);
    await expectRejects(vault.findForRp('bank.example'), VaultIntegrityError);
    await expectRejects(vault.recordUse('bank.example', bank.credentialId), VaultIntegrityError);
    expect(await vault.findById('shop.example', shop.credentialId)).toEqual(shop);
    expect(await vault.findForRp('shop.example')).toEqual([shop]);
    expect((await vault.recordUse('shop.example', shop.credentialId, 7)).signCount).toBe(1);
    expect(await storedKeys(name)).toHaveLength(2);
  });

  it('a flipped GCM tag byte or IV byte → VaultIntegrityError', async () => {
    const { name, vault, bank, shop, bankKey, shopKey } = await twoSites();
    await mutateStored(name, (records) => {
      const b = records.get(bankKey)!;
      const ct = b.ct.slice();
      ct[ct.length - 1]! ^= 0x80;
      records.set(bankKey, { ...b, ct });
      const s = records.get(shopKey)!;
      const iv = s.iv.slice();
      iv[0]! ^= 0x01;
      records.set(shopKey, { ...s, iv });
    });
    await expectRejects(vault.findById('bank.example', bank.credentialId), VaultIntegrityError);
    await expectRejects(vault.findById('shop.example', shop.credentialId), VaultIntegrityError);
  });

  it('iv/ct swapped between two sites → VaultIntegrityError for both', async () => {
    const { name, vault, bank, shop, bankKey, shopKey } = await twoSites();
    await mutateStored(name, (records) => {
      const b = records.get(bankKey)!;
      const s = records.get(shopKey)!;
      records.set(bankKey, { ...b, iv: s.iv, ct: s.ct });
      records.set(shopKey, { ...s, iv: b.iv, ct: b.ct });
    });
    await expectAeadRefuses(vault.findById('bank.example', bank.credentialId));
    await expectAeadRefuses(vault.findById('shop.example', shop.credentialId));
    await expectAeadRefuses(vault.findForRp('bank.example'));
    await expectAeadRefuses(vault.recordUse('shop.example', shop.credentialId));
  });

  it('a record moved under another site’s RP index → VaultIntegrityError, never served to that site', async () => {
    const { name, vault, bankKey, shopKey } = await twoSites();
    await mutateStored(name, (records) => {
      const b = records.get(bankKey)!;
      records.set(bankKey, { ...b, rp: records.get(shopKey)!.rp });
    });
    await expectRejects(vault.findForRp('shop.example'), VaultIntegrityError);
  });

  it('records whose id index is swapped are not served under the other id', async () => {
    const { name, vault, bank, shop, bankKey, shopKey } = await twoSites();
    await mutateStored(name, (records) => {
      const b = records.get(bankKey)!;
      const s = records.get(shopKey)!;
      records.clear();
      records.set(shopKey, { ...b, id: shopKey });
      records.set(bankKey, { ...s, id: bankKey });
    });
    await expect(vault.findById('bank.example', bank.credentialId)).resolves.toBeNull();
    await expect(vault.findById('shop.example', shop.credentialId)).resolves.toBeNull();
    await expectRejects(vault.findForRp('bank.example'), VaultIntegrityError);
  });
});

// SECURITY.md case 17 and CONTRACTS.md "Data at rest": a copy of the profile reveals neither keys,
// nor sites, nor user names.
describe('SECURITY.md case 17: nothing readable at rest', () => {
  const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  const forms = (b: Uint8Array) => [
    toHex(b),
    Buffer.from(b).toString('latin1'),
    Buffer.from(b).toString('utf8'),
    Buffer.from(b).toString('base64'),
    Buffer.from(b).toString('base64url'),
  ];

  function serialize(value: unknown, out: string[]): void {
    if (value instanceof Uint8Array) out.push(...forms(value));
    else if (value instanceof ArrayBuffer) out.push(...forms(new Uint8Array(value)));
    else if (Array.isArray(value)) value.forEach((v) => serialize(v, out));
    else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        out.push(k);
        serialize(v, out);
      }
    } else out.push(String(value));
  }

  /** Every base64 / base64url spelling of `needle` at the three byte alignments. */
  function base64Spellings(needle: Uint8Array): string[] {
    const out: string[] = [];
    for (let offset = 0; offset < 3; offset++) {
      const padded = new Uint8Array(offset + needle.length);
      padded.set(needle, offset);
      const from = Math.ceil((offset * 4) / 3);
      const to = Math.floor(((offset + needle.length) * 4) / 3);
      out.push(Buffer.from(padded).toString('base64').slice(from, to), Buffer.from(padded).toString('base64url').slice(from, to));
    }
    return out;
  }

  async function dump(name: string): Promise<string> {
    const db = await raw(name);
    const out: string[] = [name];
    try {
      for (const store of Array.from(db.objectStoreNames)) {
        out.push(store);
        serialize(await db.getAllKeys(store), out);
        serialize(await db.getAll(store), out);
      }
    } finally {
      db.close();
    }
    return out.join('\n');
  }

  it('after adding a passkey for bank.example / alice@example, no store holds the key, the PIN, the site or the user', async () => {
    const { name, vault } = await freshVault();
    const record = passkey('bank.example', 'alice@example');
    await vault.add(record);
    await vault.recordUse('bank.example', record.credentialId, 5);
    vault.lock();
    expect(await vault.unlock(WRONG, 0)).toMatchObject({ ok: false });

    const haystack = await dump(name);
    // The dump does contain the stores: make sure the search would have found something.
    expect(haystack).toContain('credentials');
    expect(haystack).toContain('pin-attempts');

    const secrets: Array<[string, Uint8Array]> = [
      ['private key', record.privateKey],
      ['PIN', new TextEncoder().encode(PIN)],
      ['wrong PIN', new TextEncoder().encode(WRONG)],
      ['RP ID', new TextEncoder().encode('bank.example')],
      ['user name', new TextEncoder().encode('alice')],
      ['user id', record.userId],
      // An unkeyed hash of the RP ID would reveal the site to anyone who guesses it.
      ['SHA-256 of the RP ID', sha256(new TextEncoder().encode('bank.example'))],
    ];
    for (const [label, secret] of secrets) {
      const spellings = [toHex(secret), Buffer.from(secret).toString('latin1'), ...base64Spellings(secret)];
      for (const spelling of spellings) {
        expect(haystack.includes(spelling), `${label} found at rest as ${JSON.stringify(spelling)}`).toBe(false);
      }
    }
    expect(haystack).not.toContain('bank.example');
    expect(haystack).not.toContain('alice@example');
  });
});

describe('SECURITY.md storage.session: the session key survives a background restart', () => {
  it('sessionKey() → a new Vault instance restoreSessionKey → the records are readable', async () => {
    const { name, vault } = await freshVault();
    const record = passkey('bank.example', 'alice@example');
    await vault.add(record);
    const key = vault.sessionKey()!;
    expect(key).toBeInstanceOf(Uint8Array);
    expect(key.length).toBe(32);

    const restarted = await openVault(name);
    expect(await restarted.state()).toBe('locked');
    await restarted.restoreSessionKey(key);
    expect(await restarted.state()).toBe('unlocked');
    expect(await restarted.findForRp('bank.example')).toEqual([record]);
    expect((await restarted.list()).map((s) => s.userName)).toEqual(['alice@example']);
  });

  it('sessionKey() hands out a copy', async () => {
    const { vault } = await freshVault();
    const record = passkey('bank.example', 'alice@example');
    await vault.add(record);
    const key = vault.sessionKey()!;
    key.fill(0);
    expect(await vault.findForRp('bank.example')).toEqual([record]);
    expect(vault.sessionKey()).not.toEqual(key);
  });
});
