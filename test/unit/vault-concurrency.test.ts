/**
 * SECURITY.md case 29: every read-modify-write of a record happens under the vault's one lock,
 * on the record as it is then. Writers that each read the passkey before another's write lands
 * (a signal, an export's BS, a largeBlob write, a sign-in's counter) must lose nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { applySignal } from '../../src/background/signal-effects';
import { exportVault } from '../../src/background/vault-transfer';
import type { PasskeyRecord } from '../../src/core/passkey-record';
import type { Vault } from '../../src/vault/vault';
import { makeRecord, openTestVault, signInVerified, TEST_KDF } from './vault-test-helpers';

const PIN = 'case-29-pin-2468';
const opened: Vault[] = [];
afterEach(() => {
  for (const vault of opened.splice(0)) vault.close();
});

async function vaultWith(record: PasskeyRecord): Promise<Vault> {
  const vault = await openTestVault();
  opened.push(vault);
  await vault.setPin(PIN);
  await vault.add(record);
  return vault;
}

const SIGNAL_FROM = { origin: 'https://bank.example', at: 1 };
const blob = (n: number) => new Uint8Array(64).fill(n);

describe('case 29: concurrent writes to one passkey lose nothing', () => {
  it('case 29: a signal, an export’s BS, a largeBlob write and sign-ins landing together all stay', async () => {
    const record = makeRecord('bank.example', 'alice@example');
    const vault = await vaultWith(record);
    // A signal reads the passkey now (BS=0, no blob, counter 0), and writes after the others.
    const settled = await Promise.all([
      vault.recordUse('bank.example', record.credentialId, 1_000, { largeBlob: blob(7) }),
      applySignal(vault, { kind: 'details', rpId: 'bank.example', userId: record.userId, name: 'alice.new@example', displayName: 'Alice N.' }, SIGNAL_FROM),
      vault.markBackedUp([record]),
      vault.recordUse('bank.example', record.credentialId, 2_000),
      applySignal(vault, { kind: 'details', rpId: 'bank.example', userId: record.userId, name: 'alice.newer@example', displayName: 'Alice N.' }, SIGNAL_FROM),
      vault.recordUse('bank.example', record.credentialId, 3_000),
    ]);
    const counters = [settled[0], settled[3], settled[5]].map((r) => r.signCount);
    expect(counters).toEqual([1, 2, 3]);
    const now = await vault.findById('bank.example', record.credentialId);
    expect(now).toMatchObject({ backedUp: true, signCount: 3, lastUsedAt: 3_000, userDisplayName: 'Alice N.' });
    // Which of the two signals' reads finishes first is up to the scheduler; either name is whole.
    expect(['alice.new@example', 'alice.newer@example']).toContain(now!.userName);
    expect(now!.largeBlob).toEqual(blob(7));
    // And the next sign-in carries all of it: BS=1, counter 4, verified by a real RP library.
    expect(await signInVerified(vault, 'bank.example', record.credentialId, record.publicKey, 3)).toEqual({ verified: true, newCounter: 4, backedUp: true });
  }, 30_000);

  it('case 29: an export racing sign-ins with largeBlob writes keeps BS, the newest blob and every counter', async () => {
    const record = makeRecord('bank.example', 'alice@example');
    const vault = await vaultWith(record);
    const uses = Array.from({ length: 6 }, (_, i) => vault.recordUse('bank.example', record.credentialId, 10 + i, { largeBlob: blob(i + 1) }));
    const exported = exportVault(vault, { format: 'passkeep-backup', pin: PIN, passphrase: 'a long passphrase for case 29' }, { kdf: TEST_KDF });
    const more = Array.from({ length: 6 }, (_, i) => vault.recordUse('bank.example', record.credentialId, 20 + i, i === 5 ? { largeBlob: blob(99) } : {}));
    const [file, ...results] = await Promise.all([exported, ...uses, ...more]);
    expect(file.count).toBe(1);
    // Counters strictly increase in the order the sign-ins were made, with no gap or repeat.
    expect(results.map((r) => r.signCount)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const now = await vault.findById('bank.example', record.credentialId);
    expect(now).toMatchObject({ backedUp: true, signCount: 12, lastUsedAt: 25 });
    expect(now!.largeBlob).toEqual(blob(99));
  }, 30_000);

  it('case 29: a change computed from a stale copy cannot rewind the counter or drop the blob', async () => {
    const record = makeRecord('bank.example', 'alice@example');
    const vault = await vaultWith(record);
    const stale = await vault.findById('bank.example', record.credentialId);
    await vault.recordUse('bank.example', record.credentialId, 5, { largeBlob: blob(3) });
    // Writing the stale copy back is refused (the counter would go backward)…
    await expect(vault.modify('bank.example', record.credentialId, () => ({ ...stale!, userName: 'x' }))).rejects.toBeInstanceOf(RangeError);
    // …while a change of the record as it is now keeps everything else.
    await vault.modify('bank.example', record.credentialId, (current) => ({ ...current, userName: 'x' }));
    const now = await vault.findById('bank.example', record.credentialId);
    expect(now).toMatchObject({ userName: 'x', signCount: 1, lastUsedAt: 5 });
    expect(now!.largeBlob).toEqual(blob(3));
  });

  it('case 29: marking a passkey deleted meanwhile backed up skips it and fails nothing', async () => {
    const record = makeRecord('bank.example', 'alice@example');
    const other = makeRecord('shop.example', 'bob@example');
    const vault = await vaultWith(record);
    await vault.add(other);
    const [deleted, marked] = await Promise.all([vault.delete(Buffer.from(record.credentialId).toString('base64url')), vault.markBackedUp([record, other])]);
    expect(deleted).toBe(true);
    expect(marked).toBe(1);
    expect(await vault.findById('bank.example', record.credentialId)).toBeNull();
    expect((await vault.findById('shop.example', other.credentialId))?.backedUp).toBe(true);
  });
});
