/**
 * Schema upgrades run on databases that earlier versions actually wrote:
 * test/fixtures/vault-schema-v1.json (made by the v1 code at commit 6ba83c2) and
 * test/fixtures/vault-schema-v2.json (made by the v2 code at commit a7fc48b).
 */
import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { fromBase64url, toBase64url } from '../../src/core/base64url.js';
import type { PasskeyRecord } from '../../src/core/passkey-record.js';
import { SCHEMA_VERSION, Vault } from '../../src/vault/vault.js';
import { MIGRATIONS } from '../../src/vault/vault-schema.js';
import { dumpDatabase, loadDatabase, type DatabaseDump } from '../fixtures/idb-dump.js';
import fixture from '../fixtures/vault-schema-v1.json';
import fixtureV2 from '../fixtures/vault-schema-v2.json';
import { makeRecord, signInVerified, TEST_KDF, uniqueDbName } from './vault-test-helpers.js';

async function v1Database(): Promise<string> {
  const name = uniqueDbName();
  await loadDatabase(fixture.dump as DatabaseDump, { name });
  return name;
}

async function v2Database(): Promise<string> {
  const name = uniqueDbName();
  await loadDatabase(fixtureV2.dump as DatabaseDump, { name });
  return name;
}

type Plain = (typeof fixtureV2.plaintext)[number];
const asPlain = (r: PasskeyRecord): Plain => ({
  ...r,
  credentialId: toBase64url(r.credentialId),
  userId: toBase64url(r.userId),
  privateKey: toBase64url(r.privateKey),
  publicKey: toBase64url(r.publicKey),
});

