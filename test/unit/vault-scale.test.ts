/**
 * A vault of 10,000 passkeys: lookups by RP ID and by credential id read (decrypt) only the
 * matching records, thanks to the keyed indexes. Speed itself is measured by
 * scripts/vault-bench.mjs, not asserted here.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { p256 } from '@noble/curves/nist.js';
import type { PasskeyRecord } from '../../src/core/passkey-record.js';
import { openTestVault } from './vault-test-helpers.js';

const COUNT = 10_000;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a 10,000-passkey vault', () => {
  it('findForRp and findById decrypt only the matching records', async () => {
    const vault = await openTestVault();
    await vault.setPin('scale pin');
    const key = p256.utils.randomSecretKey();
    const publicKey = p256.getPublicKey(key, false);
    const records: PasskeyRecord[] = [];
    for (let i = 0; i < COUNT; i++) {
      records.push({
        credentialId: crypto.getRandomValues(new Uint8Array(32)),
        rpId: `site${i % 5000}.example`, // two passkeys per site
        rpName: `Site ${i}`,
        userId: crypto.getRandomValues(new Uint8Array(16)),
        userName: `user${i}@example`,
        userDisplayName: `User ${i}`,
        alg: -7,
        privateKey: key,
        publicKey,
        signCount: 0,
        createdAt: 1_700_000_000_000 + i,
        lastUsedAt: null,
        backedUp: false,
      });
    }
    expect(await vault.importRecords(records)).toEqual({ imported: COUNT, duplicates: 0, conflicts: [] });
    expect(await vault.count()).toBe(COUNT);

    const decrypt = vi.spyOn(crypto.subtle, 'decrypt');
    const found = await vault.findForRp('site1234.example');
    expect(found.map((r) => r.userName).sort()).toEqual(['user1234@example', 'user6234@example']);
    expect(decrypt).toHaveBeenCalledTimes(2);

    decrypt.mockClear();
    const one = await vault.findById('site77.example', records[5077]!.credentialId);
    expect(one?.userName).toBe('user5077@example');
    expect(decrypt).toHaveBeenCalledTimes(1);

    decrypt.mockClear();
    expect(await vault.findForRp('nowhere.example')).toEqual([]);
    expect(decrypt).not.toHaveBeenCalled();
    vault.close();
  }, 120_000);
});
