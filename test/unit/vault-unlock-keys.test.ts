/**
 * Issue 13: the vault key wrapped under the PIN and an authenticator's PRF output
 * (src/vault/unlock-keys.ts, PinLock#enrol/#removeUnlockKey/#setPinOnly). The authenticator is
 * played by random 32-byte PRF outputs: what the browser hands the extension page.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { fromBase64url } from '../../src/core/base64url.js';
import { deriveKeyEncryptionKey, type KdfParams } from '../../src/vault/kdf.js';
import { openForAuthenticator, type UnlockKey } from '../../src/vault/unlock-keys.js';
import { openVaultKey } from '../../src/vault/vault-keys.js';
import { Vault, UnlockKeyError, type Enrolment } from '../../src/vault/vault.js';
import type { VaultMeta } from '../../src/vault/vault-schema.js';
import { dumpDatabase, loadDatabase } from '../fixtures/idb-dump.js';
import { BackupNeedsAuthenticatorError, readBackup, writeBackup } from '../../src/vault/backup-file.js';
import { makeRecord, openTestVault, TEST_KDF, uniqueDbName } from './vault-test-helpers.js';

const PIN = 'correct horse 1';
const NOW = 1_800_000_000_000;
const open: Vault[] = [];
afterEach(() => {
  for (const v of open.splice(0)) if (!v.isClosed()) v.close();
});

async function fresh(name = uniqueDbName()): Promise<{ vault: Vault; name: string }> {
  const vault = await openTestVault(name);
  open.push(vault);
  return { vault, name };
}

/** A simulated authenticator: its credential id, the salt Passkeep stored, and its PRF output there. */
function authenticator(label: string): Enrolment {
  return {
    credentialId: crypto.getRandomValues(new Uint8Array(48)),
    salt: crypto.getRandomValues(new Uint8Array(32)),
    prf: crypto.getRandomValues(new Uint8Array(32)),
    label,
  };
}

async function readMeta(name: string): Promise<VaultMeta> {
  const db = await openDB(name);
  try {
    return (await db.get('meta', 'vault')) as VaultMeta;
  } finally {
    db.close();
  }
}

/** A vault with one passkey, a PIN, and `keys` enrolled; left locked. */
async function enrolled(keys: Enrolment[], keepPinOnly: boolean) {
  const { vault, name } = await fresh();
  await vault.setPin(PIN);
  const record = makeRecord('bank.example', 'alice@example');
  await vault.add(record);
  const raw = vault.sessionKey()!;
  for (const key of keys) expect(await vault.enrolUnlockKey(PIN, key, keepPinOnly, NOW)).toEqual({ ok: true });
  vault.lock();
  return { vault, name, record, raw };
}

/** Each test runs Argon2id several times (at OWASP's floor): a few seconds on a loaded 2-core machine. */
const ARGON2_HEAVY = { timeout: 30_000 };

