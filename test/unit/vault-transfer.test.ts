/**
 * Export → wipe → import round trips: the encrypted passkeep-backup file and CXF. After each,
 * the relying party (@simplewebauthn/server) still verifies a sign-in with every passkey,
 * against the public key it stored at registration; counters never go backward; exporting
 * sets BS (backedUp) from then on.
 */
import { describe, expect, it } from 'vitest';
import { RESET_CONFIRMATION } from '../../src/core/protocol.js';
import type { PasskeyRecord } from '../../src/core/passkey-record.js';
import { exportVault, importIntoVault } from '../../src/background/vault-transfer.js';
import { readBackup, writeBackup } from '../../src/vault/backup-file.js';
import { VaultPinError } from '../../src/vault/vault.js';
import { makeRecord, openTestVault, signInVerified, TEST_KDF } from './vault-test-helpers.js';

const PIN = 'pin 1234';
const PASSPHRASE = 'a long backup passphrase';

async function populated() {
  const vault = await openTestVault();
  await vault.setPin(PIN);
  const records = [
    makeRecord('bank.example', 'alice@example'),
    makeRecord('bank.example', 'bob@example'),
    makeRecord('shop.example', 'alice@example', { prfSecretUv: new Uint8Array(32).fill(7), largeBlob: new Uint8Array([1, 2, 3]) }),
  ];
  for (const r of records) await vault.add(r);
  // the RP's view: counter last seen per credential
  const rpCounter = new Map<PasskeyRecord, number>(records.map((r) => [r, 0]));
  // use the first two so their counters are above zero
  for (const r of records.slice(0, 2)) {
    const s = await signInVerified(vault, r.rpId, r.credentialId, r.publicKey, rpCounter.get(r));
    expect(s.verified).toBe(true);
    rpCounter.set(r, s.newCounter);
  }
  return { vault, records, rpCounter };
}

describe('passkeep-backup (Argon2id + AES-256-GCM, versioned JSON)', () => {
  it('export → reset → import: every passkey signs in again, BS=1, counters continue', async () => {
    const { vault, records, rpCounter } = await populated();
    const file = await exportVault(vault, { format: 'passkeep-backup', pin: PIN, passphrase: PASSPHRASE }, { kdf: TEST_KDF });
    expect(file).toMatchObject({ mime: 'application/json', count: 3, skipped: [] });
    expect(file.filename).toMatch(/^passkeep-backup-\d{4}-\d{2}-\d{2}\.json$/);
    // the file names no site, user or key
    for (const secret of ['bank.example', 'alice', 'shop.example']) expect(file.data).not.toContain(secret);
    const header = JSON.parse(file.data);
    expect(header).toMatchObject({ format: 'passkeep-backup', version: 1, cipher: 'A256GCM', kdf: { alg: 'argon2id', m: TEST_KDF.m, t: TEST_KDF.t } });
    // exporting marked every passkey backed up
    expect((await vault.allRecords()).every((r) => r.backedUp)).toBe(true);

    await vault.reset(RESET_CONFIRMATION);
    expect(await vault.count()).toBe(0);
    await vault.setPin('new pin 5678');
    const report = await importIntoVault(vault, { format: 'passkeep-backup', data: file.data, passphrase: PASSPHRASE });
    expect(report).toEqual({ imported: 3, duplicates: 0, skipped: [] });

    for (const r of records) {
      const s = await signInVerified(vault, r.rpId, r.credentialId, r.publicKey, rpCounter.get(r));
      expect(s).toMatchObject({ verified: true, backedUp: true });
      expect(s.newCounter).toBe(rpCounter.get(r)! + 1);
    }
    // optional fields came back too
    const shop = (await vault.findForRp('shop.example'))[0]!;
    expect(shop.prfSecretUv).toEqual(new Uint8Array(32).fill(7));
    expect(shop.largeBlob).toEqual(new Uint8Array([1, 2, 3]));
    vault.close();
  });

  it('merging keeps counters monotonic: an older backup never lowers a counter, no duplicates', async () => {
    const { vault, records } = await populated();
    const file = await exportVault(vault, { format: 'passkeep-backup', pin: PIN, passphrase: PASSPHRASE }, { kdf: TEST_KDF });
    // use the bank passkey 3 more times after the backup
    for (let i = 0; i < 3; i++) await vault.recordUse(records[0]!.rpId, records[0]!.credentialId);
    const before = (await vault.findById(records[0]!.rpId, records[0]!.credentialId))!.signCount;
    expect(await importIntoVault(vault, { format: 'passkeep-backup', data: file.data, passphrase: PASSPHRASE })).toEqual({ imported: 0, duplicates: 3, skipped: [] });
    expect(await vault.count()).toBe(3);
    expect((await vault.findById(records[0]!.rpId, records[0]!.credentialId))!.signCount).toBe(before);

    // a file with a higher counter raises it
    const ahead = await writeBackup([{ ...records[1]!, signCount: 500, backedUp: true }], PASSPHRASE, TEST_KDF);
    await importIntoVault(vault, { format: 'passkeep-backup', data: ahead, passphrase: PASSPHRASE });
    expect((await vault.findById(records[1]!.rpId, records[1]!.credentialId))!.signCount).toBe(500);
    vault.close();
  });

  it('a wrong passphrase, a damaged file or lowered KDF parameters import nothing', async () => {
    const { vault, records } = await populated();
    const data = await writeBackup(records, PASSPHRASE, TEST_KDF);
    await vault.reset(RESET_CONFIRMATION);
    await vault.setPin(PIN);
    await expect(importIntoVault(vault, { format: 'passkeep-backup', data, passphrase: 'wrong passphrase' })).rejects.toThrow(/Wrong passphrase/);
    const flipped = JSON.parse(data);
    flipped.ciphertext = flipped.ciphertext.slice(0, 10) + (flipped.ciphertext[10] === 'A' ? 'B' : 'A') + flipped.ciphertext.slice(11);
    await expect(readBackup(JSON.stringify(flipped), PASSPHRASE)).rejects.toThrow(/Wrong passphrase|damaged/);
    const weaker = JSON.parse(data);
    weaker.kdf.t = TEST_KDF.t + 1; // any header change breaks the AAD
    await expect(readBackup(JSON.stringify(weaker), PASSPHRASE)).rejects.toThrow(/Wrong passphrase|damaged/);
    weaker.kdf.m = 1024;
    await expect(readBackup(JSON.stringify(weaker), PASSPHRASE)).rejects.toThrow(/KDF/);
    expect(await vault.count()).toBe(0);
    await expect(writeBackup(records, 'short')).rejects.toThrow(/at least 8/);
    vault.close();
  });

  it('export asks for the PIN again: a wrong one exports and marks nothing', async () => {
    const { vault } = await populated();
    await expect(exportVault(vault, { format: 'passkeep-backup', pin: 'wrong pin', passphrase: PASSPHRASE }, { kdf: TEST_KDF })).rejects.toBeInstanceOf(VaultPinError);
    expect((await vault.allRecords()).some((r) => r.backedUp)).toBe(false);
    vault.close();
  });
});

