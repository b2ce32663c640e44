/**
 * Bench-only: bundled on the fly (esbuild, IIFE) and evaluated inside the extension's service
 * worker through the DevTools protocol, never shipped. It opens the same IndexedDB `passkeys`
 * with the product's own Vault code, unlocks it with the PIN, and adds synthetic passkeys for
 * other sites, sealed exactly as the vault seals them (keyed indexes, AES-GCM, AAD).
 *
 * The synthetic records carry random bytes where the keys would be: they are listed and
 * decrypted like any other record but never used to sign.
 */
import type { PasskeyRecord } from '../src/core/passkey-record.js';
import { Vault } from '../src/vault/vault.js';

function record(i: number, now: number): PasskeyRecord {
  const bytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));
  const publicKey = bytes(65);
  publicKey[0] = 4;
  return {
    credentialId: bytes(16),
    rpId: `site-${i % 1000}.example`,
    rpName: `Site ${i % 1000}`,
    userId: bytes(16),
    userName: `user-${i}@example.com`,
    userDisplayName: `User ${i}`,
    alg: -7,
    privateKey: bytes(32),
    publicKey,
    signCount: 0,
    createdAt: now - i * 1000,
    lastUsedAt: null,
    backedUp: false,
  };
}

/** Adds `count` passkeys; returns how the records were written and how many are stored now. */
export async function seed(count: number, pin: string): Promise<{ stored: number; method: string; ms: number }> {
  const started = performance.now();
  const vault = await Vault.open();
  try {
    const unlocked = await vault.unlock(pin);
    if (!unlocked.ok) throw new Error(`seed: unlock failed (${unlocked.reason})`);
    const now = Date.now();
    // The vault's own import path (sealing, keyed indexes, one transaction per batch of 500;
    // add() would commit one transaction per record: minutes for 10,000).
    const method = 'Vault#importRecords, batches of 500';
    for (let start = 0; start < count; start += 500) {
      await vault.importRecords(Array.from({ length: Math.min(500, count - start) }, (_, k) => record(start + k, now)));
    }
    const stored = await vault.count();
    return { stored, method, ms: performance.now() - started };
  } finally {
    vault.close();
  }
}