describe('issue 13: unlocking needs the PIN and an enrolled authenticator', ARGON2_HEAVY, () => {
  it('enrolled without recovery: PIN + the authenticator unlocks and reads the passkeys; neither alone does', async () => {
    const key = authenticator('blue key');
    const { vault, record } = await enrolled([key], false);

    expect(await vault.unlock(PIN, NOW)).toEqual({ ok: false, reason: 'needs-authenticator', retryAfterSeconds: 0 });
    expect(vault.isUnlocked()).toBe(false);
    const wrongPin = await vault.unlock('wrong pin 9', NOW, key);
    expect(wrongPin).toMatchObject({ ok: false, reason: 'wrong-pin' });
    expect(vault.isUnlocked()).toBe(false);

    expect(await vault.unlock(PIN, NOW, key)).toEqual({ ok: true });
    expect((await vault.findForRp('bank.example')).map((r) => r.userName)).toEqual([record.userName]);
  });

  it('another PRF output with the right credential id and PIN does not unlock (the authenticator is needed, not its id)', async () => {
    const key = authenticator('blue key');
    const { vault } = await enrolled([key], false);
    const forged = { credentialId: key.credentialId, prf: crypto.getRandomValues(new Uint8Array(32)) };
    expect(await vault.unlock(PIN, NOW, forged)).toMatchObject({ ok: false, reason: 'wrong-pin' });
    expect(vault.isUnlocked()).toBe(false);
  });

  it('an authenticator that is not enrolled is refused before any PIN is compared', async () => {
    const { vault } = await enrolled([authenticator('blue key')], false);
    const stranger = authenticator('stranger');
    await expect(vault.unlock(PIN, NOW, stranger)).rejects.toBeInstanceOf(UnlockKeyError);
    expect((await vault.status(NOW)).retryAfterSeconds).toBe(0);
  });

  it('a dump of the stored data and the right PIN fail to unwrap the vault key without the PRF output', async () => {
    const key = authenticator('blue key');
    const { name, raw } = await enrolled([key], false);
    const dump = await dumpDatabase(name);
    const copyName = uniqueDbName();
    await loadDatabase(dump, { name: copyName });
    const meta = await readMeta(copyName);
    // What the attacker holds: every stored byte, and (say) the PIN.
    expect(meta.wrappedKey).toBeUndefined();
    expect(meta.unlockKeys).toHaveLength(1);
    const stored = meta.unlockKeys![0]!;
    expect(stored.label).toBe('blue key');
    const pinKey = await deriveKeyEncryptionKey(PIN, meta.kdf as KdfParams);
    // The PIN-derived key alone is no key-encryption key for the wrapping …
    expect(await openVaultKey(stored.wrappedKey, pinKey)).toBeNull();
    // … nor with any PRF guess other than the authenticator's (zeros, the salt itself, the PIN key).
    for (const guess of [new Uint8Array(32), stored.salt, pinKey]) {
      expect(await openForAuthenticator(stored, pinKey, { credentialId: stored.id, prf: guess })).toBeNull();
    }
    // The copy opened by Passkeep itself with the PIN: still locked.
    const copy = await openTestVault(copyName);
    open.push(copy);
    expect(await copy.unlock(PIN, NOW)).toMatchObject({ ok: false, reason: 'needs-authenticator' });
    // The PRF output is not in the dump anywhere; with it, the same data opens (control).
    expect(JSON.stringify(dump)).not.toContain(Buffer.from(key.prf).toString('base64url'));
    expect(await openForAuthenticator(stored as UnlockKey, pinKey, key)).toEqual(raw);
  });

  it('the authenticator without the PIN opens nothing', async () => {
    const key = authenticator('blue key');
    const { name } = await enrolled([key], false);
    const meta = await readMeta(name);
    const stored = meta.unlockKeys![0]!;
    const otherPinKey = await deriveKeyEncryptionKey('0000', meta.kdf);
    expect(await openForAuthenticator(stored, otherPinKey, key)).toBeNull();
    expect(await openForAuthenticator(stored, new Uint8Array(32), key)).toBeNull();
  });

  it('two enrolled authenticators each unlock the same vault; removing one leaves the other', async () => {
    const first = authenticator('blue key');
    const spare = authenticator('spare key');
    const { vault, record } = await enrolled([first, spare], false);
    const status = await vault.status(NOW);
    expect(status.unlockKeys?.map((k) => k.label)).toEqual(['blue key', 'spare key']);
    expect(status.pinOnly).toBe(false);
    for (const key of [first, spare]) {
      expect(await vault.unlock(PIN, NOW, key)).toEqual({ ok: true });
      expect(await vault.findById('bank.example', record.credentialId)).not.toBeNull();
      vault.lock();
    }

    expect(await vault.unlock(PIN, NOW, spare)).toEqual({ ok: true });
    expect(await vault.removeUnlockKey(PIN, first.credentialId, NOW)).toEqual({ ok: true });
    vault.lock();
    await expect(vault.unlock(PIN, NOW, first)).rejects.toBeInstanceOf(UnlockKeyError);
    expect(await vault.unlock(PIN, NOW)).toMatchObject({ ok: false, reason: 'needs-authenticator' });
    expect(await vault.unlock(PIN, NOW, spare)).toEqual({ ok: true });
    expect((await vault.status(NOW)).unlockKeys?.map((k) => k.label)).toEqual(['spare key']);
  });

  it('removing the last authenticator puts the PIN-only unlock back (the vault never ends with no way in)', async () => {
    const key = authenticator('blue key');
    const { vault, name } = await enrolled([key], false);
    expect(await vault.unlock(PIN, NOW, key)).toEqual({ ok: true });
    expect(await vault.removeUnlockKey(PIN, key.credentialId, NOW)).toEqual({ ok: true });
    const meta = await readMeta(name);
    expect(meta.unlockKeys).toEqual([]);
    expect(meta.wrappedKey).toBeDefined();
    vault.lock();
    expect(await vault.unlock(PIN, NOW)).toEqual({ ok: true });
    expect((await vault.status(NOW)).unlockKeys).toBeUndefined();
  });

  it('recovery kept: the PIN alone still unlocks (and the status says so); removed later: it no longer does', async () => {
    const key = authenticator('blue key');
    const { vault, name } = await enrolled([key], true);
    expect((await vault.status(NOW)).pinOnly).toBe(true);
    expect((await readMeta(name)).wrappedKey).toBeDefined();
    expect(await vault.unlock(PIN, NOW)).toEqual({ ok: true });

    expect(await vault.setPinOnly(PIN, false, NOW)).toEqual({ ok: true });
    expect((await readMeta(name)).wrappedKey).toBeUndefined();
    vault.lock();
    expect(await vault.unlock(PIN, NOW)).toMatchObject({ ok: false, reason: 'needs-authenticator' });
    expect(await vault.unlock(PIN, NOW, key)).toEqual({ ok: true });
    // … and back again, from an unlock that had no PIN-only wrapping to check the PIN against.
    expect(await vault.setPinOnly(PIN, true, NOW)).toEqual({ ok: true });
    vault.lock();
    expect(await vault.unlock(PIN, NOW)).toEqual({ ok: true });
  });

  it('the PIN-only unlock cannot be removed while no authenticator is enrolled', async () => {
    const { vault } = await fresh();
    await vault.setPin(PIN);
    await expect(vault.setPinOnly(PIN, false, NOW)).rejects.toBeInstanceOf(UnlockKeyError);
  });

  it('enrolling, removing and changing recovery need the right PIN, counted under the wait rules', async () => {
    const key = authenticator('blue key');
    const { vault, name } = await enrolled([key], false);
    expect(await vault.unlock(PIN, NOW, key)).toEqual({ ok: true });
    const before = await readMeta(name);
    expect(await vault.enrolUnlockKey('wrong pin 1', authenticator('mallory'), true, NOW)).toMatchObject({ ok: false, reason: 'wrong-pin' });
    expect(await vault.removeUnlockKey('wrong pin 2', key.credentialId, NOW)).toMatchObject({ ok: false, reason: 'wrong-pin' });
    const third = await vault.setPinOnly('wrong pin 3', true, NOW);
    expect(third).toEqual({ ok: false, reason: 'wrong-pin', retryAfterSeconds: 30 });
    expect(await vault.enrolUnlockKey(PIN, authenticator('mallory'), true, NOW)).toEqual({ ok: false, reason: 'wait', retryAfterSeconds: 30 });
    expect(await readMeta(name)).toEqual(before);
  });

  it('wrong PINs with the authenticator follow the existing wait rules (3 free, then 30 s doubling)', async () => {
    const key = authenticator('blue key');
    const { vault } = await enrolled([key], false);
    expect(await vault.unlock('wrong 1111', NOW, key)).toEqual({ ok: false, reason: 'wrong-pin', retryAfterSeconds: 0 });
    expect(await vault.unlock('wrong 2222', NOW, key)).toEqual({ ok: false, reason: 'wrong-pin', retryAfterSeconds: 0 });
    expect(await vault.unlock('wrong 3333', NOW, key)).toEqual({ ok: false, reason: 'wrong-pin', retryAfterSeconds: 30 });
    // Even the right PIN and authenticator wait their turn.
    expect(await vault.unlock(PIN, NOW + 1000, key)).toEqual({ ok: false, reason: 'wait', retryAfterSeconds: 29 });
    expect(await vault.unlock('wrong 4444', NOW + 30_000, key)).toEqual({ ok: false, reason: 'wrong-pin', retryAfterSeconds: 60 });
    expect(await vault.unlock(PIN, NOW + 90_000, key)).toEqual({ ok: true });
    expect((await vault.status(NOW + 90_000)).retryAfterSeconds).toBe(0);
  });

  it('the same authenticator cannot be enrolled twice; enrolling and removing need the vault unlocked', async () => {
    const key = authenticator('blue key');
    const { vault } = await enrolled([key], true);
    await expect(vault.enrolUnlockKey(PIN, authenticator('x'), true, NOW)).rejects.toThrow(/locked/);
    await expect(vault.removeUnlockKey(PIN, key.credentialId, NOW)).rejects.toThrow(/locked/);
    expect(await vault.unlock(PIN, NOW)).toEqual({ ok: true });
    await expect(vault.enrolUnlockKey(PIN, key, true, NOW)).rejects.toBeInstanceOf(UnlockKeyError);
  });

  it('a restarted background (keys restored from storage.session) still confirms the PIN without a PIN-only wrapping', async () => {
    const key = authenticator('blue key');
    const { vault, name } = await enrolled([key], false);
    expect(await vault.unlock(PIN, NOW, key)).toEqual({ ok: true });
    const raw = vault.sessionKey()!;
    const check = vault.sessionPinCheck()!;
    vault.close();
    const restarted = await openTestVault(name);
    open.push(restarted);
    await restarted.restoreSessionKey(raw, check);
    expect(await restarted.enrolUnlockKey('wrong pin 7', authenticator('x'), false, NOW)).toMatchObject({ ok: false, reason: 'wrong-pin' });
    expect(await restarted.enrolUnlockKey(PIN, authenticator('spare'), false, NOW)).toEqual({ ok: true });
    expect((await restarted.status(NOW)).unlockKeys).toHaveLength(2);
  });

  it('the PIN cannot be changed while authenticators are enrolled (their wrappings need their own PRF output)', async () => {
    const key = authenticator('blue key');
    const { vault, name } = await enrolled([key], true);
    expect(await vault.unlock(PIN, NOW)).toEqual({ ok: true });
    const before = await readMeta(name);
    await expect(vault.changePin(PIN, 'new pin 42', NOW)).rejects.toBeInstanceOf(UnlockKeyError);
    expect(await readMeta(name)).toEqual(before);
  });

  it('the status lists credential ids and salts (what a page needs to ask), never a wrapped key', async () => {
    const key = authenticator('blue key');
    const { vault } = await enrolled([key], true);
    const status = await vault.status(NOW);
    expect(status.unlockKeys).toEqual([{ id: expect.any(String), salt: expect.any(String), label: 'blue key', addedAt: NOW }]);
    expect(fromBase64url(status.unlockKeys![0]!.id)).toEqual(key.credentialId);
    expect(fromBase64url(status.unlockKeys![0]!.salt)).toEqual(key.salt);
    expect(Object.keys(status).sort()).toEqual(['pinOnly', 'retryAfterSeconds', 'state', 'unlockKeys']);
  });
});

