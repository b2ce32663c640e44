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
import { Vault, type StoredRecord } from '../src/vault/vault.js';
import type { VaultKeys } from '../src/vault/vault-keys.js';

interface VaultInternals {
  keys: VaultKeys | null;
  seal(keys: VaultKeys, record: PasskeyRecord): Promise<StoredRecord>;
  db: { transaction(store: 'credentials', mode: 'readwrite'): { store: { put(v: StoredRecord): Promise<unknown> }; done: Promise<void> }; count(store: 'credentials'): Promise<number> };
}

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
    const inside = vault as unknown as VaultInternals;
    const now = Date.now();
    let method: string;
    if (inside.keys && typeof inside.seal === 'function' && inside.db && typeof inside.db.transaction === 'function') {
      // The vault's own sealing, written in batches of 500 per transaction (add() would commit
      // one transaction per record: minutes for 10,000).
      method = 'Vault#seal + batched IndexedDB puts';
      for (let start = 0; start < count; start += 500) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(500, count - start) }, (_, k) => inside.seal(inside.keys!, record(start + k, now))),
        );
        const tx = inside.db.transaction('credentials', 'readwrite');
        for (const stored of batch) void tx.store.put(stored);
        await tx.done;
      }
    } else {
      method = 'Vault#add, one by one';
      for (let i = 0; i < count; i++) await vault.add(record(i, now));
    }
    const stored = await inside.db.count('credentials');
    return { stored, method, ms: performance.now() - started };
  } finally {
    vault.close();
  }
}
