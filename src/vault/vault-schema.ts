/**
 * The IndexedDB schema of database `passkeys`, and the migrations that bring an older
 * database up to date. Each migration runs inside the browser's upgrade transaction, so an
 * upgrade either completes or leaves the old version untouched (a crash mid-upgrade rolls back).
 *
 * Version history:
 *  1. `meta` (out-of-line keys: 'vault', 'pin-attempts') and `credentials` (keyPath `id`,
 *     index `by-rp`), records `{ id, rp, iv, ct }`.
 *  2. every stored record carries `fmt`, the sealing format (1 = AES-256-GCM under the HKDF
 *     record key, AAD 'passkeep/record/v1' || id || rp), so that a later change of cipher or
 *     AAD can be migrated record by record; `meta` gains 'schema' naming the version.
 *  3. `credentials` gains index `by-user` on `u`, a keyed index of (RP ID, user handle) (the
 *     spec's credentials map, https://w3c.github.io/webauthn/#credentials-map), so that
 *     registering again for the same account replaces the old passkey. `u` is an HMAC under the
 *     vault key, which the upgrade (run while locked) does not have: records written before
 *     carry no `u` and are left out of the index until the first unlock fills it in
 *     (RecordStore#indexUsers). Not part of the AAD, so no record is re-sealed; the plaintext is
 *     checked before `u` is ever acted on.
 *  (3, no new version) `meta.vault` may carry `unlockKeys` and lose `wrappedKey`: optional
 *     fields of the one value, read by every version that knows them; a vault without them is
 *     unchanged (PIN-only).
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { KdfParams } from './kdf.js';
import type { UnlockKey } from './unlock-keys.js';
import type { WrappedKey } from './vault-keys.js';

export const DB_NAME = 'passkeys';
export const SCHEMA_VERSION = 3;
export const RECORD_FORMAT = 1;

export interface VaultMeta {
  kdf: KdfParams;
  /** the vault key under the PIN alone; absent once an authenticator is enrolled without recovery */
  wrappedKey?: WrappedKey;
  createdAt: number;
  /** the vault key under the PIN and each enrolled authenticator's PRF output (./unlock-keys.ts) */
  unlockKeys?: UnlockKey[];
}

export interface PinAttempts {
  /** consecutive failures, counted before each comparison */
  failures: number;
  /** epoch ms before which no attempt is accepted */
  notBefore: number;
}

export interface SchemaInfo {
  version: number;
  migratedAt: number;
}

export interface StoredRecord {
  /** base64url HMAC of the credential id */
  id: string;
  /** base64url HMAC of the RP ID */
  rp: string;
  /** sealing format (schema ≥ 2) */
  fmt: number;
  /** base64url HMAC of (RP ID, user handle) (schema ≥ 3, once the vault key has been seen) */
  u?: string;
  iv: Uint8Array;
  ct: Uint8Array;
}

export interface PasskeysDB extends DBSchema {
  meta: { key: 'vault' | 'pin-attempts' | 'schema'; value: VaultMeta | PinAttempts | SchemaInfo };
  credentials: { key: string; value: StoredRecord; indexes: { 'by-rp': string; 'by-user': string } };
}

type UpgradeTx = IDBPTransaction<PasskeysDB, StoreNames<PasskeysDB>[], 'versionchange'>;

export interface Migration {
  /** the schema version this migration produces */
  version: number;
  run(db: IDBPDatabase<PasskeysDB>, tx: UpgradeTx): Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    async run(db) {
      db.createObjectStore('meta');
      const credentials = db.createObjectStore('credentials', { keyPath: 'id' });
      credentials.createIndex('by-rp', 'rp');
    },
  },
  {
    version: 2,
    async run(_db, tx) {
      const store = tx.objectStore('credentials');
      let cursor = await store.openCursor();
      while (cursor) {
        const value = cursor.value as Partial<StoredRecord>;
        if (value.fmt === undefined) await cursor.update({ ...(value as StoredRecord), fmt: RECORD_FORMAT });
        cursor = await cursor.continue();
      }
      await tx.objectStore('meta').put({ version: 2, migratedAt: Date.now() }, 'schema');
    },
  },
  {
    version: 3,
    async run(_db, tx) {
      // Not unique: a vault of schema ≤ 2 may already hold several passkeys for one account,
      // and none of them is deleted behind the person's back by an upgrade.
      tx.objectStore('credentials').createIndex('by-user', 'u');
      await tx.objectStore('meta').put({ version: 3, migratedAt: Date.now() }, 'schema');
    },
  },
];

/** Runs, in order, every migration above `oldVersion` (and not above `newVersion`). */
export async function migrate(db: IDBPDatabase<PasskeysDB>, tx: UpgradeTx, oldVersion: number, newVersion: number): Promise<void> {
  for (const migration of MIGRATIONS) {
    if (migration.version > oldVersion && migration.version <= newVersion) await migration.run(db, tx);
  }
}