describe('vault schema migrations', () => {
  it('has one migration per version, in order, ending at SCHEMA_VERSION', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
  });

  it('the fixture really is schema 1: records without fmt, no schema entry', async () => {
    const name = await v1Database();
    const dump = await dumpDatabase(name);
    expect(dump.version).toBe(1);
    const creds = dump.stores.find((s) => s.name === 'credentials')!.records;
    expect(creds).toHaveLength(3);
    for (const r of creds) expect(r.value).not.toHaveProperty('fmt');
  });

  it('v1 → current: every passkey survives byte for byte and still signs for its RP', async () => {
    const name = await v1Database();
    const vault = await Vault.open(name, { kdf: TEST_KDF });
    // the v1 attempt counter (one wrong PIN) survived the upgrade
    const raw = await openDB(name);
    expect(raw.version).toBe(SCHEMA_VERSION);
    expect(await raw.get('meta', 'pin-attempts')).toMatchObject({ failures: 1 });
    expect(await raw.get('meta', 'schema')).toMatchObject({ version: SCHEMA_VERSION });
    for (const stored of await raw.getAll('credentials')) expect(stored.fmt).toBe(1);
    raw.close();

    expect(await vault.unlock(fixture.pin)).toEqual({ ok: true });
    const records = await vault.allRecords();
    expect(records).toHaveLength(fixture.plaintext.length);
    for (const expected of fixture.plaintext) {
      const got = records.find((r) => toBase64url(r.credentialId) === expected.credentialId)!;
      expect({
        ...got,
        credentialId: toBase64url(got.credentialId),
        userId: toBase64url(got.userId),
        privateKey: toBase64url(got.privateKey),
        publicKey: toBase64url(got.publicKey),
      }).toEqual(expected);
      // counters continue from where v1 left them
      const signed = await signInVerified(vault, expected.rpId, fromBase64url(expected.credentialId), fromBase64url(expected.publicKey), expected.signCount);
      expect(signed).toMatchObject({ verified: true, newCounter: expected.signCount + 1, backedUp: expected.backedUp });
    }
    vault.close();
  });

  it('opening the upgraded database again changes nothing (migrations run once)', async () => {
    const name = await v1Database();
    (await Vault.open(name, { kdf: TEST_KDF })).close();
    const first = await dumpDatabase(name);
    (await Vault.open(name, { kdf: TEST_KDF })).close();
    expect(await dumpDatabase(name)).toEqual(first);
  });

  it('a migration that fails leaves the v1 database as it was', async () => {
    const name = await v1Database();
    const before = await dumpDatabase(name);
    const v2 = MIGRATIONS[1]!;
    const original = v2.run;
    (v2 as { run: typeof original }).run = async () => {
      throw new Error('crash mid-upgrade');
    };
    try {
      await expect(Vault.open(name, { kdf: TEST_KDF })).rejects.toThrow();
    } finally {
      (v2 as { run: typeof original }).run = original;
    }
    expect(await dumpDatabase(name)).toEqual(before);
  });

  it('the v2 fixture really is schema 2: fmt but no user index, two passkeys of one account', async () => {
    const name = await v2Database();
    const dump = await dumpDatabase(name);
    expect(dump.version).toBe(2);
    const creds = dump.stores.find((s) => s.name === 'credentials')!;
    expect(creds.indexes.map((i) => i.name)).toEqual(['by-rp']);
    for (const r of creds.records) expect(r.value).not.toHaveProperty('u');
    const [a, b] = fixtureV2.plaintext;
    expect([a!.rpId, a!.userId]).toEqual([b!.rpId, b!.userId]);
  });

  it('v2 → current: the user index is added, filled in at the first unlock without re-sealing, and every passkey still signs', async () => {
    const name = await v2Database();
    const before = (await dumpDatabase(name)).stores.find((s) => s.name === 'credentials')!.records.map((r) => r.value as Record<string, unknown>);
    const vault = await Vault.open(name, { kdf: TEST_KDF });
    const raw = await openDB(name);
    expect(raw.version).toBe(SCHEMA_VERSION);
    expect(Array.from(raw.transaction('credentials').store.indexNames)).toEqual(['by-rp', 'by-user']);
    expect(await raw.get('meta', 'schema')).toMatchObject({ version: 3 });
    expect(await raw.countFromIndex('credentials', 'by-user')).toBe(0); // no vault key during the upgrade
    expect(await raw.get('meta', 'pin-attempts')).toMatchObject({ failures: 1 });

    expect(await vault.unlock(fixtureV2.pin)).toEqual({ ok: true });
    expect(await vault.indexUsers()).toBe(0); // the unlock already filled it in
    const stored = await raw.getAll('credentials');
    expect(stored.every((s) => typeof s.u === 'string')).toBe(true);
    expect(new Set(stored.map((s) => s.u)).size).toBe(3); // the two of one account share theirs
    const after = (await dumpDatabase(name)).stores.find((s) => s.name === 'credentials')!.records.map((r) => r.value as Record<string, unknown>);
    expect(after.map(({ u: _u, ...rest }) => rest)).toEqual(before); // nothing but `u` changed
    raw.close();

    const records = await vault.allRecords();
    expect(records.map(asPlain).sort((x, y) => x.createdAt - y.createdAt)).toEqual(fixtureV2.plaintext);
    for (const expected of fixtureV2.plaintext) {
      const signed = await signInVerified(vault, expected.rpId, fromBase64url(expected.credentialId), fromBase64url(expected.publicKey), expected.signCount);
      expect(signed).toMatchObject({ verified: true, newCounter: expected.signCount + 1, backedUp: expected.backedUp });
    }
    vault.close();
  });

  it('case 30: after v2 → current, registering again for an account that had piled up duplicates replaces them all', async () => {
    const name = await v2Database();
    const vault = await Vault.open(name, { kdf: TEST_KDF });
    expect(await vault.unlock(fixtureV2.pin)).toEqual({ ok: true });
    const [alice] = fixtureV2.plaintext;
    const again = makeRecord('bank.example', 'alice@example', { userId: fromBase64url(alice!.userId) });
    expect(await vault.add(again)).toBe(2);
    const left = (await vault.allRecords()).map((r) => `${r.rpId} ${r.userName} ${toBase64url(r.credentialId)}`).sort();
    expect(left).toEqual(
      [`bank.example alice@example ${toBase64url(again.credentialId)}`, ...fixtureV2.plaintext.slice(2).map((p) => `${p.rpId} ${p.userName} ${p.credentialId}`)].sort(),
    );
    vault.close();
  });

  it('v2 → current: a registration right after a restart restored the session key still finds the old passkeys', async () => {
    const name = await v2Database();
    const vault = await Vault.open(name, { kdf: TEST_KDF });
    await vault.restoreSessionKey((await unlockedKey(name)));
    const [alice] = fixtureV2.plaintext;
    expect(await vault.add(makeRecord('bank.example', 'alice@example', { userId: fromBase64url(alice!.userId) }))).toBe(2);
    vault.close();
  });
});

/** The fixture's vault key, as storage.session would hand it back after a restart. */
async function unlockedKey(name: string): Promise<Uint8Array> {
  const other = await Vault.open(name, { kdf: TEST_KDF });
  expect(await other.unlock(fixtureV2.pin)).toEqual({ ok: true });
  const raw = other.sessionKey()!;
  other.close();
  return raw;
}
