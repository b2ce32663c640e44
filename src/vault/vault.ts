/**
 * The vault: passkeys encrypted at rest in IndexedDB, behind the person's PIN.
 *
 * What reaches IndexedDB (database `passkeys`): the wrapped vault key with its KDF parameters,
 * the PIN attempt counter, and per passkey `{ id, rp, iv, ct }` where `id` and `rp` are HMACs
 * (under the vault's index key) of the credential id and the RP ID, and `ct` is AES-GCM over
 * the record with AAD binding both. No site, user name or key is ever stored in the clear.
 *
 * Every mutation runs under one in-memory lock and commits in one IndexedDB transaction, so a
 * crash leaves the old or the new state and concurrent assertions get distinct counters.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { fromBase64url, toBase64url } from '../core/base64url.js';
import { concatBytes, equalBytes, utf8 } from '../core/bytes.js';
import type { PasskeyRecord } from '../core/passkey-record.js';
import type { PasskeySummary, VaultState, VaultStatus } from '../core/protocol.js';
import { DEFAULT_KDF, type KdfParams } from './kdf.js';
import { waitAfterFailures } from './pin-rules.js';
import { decodeRecord, encodeRecord } from './record-codec.js';
import {
  hmacIndex,
  importVaultKey,
  openRecord,
  sealRecord,
  unwrapVaultKey,
  wrapVaultKey,
  type VaultKeys,
  type WrappedKey,
} from './vault-keys.js';

export const DB_NAME = 'passkeys';
export const SCHEMA_VERSION = 1;

interface VaultMeta {
  kdf: KdfParams;
  wrappedKey: WrappedKey;
  createdAt: number;
}

interface PinAttempts {
  /** consecutive failures, counted before each comparison */
  failures: number;
  /** epoch ms before which no attempt is accepted */
  notBefore: number;
}

export interface StoredRecord {
  /** base64url HMAC of the credential id */
  id: string;
  /** base64url HMAC of the RP ID */
  rp: string;
  iv: Uint8Array;
  ct: Uint8Array;
}

interface PasskeysDB extends DBSchema {
  meta: { key: 'vault' | 'pin-attempts'; value: VaultMeta | PinAttempts };
  credentials: { key: string; value: StoredRecord; indexes: { 'by-rp': string } };
}

export type UnlockResult = { ok: true } | { ok: false; reason: 'wrong-pin' | 'wait'; retryAfterSeconds: number };

/** Thrown when a stored record fails to decrypt or does not match its indexes. */
export class VaultIntegrityError extends Error {
  override readonly name = 'VaultIntegrityError';
}

export class VaultLockedError extends Error {
  override readonly name = 'VaultLockedError';
}

const RECORD_AAD_PREFIX = utf8('passkeep/record/v1');

