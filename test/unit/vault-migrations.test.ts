/**
 * Schema upgrades run on a database that schema version 1 actually wrote
 * (test/fixtures/vault-schema-v1.json, made by the v1 code at commit 6ba83c2).
 */
import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { fromBase64url, toBase64url } from '../../src/core/base64url.js';
import { SCHEMA_VERSION, Vault } from '../../src/vault/vault.js';
import { MIGRATIONS } from '../../src/vault/vault-schema.js';
import { dumpDatabase, loadDatabase, type DatabaseDump } from '../fixtures/idb-dump.js';
import fixture from '../fixtures/vault-schema-v1.json';
import { signInVerified, TEST_KDF, uniqueDbName } from './vault-test-helpers.js';

async function v1Database(): Promise<string> {
  const name = uniqueDbName();
  await loadDatabase(fixture.dump as DatabaseDump, { name });
  return name;
}

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
});