describe('CXF export and import', () => {
  it('exports only passkeys whose counter is zero (as CXF requires), and says which were left out', async () => {
    const { vault, records } = await populated();
    const file = await exportVault(vault, { format: 'cxf', pin: PIN });
    expect(file.count).toBe(1);
    expect(file.skipped!.map((s) => s.name).sort()).toEqual(['alice@example on bank.example', 'bob@example on bank.example']);
    const cxf = JSON.parse(file.data);
    expect(cxf).toMatchObject({ version: { major: 1, minor: 0 }, exporterRpId: 'passkeep.dev', exporterDisplayName: 'Passkeep' });
    const credential = cxf.accounts[0].items[0].credentials[0];
    expect(Object.keys(credential).sort()).toEqual(['credentialId', 'fido2Extensions', 'key', 'rpId', 'type', 'userDisplayName', 'userHandle', 'username']);
    expect(credential).toMatchObject({ type: 'passkey', rpId: 'shop.example', username: 'alice@example', fido2Extensions: { largeBlob: { size: 3, alg: 'deflate' } } });
    // the exported passkey is backed up from now on; the others are not
    const flags = Object.fromEntries((await vault.allRecords()).map((r) => [r.userName + '@' + r.rpId, r.backedUp]));
    expect(flags).toEqual({ 'alice@example@bank.example': false, 'bob@example@bank.example': false, 'alice@example@shop.example': true });

    await vault.reset(RESET_CONFIRMATION);
    await vault.setPin(PIN);
    expect(await importIntoVault(vault, { format: 'cxf', data: file.data })).toEqual({ imported: 1, duplicates: 0, skipped: [] });
    const shop = records[2]!;
    // CXF: counter zero, never incremented: the RP sees 0 and 0 and accepts
    for (let i = 0; i < 2; i++) {
      const s = await signInVerified(vault, shop.rpId, shop.credentialId, shop.publicKey, 0);
      expect(s).toMatchObject({ verified: true, newCounter: 0, backedUp: true });
    }
    expect((await vault.findForRp('shop.example'))[0]!.largeBlob).toEqual(new Uint8Array([1, 2, 3]));
    // and a CXF passkey can travel on again
    expect((await exportVault(vault, { format: 'cxf', pin: PIN })).count).toBe(1);
    vault.close();
  });
});