export class Vault {
  private keys: VaultKeys | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly db: IDBPDatabase<PasskeysDB>) {}

  static async open(name: string = DB_NAME): Promise<Vault> {
    const db = await openDB<PasskeysDB>(name, SCHEMA_VERSION, {
      upgrade(database, oldVersion) {
        // Migrations, one per schema version; each runs inside the upgrade transaction.
        if (oldVersion < 1) {
          database.createObjectStore('meta');
          const credentials = database.createObjectStore('credentials', { keyPath: 'id' });
          credentials.createIndex('by-rp', 'rp');
        }
      },
    });
    return new Vault(db);
  }

  close(): void {
    this.db.close();
  }

  /** Runs `task` after every earlier mutation has finished. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async meta(): Promise<VaultMeta | undefined> {
    return (await this.db.get('meta', 'vault')) as VaultMeta | undefined;
  }

  private async attempts(): Promise<PinAttempts> {
    return ((await this.db.get('meta', 'pin-attempts')) as PinAttempts | undefined) ?? { failures: 0, notBefore: 0 };
  }

  isUnlocked(): boolean {
    return this.keys !== null;
  }

  async state(): Promise<VaultState> {
    if (this.keys) return 'unlocked';
    return (await this.meta()) ? 'locked' : 'no-pin';
  }

  async status(now: number = Date.now()): Promise<VaultStatus> {
    const attempts = await this.attempts();
    return { state: await this.state(), retryAfterSeconds: Math.max(0, Math.ceil((attempts.notBefore - now) / 1000)) };
  }

  /** First run: creates the vault key and wraps it under `pin`. Leaves the vault unlocked. */
  setPin(pin: string, kdf: Omit<KdfParams, 'salt'> = DEFAULT_KDF): Promise<void> {
    return this.exclusive(async () => {
      if (await this.meta()) throw new Error('a PIN is already set');
      const raw = crypto.getRandomValues(new Uint8Array(32));
      const params: KdfParams = { ...kdf, salt: crypto.getRandomValues(new Uint8Array(16)) };
      const wrappedKey = await wrapVaultKey(raw, pin, params);
      const keys = await importVaultKey(raw);
      await this.db.put('meta', { kdf: params, wrappedKey, createdAt: Date.now() }, 'vault');
      this.keys = keys;
    });
  }

  /**
   * Checks `pin` and unlocks. The attempt is counted and persisted before the comparison, so
   * stopping the background mid-check gives no free guess.
   */
  unlock(pin: string, now: number = Date.now()): Promise<UnlockResult> {
    return this.exclusive(async () => {
      const meta = await this.meta();
      if (!meta) throw new Error('no PIN has been set');
      const attempts = await this.attempts();
      if (attempts.notBefore > now) {
        return { ok: false, reason: 'wait', retryAfterSeconds: Math.ceil((attempts.notBefore - now) / 1000) };
      }
      const failures = attempts.failures + 1;
      const pending: PinAttempts = { failures, notBefore: now + waitAfterFailures(failures) * 1000 };
      await this.db.put('meta', pending, 'pin-attempts');
      const raw = await unwrapVaultKey(meta.wrappedKey, pin, meta.kdf);
      if (!raw) {
        return { ok: false, reason: 'wrong-pin', retryAfterSeconds: Math.max(0, Math.ceil((pending.notBefore - now) / 1000)) };
      }
      await this.db.put('meta', { failures: 0, notBefore: 0 }, 'pin-attempts');
      this.keys = await importVaultKey(raw);
      return { ok: true };
    });
  }

  lock(): void {
    this.keys = null;
  }

  /** The raw vault key, for `storage.session` only. */
  sessionKey(): Uint8Array | null {
    return this.keys ? this.keys.raw.slice() : null;
  }

  async restoreSessionKey(raw: Uint8Array): Promise<void> {
    this.keys = await importVaultKey(raw);
  }

  private requireKeys(): VaultKeys {
    if (!this.keys) throw new VaultLockedError('the vault is locked');
    return this.keys;
  }

  private async indexes(keys: VaultKeys, rpId: string, credentialId: Uint8Array): Promise<{ id: string; rp: string }> {
    const [id, rp] = await Promise.all([hmacIndex(keys, 'credential', credentialId), hmacIndex(keys, 'rp', utf8(rpId))]);
    return { id: toBase64url(id), rp: toBase64url(rp) };
  }

  private static aad(stored: { id: string; rp: string }): Uint8Array {
    return concatBytes(RECORD_AAD_PREFIX, fromBase64url(stored.id), fromBase64url(stored.rp));
  }

  private async seal(keys: VaultKeys, record: PasskeyRecord): Promise<StoredRecord> {
    const idx = await this.indexes(keys, record.rpId, record.credentialId);
    const sealed = await sealRecord(keys, Vault.aad(idx), encodeRecord(record));
    return { ...idx, ...sealed };
  }

  /** Decrypts and checks that the plaintext belongs under the indexes it was found by. */
  private async open(keys: VaultKeys, stored: StoredRecord): Promise<PasskeyRecord> {
    let record: PasskeyRecord;
    try {
      record = decodeRecord(await openRecord(keys, Vault.aad(stored), stored));
    } catch {
      throw new VaultIntegrityError('a stored passkey failed its integrity check');
    }
    const idx = await this.indexes(keys, record.rpId, record.credentialId);
    if (idx.id !== stored.id || idx.rp !== stored.rp) {
      throw new VaultIntegrityError('a stored passkey does not match its indexes');
    }
    return record;
  }

  add(record: PasskeyRecord): Promise<void> {
    return this.exclusive(async () => {
      const keys = this.requireKeys();
      const stored = await this.seal(keys, record);
      await this.db.add('credentials', stored);
    });
  }

  /** The RP's passkeys, reading only the records whose keyed index matches. */
  async findForRp(rpId: string): Promise<PasskeyRecord[]> {
    const keys = this.requireKeys();
    const rp = toBase64url(await hmacIndex(keys, 'rp', utf8(rpId)));
    const stored = await this.db.getAllFromIndex('credentials', 'by-rp', rp);
    const records = await Promise.all(stored.map((s) => this.open(keys, s)));
    return records.sort((a, b) => (b.lastUsedAt ?? b.createdAt) - (a.lastUsedAt ?? a.createdAt));
  }

  async findById(rpId: string, credentialId: Uint8Array): Promise<PasskeyRecord | null> {
    const keys = this.requireKeys();
    const idx = await this.indexes(keys, rpId, credentialId);
    const stored = await this.db.get('credentials', idx.id);
    if (!stored || stored.rp !== idx.rp) return null;
    return this.open(keys, stored);
  }

  /**
   * Advances the signature counter and last-used time, durably, and returns the new record.
   * `change` (a largeBlob write) lands in the same write, so it can never carry a stale counter.
   */
  recordUse(
    rpId: string,
    credentialId: Uint8Array,
    now: number = Date.now(),
    change: Pick<PasskeyRecord, 'largeBlob'> = {},
  ): Promise<PasskeyRecord> {
    return this.exclusive(async () => {
      const keys = this.requireKeys();
      const current = await this.findById(rpId, credentialId);
      if (!current) throw new VaultIntegrityError('the passkey is no longer in the vault');
      if (!equalBytes(current.credentialId, credentialId)) throw new VaultIntegrityError('credential id mismatch');
      const next: PasskeyRecord = { ...current, ...change, signCount: current.signCount + 1, lastUsedAt: now };
      await this.db.put('credentials', await this.seal(keys, next));
      return next;
    });
  }

  /** Replaces a stored passkey (same RP ID and credential id) with `record`, in one write. */
  update(record: PasskeyRecord): Promise<void> {
    return this.exclusive(async () => {
      const keys = this.requireKeys();
      const stored = await this.seal(keys, record);
      const tx = this.db.transaction('credentials', 'readwrite');
      const existing = await tx.store.get(stored.id);
      if (!existing || existing.rp !== stored.rp) throw new VaultIntegrityError('no such passkey to update');
      await tx.store.put(stored);
      await tx.done;
    });
  }

  async list(): Promise<PasskeySummary[]> {
    const keys = this.requireKeys();
    const all = await this.db.getAll('credentials');
    const out: PasskeySummary[] = [];
    for (const stored of all) {
      const r = await this.open(keys, stored);
      out.push({
        id: toBase64url(r.credentialId),
        rpId: r.rpId,
        userName: r.userName,
        userDisplayName: r.userDisplayName,
        alg: r.alg,
        createdAt: r.createdAt,
        lastUsedAt: r.lastUsedAt,
      });
    }
    return out;
  }

  /** Deletes by base64url credential id (as the popup lists it). */
  delete(credentialIdB64: string): Promise<boolean> {
    return this.exclusive(async () => {
      const keys = this.requireKeys();
      const id = toBase64url(await hmacIndex(keys, 'credential', fromBase64url(credentialIdB64)));
      const tx = this.db.transaction('credentials', 'readwrite');
      const existing = await tx.store.get(id);
      if (existing) await tx.store.delete(id);
      await tx.done;
      return existing !== undefined;
    });
  }
}