describe('issue 13: a backup protected the same way (passphrase + an enrolled authenticator, version 2)', ARGON2_HEAVY, () => {
  const PASSPHRASE = 'backup passphrase 12';
  const records = () => [makeRecord('bank.example', 'alice@example')];
  const backupPrf = () => ({ ...authenticator('blue key'), salt: crypto.getRandomValues(new Uint8Array(32)) });

  it('opens with the passphrase and the authenticator’s answer; not with the passphrase alone, nor another answer', async () => {
    const prf = backupPrf();
    const data = await writeBackup(records(), PASSPHRASE, TEST_KDF, NOW, prf);
    const header = JSON.parse(data) as { version: number; authenticator: { credentialId: string; salt: string } };
    expect(header.version).toBe(2);
    expect(fromBase64url(header.authenticator.credentialId)).toEqual(prf.credentialId);
    expect(fromBase64url(header.authenticator.salt)).toEqual(prf.salt);
    expect(data).not.toContain(Buffer.from(prf.prf).toString('base64url'));

    await expect(readBackup(data, PASSPHRASE)).rejects.toBeInstanceOf(BackupNeedsAuthenticatorError);
    await expect(readBackup(data, PASSPHRASE, { credentialId: prf.credentialId, prf: crypto.getRandomValues(new Uint8Array(32)) })).rejects.toThrow(
      /Wrong passphrase or security key/,
    );
    await expect(readBackup(data, 'wrong passphrase 1', prf)).rejects.toThrow(/Wrong passphrase or security key/);
    const back = await readBackup(data, PASSPHRASE, prf);
    expect(back.map((r) => r.userName)).toEqual(['alice@example']);
  });

  it('the header is bound: another salt or credential id in the file does not open it', async () => {
    const prf = backupPrf();
    const data = JSON.parse(await writeBackup(records(), PASSPHRASE, TEST_KDF, NOW, prf)) as Record<string, { salt: string }>;
    const tampered = JSON.stringify({ ...data, authenticator: { ...data.authenticator, salt: Buffer.from(new Uint8Array(32)).toString('base64url') } });
    await expect(readBackup(tampered, PASSPHRASE, prf)).rejects.toThrow(/Wrong passphrase or security key/);
    const other = authenticator('other');
    await expect(readBackup(JSON.stringify(data), PASSPHRASE, other)).rejects.toThrow(/another security key/);
  });

  it('a passphrase-only backup is still version 1 and reads as before', async () => {
    const data = await writeBackup(records(), PASSPHRASE, TEST_KDF, NOW);
    expect((JSON.parse(data) as { version: number; authenticator?: unknown }).version).toBe(1);
    expect((JSON.parse(data) as { authenticator?: unknown }).authenticator).toBeUndefined();
    expect(await readBackup(data, PASSPHRASE)).toHaveLength(1);
  });
});
