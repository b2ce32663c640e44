/**
 * The vault: passkeys encrypted at rest in IndexedDB, behind the person's PIN.
 *
 * What reaches IndexedDB (database `passkeys`, schema in ./vault-schema.ts): the wrapped vault
 * key with its KDF parameters, the PIN attempt counter, and per passkey `{ id, rp, fmt, iv, ct }`
 * where `id` and `rp` are HMACs (under the vault's index key) of the credential id and the RP
 * ID, and `ct` is AES-GCM over the record with AAD binding both. No site, user name or key is
 * ever stored in the clear.
 *
 * Every mutation runs under one in-memory lock and commits in one IndexedDB transaction, so a
 * crash leaves the old or the new state and concurrent assertions get distinct counters. A
 * write the browser refuses for lack of space rolls back and surfaces as VaultStorageFullError.
 */
import { openDB, type IDBPDatabase } from 'idb';
import { fromBase64url, toBase64url } from '../core/base64url.js';
import { concatBytes, equalBytes, utf8 } from '../core/bytes.js';
import type { PasskeyRecord } from '../core/passkey-record.js';
import { RESET_CONFIRMATION, type PasskeySummary, type VaultState, type VaultStatus } from '../core/protocol.js';
import { DEFAULT_KDF, isWeakerKdf, type KdfParams, type KdfTarget } from './kdf.js';
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
} from './vault-keys.js';
import {
  isQuotaError,
  VaultIntegrityError,
  VaultLockedError,
  VaultPinError,
  VaultStorageFullError,
  VaultUpgradeBlockedError,
} from './vault-errors.js';
import {
  DB_NAME,
  migrate,
  RECORD_FORMAT,
  SCHEMA_VERSION,
  type PasskeysDB,
  type PinAttempts,
  type StoredRecord,
  type VaultMeta,
} from './vault-schema.js';

export { DB_NAME, SCHEMA_VERSION, type StoredRecord } from './vault-schema.js';
export { VaultIntegrityError, VaultLockedError, VaultPinError, VaultStorageFullError, VaultUpgradeBlockedError } from './vault-errors.js';

export type UnlockResult = { ok: true } | { ok: false; reason: 'wrong-pin' | 'wait'; retryAfterSeconds: number };

export interface MergeResult {
  imported: number;
  duplicates: number;
  /** credential ids that a passkey of another site already uses */
  conflicts: PasskeyRecord[];
}

export interface VaultOptions {
  /** the KDF new and re-wrapped keys use (default DEFAULT_KDF); weaker stored parameters are raised on unlock */
  kdf?: KdfTarget;
  /** a newer version of the database wants to open: this connection has been closed */
  onClosed?: () => void;
}

const RECORD_AAD_PREFIX = utf8('passkeep/record/v1');

/** How many (RP ID, credential id) → keyed-index pairs are remembered (the prompt's accounts). */
const INDEX_MEMO_MAX = 256;
/** How many records list() decrypts at once. */
const LIST_BATCH = 256;

/** A stored record's bytes (besides its id, the memo's key) that decrypt to something known. */
interface StoredBytes {
  rp: string;
  iv: Uint8Array;
  ct: Uint8Array;
}

/** What list() learned from one stored record, valid for exactly these stored bytes. */
interface ListedRecord extends StoredBytes {
  summary: PasskeySummary;
}

/** A record recently opened for a ceremony, valid for exactly these stored bytes. */
interface OpenedRecord extends StoredBytes {
  record: PasskeyRecord;
}

/** How many recently opened records are kept (the prompt's accounts, while unlocked). */
const OPENED_MEMO_MAX = 16;

export interface VaultListing {
  /** every passkey that decrypted */
  passkeys: PasskeySummary[];
  /** stored records that failed their integrity check (left in place, not listed) */
  unreadable: number;
}

function toSummary(r: PasskeyRecord): PasskeySummary {
  return {
    id: toBase64url(r.credentialId),
    rpId: r.rpId,
    userName: r.userName,
    userDisplayName: r.userDisplayName,
    alg: r.alg,
    createdAt: r.createdAt,
    lastUsedAt: r.lastUsedAt,
  };
}

/** Whether `stored` is byte for byte what `listed` was computed from (same index, IV and ciphertext). */
function sameStored(listed: StoredBytes, stored: StoredRecord): boolean {
  return stored.fmt === RECORD_FORMAT && listed.rp === stored.rp && equalBytes(listed.iv, stored.iv) && equalBytes(listed.ct, stored.ct);
}

/** Runs an IndexedDB write, turning a quota refusal into the vault's own error. */
async function writing<T>(task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (error) {
    if (isQuotaError(error)) throw new VaultStorageFullError();
    throw error;
  }
}

export class Vault {
  private keysHeld: VaultKeys | null = null;
  /**
   * Memos, valid only under the keys they were made with (dropped whenever the keys change or
   * go): HMAC is deterministic, so a keyed index computed once is the same forever; AES-GCM
   * decryption is deterministic, so what a record's exact stored bytes (index, IV, ciphertext)
   * decrypted to once, they decrypt to again. Neither holds a private key: the index memo holds
   * keyed indexes (what IndexedDB itself stores), the list memo what the popup displays.
   */
  private indexMemo = new Map<string, { id: string; rp: string }>();
  private listMemo = new Map<string, ListedRecord>();
  /**
   * The few records last opened for a ceremony (the prompt's accounts), so that approving does
   * not decrypt again what the prompt just decrypted. It holds private keys, in the background's
   * memory only and only while unlocked, as the prompt's own session does; the vault key that
   * can decrypt every record is held alongside for the same time anyway.
   */
  private openedMemo = new Map<string, OpenedRecord>();
  private listing: Promise<VaultListing> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private get keys(): VaultKeys | null {
    return this.keysHeld;
  }

  private set keys(keys: VaultKeys | null) {
    this.keysHeld = keys;
    this.indexMemo = new Map();
    this.listMemo = new Map();
    this.openedMemo = new Map();
    this.listing = null;
  }

  private constructor(
    private readonly db: IDBPDatabase<PasskeysDB>,
    private readonly kdfTarget: KdfTarget,
  ) {}

  /**
   * Opens (creating or upgrading) the database. Rejects with VaultUpgradeBlockedError when an
   * older connection holds the database open during an upgrade, instead of waiting forever.
   */
  static async open(name: string = DB_NAME, options: VaultOptions = {}): Promise<Vault> {
    let vault: Vault | null = null;
    let rejectBlocked: (e: Error) => void = () => undefined;
    const blocked = new Promise<never>((_, reject) => {
      rejectBlocked = reject;
    });
    const opening = openDB<PasskeysDB>(name, SCHEMA_VERSION, {
      upgrade(database, oldVersion, newVersion, transaction) {
        // A failed migration aborts the upgrade transaction: the old version stays as it was,
        // and the open rejects (the caller sees the error; `done` is observed here).
        transaction.done.catch(() => undefined);
        migrate(database, transaction, oldVersion, newVersion ?? SCHEMA_VERSION).catch(() => transaction.abort());
      },
      blocked() {
        rejectBlocked(new VaultUpgradeBlockedError());
      },
      blocking() {
        // A newer Passkeep wants to upgrade: step aside rather than block it.
        vault?.closeConnection();
        options.onClosed?.();
      },
    });
    // If the blocked open later succeeds, close that late connection: the caller has moved on.
    const db = await Promise.race([opening, blocked]).catch((error: unknown) => {
      if (error instanceof VaultUpgradeBlockedError) opening.then((late) => late.close(), () => undefined);
      throw error;
    });
    vault = new Vault(db, options.kdf ?? DEFAULT_KDF);
    return vault;
  }

  private closeConnection(): void {
    this.closed = true;
    this.keys = null;
    this.db.close();
  }

  close(): void {
    this.closeConnection();
  }

  isClosed(): boolean {
    return this.closed;
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

  /** The stored KDF parameters (no salt), for the About page. */
  async kdfParams(): Promise<Omit<KdfParams, 'salt'> | null> {
    const meta = await this.meta();
    if (!meta) return null;
    const { salt: _salt, ...rest } = meta.kdf;
    return rest;
  }

  private freshKdf(): KdfParams {
    return { ...this.kdfTarget, salt: crypto.getRandomValues(new Uint8Array(16)) };
  }

  /** First run: creates the vault key and wraps it under `pin`. Leaves the vault unlocked. */
  setPin(pin: string, kdf: KdfTarget = this.kdfTarget): Promise<void> {
    return this.exclusive(async () => {
      if (await this.meta()) throw new Error('a PIN is already set');
      const raw = crypto.getRandomValues(new Uint8Array(32));
      const params: KdfParams = { ...kdf, salt: crypto.getRandomValues(new Uint8Array(16)) };
      const wrappedKey = await wrapVaultKey(raw, pin, params);
      const keys = await importVaultKey(raw);
      await writing(() => this.db.put('meta', { kdf: params, wrappedKey, createdAt: Date.now() }, 'vault'));
      this.keys = keys;
    });
  }

  /**
   * Checks `pin` against the wrapped key. The attempt is counted and persisted before the
   * comparison, so stopping the background mid-check gives no free guess (SECURITY.md case 19).
   */
  private async checkPin(pin: string, now: number): Promise<{ ok: true; raw: Uint8Array; meta: VaultMeta } | Exclude<UnlockResult, { ok: true }>> {
    const meta = await this.meta();
    if (!meta) throw new Error('no PIN has been set');
    const attempts = await this.attempts();
    if (attempts.notBefore > now) {
      return { ok: false, reason: 'wait', retryAfterSeconds: Math.ceil((attempts.notBefore - now) / 1000) };
    }
    const failures = attempts.failures + 1;
    const pending: PinAttempts = { failures, notBefore: now + waitAfterFailures(failures) * 1000 };
    await writing(() => this.db.put('meta', pending, 'pin-attempts'));
    const raw = await unwrapVaultKey(meta.wrappedKey, pin, meta.kdf);
    if (!raw) {
      return { ok: false, reason: 'wrong-pin', retryAfterSeconds: Math.max(0, Math.ceil((pending.notBefore - now) / 1000)) };
    }
    return { ok: true, raw, meta };
  }

  /** Writes the (re-)wrapped key and clears the attempt counter in one transaction. */
  private async storeWrapped(meta: VaultMeta): Promise<void> {
    await writing(async () => {
      const tx = this.db.transaction('meta', 'readwrite');
      await Promise.all([tx.store.put(meta, 'vault'), tx.store.put({ failures: 0, notBefore: 0 }, 'pin-attempts'), tx.done]);
    });
  }

  /**
   * Checks `pin` and unlocks. When the stored KDF parameters are weaker than this build's,
   * the vault key is re-wrapped under the new parameters (fresh salt) in the same step.
   */
  unlock(pin: string, now: number = Date.now()): Promise<UnlockResult> {
    return this.exclusive(async () => {
      const checked = await this.checkPin(pin, now);
      if (!checked.ok) return checked;
      const { raw, meta } = checked;
      if (isWeakerKdf(meta.kdf, this.kdfTarget)) {
        const kdf = this.freshKdf();
        await this.storeWrapped({ ...meta, kdf, wrappedKey: await wrapVaultKey(raw, pin, kdf) });
      } else {
        await writing(() => this.db.put('meta', { failures: 0, notBefore: 0 }, 'pin-attempts'));
      }
      this.keys = await importVaultKey(raw);
      return { ok: true };
    });
  }

  /**
   * Changes the PIN by re-wrapping the vault key only: no passkey record is touched. The old
   * PIN is checked under the same attempt rules as an unlock. Leaves the vault unlocked.
   */
  changePin(oldPin: string, newPin: string, now: number = Date.now()): Promise<UnlockResult> {
    return this.exclusive(async () => {
      const checked = await this.checkPin(oldPin, now);
      if (!checked.ok) return checked;
      const kdf = this.freshKdf();
      await this.storeWrapped({ ...checked.meta, kdf, wrappedKey: await wrapVaultKey(checked.raw, newPin, kdf) });
      this.keys = await importVaultKey(checked.raw);
      return { ok: true };
    });
  }

  /**
   * "Forgot PIN": deletes every passkey, the wrapped key and the attempt counter, in one
   * transaction, and only when `confirm` is exactly RESET_CONFIRMATION (typed by the person).
   */
  reset(confirm: string): Promise<void> {
    return this.exclusive(async () => {
      if (confirm !== RESET_CONFIRMATION) throw new RangeError(`Type “${RESET_CONFIRMATION}” to delete every passkey.`);
      const tx = this.db.transaction(['meta', 'credentials'], 'readwrite');
      await Promise.all([tx.objectStore('credentials').clear(), tx.objectStore('meta').delete('vault'), tx.objectStore('meta').delete('pin-attempts'), tx.done]);
      this.keys = null;
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
    const memoKey = Vault.memoKey(rpId, credentialId);
    const known = this.indexMemo.get(memoKey);
    if (known && this.keysHeld === keys) return known;
    const [id, rp] = await Promise.all([hmacIndex(keys, 'credential', credentialId), hmacIndex(keys, 'rp', utf8(rpId))]);
    const idx = { id: toBase64url(id), rp: toBase64url(rp) };
    this.rememberIndexes(keys, rpId, credentialId, idx);
    return idx;
  }

  private static memoKey(rpId: string, credentialId: Uint8Array): string {
    return `${toBase64url(credentialId)} ${rpId}`;
  }

  /** Remembers HMAC outputs under `keys` (only while they are still the vault's keys). */
  private rememberIndexes(keys: VaultKeys, rpId: string, credentialId: Uint8Array, idx: { id: string; rp: string }): void {
    if (this.keysHeld !== keys) return;
    const memoKey = Vault.memoKey(rpId, credentialId);
    this.indexMemo.delete(memoKey);
    this.indexMemo.set(memoKey, idx);
    if (this.indexMemo.size > INDEX_MEMO_MAX) this.indexMemo.delete(this.indexMemo.keys().next().value!);
  }

  /** Keeps list()'s memo in step with a record this vault just wrote (after its commit). */
  private noteWritten(keys: VaultKeys, stored: StoredRecord, record: PasskeyRecord): void {
    if (this.keysHeld !== keys) return;
    this.listMemo.set(stored.id, { rp: stored.rp, iv: stored.iv, ct: stored.ct, summary: toSummary(record) });
    if (this.openedMemo.has(stored.id)) this.rememberOpened(keys, stored, record);
  }

  private rememberOpened(keys: VaultKeys, stored: StoredRecord, record: PasskeyRecord): void {
    if (this.keysHeld !== keys) return;
    this.openedMemo.delete(stored.id);
    this.openedMemo.set(stored.id, { rp: stored.rp, iv: stored.iv, ct: stored.ct, record: { ...record } });
    if (this.openedMemo.size > OPENED_MEMO_MAX) this.openedMemo.delete(this.openedMemo.keys().next().value!);
  }

  private static aad(stored: { id: string; rp: string }): Uint8Array {
    return concatBytes(RECORD_AAD_PREFIX, fromBase64url(stored.id), fromBase64url(stored.rp));
  }

  /** `idx`, when given, must be the indexes of `record`'s own RP ID and credential id. */
  private async seal(keys: VaultKeys, record: PasskeyRecord, idx?: { id: string; rp: string }): Promise<StoredRecord> {
    idx ??= await this.indexes(keys, record.rpId, record.credentialId);
    const sealed = await sealRecord(keys, Vault.aad(idx), encodeRecord(record));
    return { ...idx, fmt: RECORD_FORMAT, ...sealed };
  }

  /** Authenticates (AAD: the stored indexes) and decrypts; throws VaultIntegrityError. */
  private static async decrypt(keys: VaultKeys, stored: StoredRecord): Promise<PasskeyRecord> {
    if (stored.fmt !== RECORD_FORMAT) throw new VaultIntegrityError(`a stored passkey has an unknown format ${String(stored.fmt)}`);
    try {
      return decodeRecord(await openRecord(keys, Vault.aad(stored), stored));
    } catch {
      throw new VaultIntegrityError('a stored passkey failed its integrity check');
    }
  }

  /**
   * Decrypts and checks that the plaintext belongs under the indexes it was found by.
   *
   * `known` says what the caller already knows the indexes to be the HMACs of: `stored.rp` is
   * HMAC(known.rpId) and/or `stored.id` is HMAC(known.credentialId), because the record was
   * looked up by those very HMACs. For a known part the plaintext is compared with the known
   * value itself, which is the same check (HMAC is a function of its input: equal inputs, equal
   * indexes; a plaintext with another RP ID or credential id fails, as it would by recomputing);
   * an unknown part is checked by recomputing its HMAC.
   */
  private async open(keys: VaultKeys, stored: StoredRecord, known: { rpId?: string; credentialId?: Uint8Array } = {}): Promise<PasskeyRecord> {
    // These exact bytes were opened (and checked against these indexes) before: same result.
    const opened = this.openedMemo.get(stored.id);
    if (opened && sameStored(opened, stored) && this.keysHeld === keys) {
      const record = opened.record;
      if ((known.rpId !== undefined && record.rpId !== known.rpId) || (known.credentialId !== undefined && !equalBytes(record.credentialId, known.credentialId))) {
        throw new VaultIntegrityError('a stored passkey does not match its indexes');
      }
      return { ...record };
    }
    const record = await Vault.decrypt(keys, stored);
    const rpOk = known.rpId !== undefined ? record.rpId === known.rpId : null;
    const idOk = known.credentialId !== undefined ? equalBytes(record.credentialId, known.credentialId) : null;
    if (rpOk === false || idOk === false) throw new VaultIntegrityError('a stored passkey does not match its indexes');
    if (rpOk === null || idOk === null) {
      const [id, rp] = await Promise.all([
        idOk === null ? hmacIndex(keys, 'credential', record.credentialId).then(toBase64url) : stored.id,
        rpOk === null ? hmacIndex(keys, 'rp', utf8(record.rpId)).then(toBase64url) : stored.rp,
      ]);
      if (id !== stored.id || rp !== stored.rp) throw new VaultIntegrityError('a stored passkey does not match its indexes');
    }
    // Both indexes are now known to be this record's own: later lookups of it skip the HMACs.
    this.rememberIndexes(keys, record.rpId, record.credentialId, { id: stored.id, rp: stored.rp });
    this.rememberOpened(keys, stored, record);
    return { ...record };
  }

  add(record: PasskeyRecord): Promise<void> {
    return this.exclusive(async () => {
      const keys = this.requireKeys();
      const stored = await this.seal(keys, record);
      await writing(() => this.db.add('credentials', stored));
      this.noteWritten(keys, stored, record);
    });
  }

  /** The RP's passkeys, reading only the records whose keyed index matches. */
  async findForRp(rpId: string): Promise<PasskeyRecord[]> {
    const keys = this.requireKeys();
    const rp = toBase64url(await hmacIndex(keys, 'rp', utf8(rpId)));
    const stored = await this.db.getAllFromIndex('credentials', 'by-rp', rp);
    // Found under HMAC(rpId): the plaintext's RP ID must be rpId; its credential id is checked by HMAC.
    const records = await Promise.all(stored.map((s) => this.open(keys, s, { rpId })));
    return records.sort((a, b) => (b.lastUsedAt ?? b.createdAt) - (a.lastUsedAt ?? a.createdAt));
  }

  async findById(rpId: string, credentialId: Uint8Array): Promise<PasskeyRecord | null> {
    const keys = this.requireKeys();
    const idx = await this.indexes(keys, rpId, credentialId);
    const stored = await this.db.get('credentials', idx.id);
    if (!stored || stored.rp !== idx.rp) return null;
    // Found under both HMACs of the inputs: the plaintext must carry exactly those inputs.
    return this.open(keys, stored, { rpId, credentialId });
  }

  /**
   * Advances the signature counter and last-used time, durably, and returns the new record.
   * A CXF-imported passkey (`counterless`) keeps its counter at zero, as CXF requires.
   * `change` (a largeBlob write) lands in the same write, so it can never carry a stale counter.
   */
  async recordUse(
    rpId: string,
    credentialId: Uint8Array,
    now: number = Date.now(),
    change: Pick<PasskeyRecord, 'largeBlob'> = {},
  ): Promise<PasskeyRecord> {
    return (await this.useRecord(rpId, credentialId, now, change, () => undefined)).record;
  }

  /**
   * recordUse, and `whileWriting(next)` (the signature) computed while the write commits. Its
   * value is returned only once the new counter is durable: if the write fails, it is dropped
   * and the error is thrown, so no signature can leave with a counter that was not stored.
   */
  useRecord<T>(
    rpId: string,
    credentialId: Uint8Array,
    now: number,
    change: Pick<PasskeyRecord, 'largeBlob'>,
    whileWriting: (next: PasskeyRecord) => T | Promise<T>,
  ): Promise<{ record: PasskeyRecord; value: T }> {
    return this.exclusive(async () => {
      const keys = this.requireKeys();
      const idx = await this.indexes(keys, rpId, credentialId);
      const advance = (current: PasskeyRecord): PasskeyRecord => {
        const signCount = current.counterless ? 0 : current.signCount + 1;
        if (signCount > 0xffffffff) throw new RangeError('the signature counter is exhausted');
        return { ...current, ...change, rpId: current.rpId, credentialId: current.credentialId, signCount, lastUsedAt: now };
      };
      // The record the prompt just opened, if these are still its stored bytes: its successor is
      // sealed while the stored record is read, and used only if what is read is byte for byte
      // what was opened (so it decrypts to the same plaintext); otherwise the slow path below.
      const opened = this.openedMemo.get(idx.id);
      let guess: PasskeyRecord | null = null;
      if (opened && opened.rp === idx.rp && opened.record.rpId === rpId && equalBytes(opened.record.credentialId, credentialId)) {
        try {
          guess = advance(opened.record);
        } catch {
          guess = null;
        }
      }
      const guessSealed = guess ? this.seal(keys, guess, idx) : null;
      guessSealed?.catch(() => undefined);
      const stored = await this.db.get('credentials', idx.id);
      if (!stored || stored.rp !== idx.rp) throw new VaultIntegrityError('the passkey is no longer in the vault');
      let next: PasskeyRecord;
      let sealed: StoredRecord;
      if (guess && guessSealed && opened && sameStored(opened, stored)) {
        next = guess;
        sealed = await guessSealed;
      } else {
        next = advance(await this.open(keys, stored, { rpId, credentialId }));
        // `next` has the RP ID and credential id `idx` was computed from: no HMAC again.
        sealed = await this.seal(keys, next, idx);
      }
      const value = await writing(async () => {
        const tx = this.db.transaction('credentials', 'readwrite');
        const written = Promise.all([tx.store.put(sealed), tx.done]);
        // Commit as soon as the put is done, without waiting for this task to end, so the
        // signature below is computed while the browser writes. (A transaction that is already
        // ending or aborted refuses commit(): `written` then says how it ended.)
        try {
          tx.commit();
        } catch {
          // reported by `written`
        }
        const [, produced] = await Promise.all([written, Promise.resolve().then(() => whileWriting(next))]);
        return produced;
      });
      this.noteWritten(keys, sealed, next);
      return { record: next, value };
    });
  }

  /**
   * Replaces a stored passkey (same RP ID and credential id) with `record`, in one write.
   * The signature counter never goes backward: the higher of the stored and given one is kept.
   */
  update(record: PasskeyRecord): Promise<void> {
    return this.exclusive(async () => {
      const keys = this.requireKeys();
      const current = await this.findById(record.rpId, record.credentialId);
      if (!current) throw new VaultIntegrityError('no such passkey to update');
      const written: PasskeyRecord = { ...record, signCount: Math.max(current.signCount, record.signCount) };
      const stored = await this.seal(keys, written);
      await writing(async () => {
        const tx = this.db.transaction('credentials', 'readwrite');
        const existing = await tx.store.get(stored.id);
        if (!existing || existing.rp !== stored.rp) throw new VaultIntegrityError('no such passkey to update');
        await tx.store.put(stored);
        await tx.done;
      });
      this.noteWritten(keys, stored, written);
    });
  }

  /** Every passkey, decrypted (for export; stays in the background). */
  async allRecords(): Promise<PasskeyRecord[]> {
    const keys = this.requireKeys();
    const all = await this.db.getAll('credentials');
    const out: PasskeyRecord[] = [];
    for (const stored of all) out.push(await this.open(keys, stored));
    return out;
  }

  /** Every passkey that decrypts, for display (a record that fails its check is left out). */
  async list(): Promise<PasskeySummary[]> {
    return (await this.listWithProblems()).passkeys;
  }

  /**
   * Every passkey for display, and how many stored records failed their integrity check: one
   * bad record never hides the others.
   *
   * A record is authenticated by AES-GCM with its own indexes as AAD, so what decrypts was
   * sealed by this vault under exactly those indexes; unlike the lookups that lead to a
   * signature (findById, findForRp, recordUse), listing for display does not recompute the two
   * HMACs on top. Records whose stored bytes list() has already decrypted under the current
   * keys are not decrypted again (see the memos above); the rest are decrypted concurrently.
   */
  listWithProblems(): Promise<VaultListing> {
    // One pass at a time: a second caller waits for the running one, then finds it memoised.
    const run = (this.listing ?? Promise.resolve()).catch(() => undefined).then(() => this.listOnce());
    this.listing = run;
    void run.finally(() => {
      if (this.listing === run) this.listing = null;
    }).catch(() => undefined);
    return run;
  }

  private async listOnce(): Promise<VaultListing> {
    const keys = this.requireKeys();
    const all = await this.db.getAll('credentials');
    const memo = this.listMemo;
    const next = new Map<string, ListedRecord>();
    const summaries: Array<PasskeySummary | null> = new Array(all.length).fill(null);
    const misses: number[] = [];
    all.forEach((stored, i) => {
      const listed = memo.get(stored.id);
      if (listed && sameStored(listed, stored)) {
        summaries[i] = listed.summary;
        next.set(stored.id, listed);
      } else misses.push(i);
    });
    let unreadable = 0;
    for (let from = 0; from < misses.length; from += LIST_BATCH) {
      await Promise.all(
        misses.slice(from, from + LIST_BATCH).map(async (i) => {
          const stored = all[i]!;
          try {
            const summary = toSummary(await Vault.decrypt(keys, stored));
            summaries[i] = summary;
            next.set(stored.id, { rp: stored.rp, iv: stored.iv, ct: stored.ct, summary });
          } catch {
            unreadable++;
          }
        }),
      );
    }
    if (this.keysHeld === keys) this.listMemo = next;
    return { passkeys: summaries.filter((s): s is PasskeySummary => s !== null), unreadable };
  }

  async count(): Promise<number> {
    return this.db.count('credentials');
  }

  /**
   * Sets BS (backedUp) on the given passkeys, in one transaction: once a passkey has left in an
   * export, its assertions say so from then on. Records already marked are left alone.
   */
  markBackedUp(records: PasskeyRecord[]): Promise<number> {
    return this.exclusive(async () => {
      const keys = this.requireKeys();
      const sealed: StoredRecord[] = [];
      for (const r of records) {
        const current = await this.findById(r.rpId, r.credentialId);
        if (current && !current.backedUp) sealed.push(await this.seal(keys, { ...current, backedUp: true }));
      }
      await this.putAll(sealed);
      return sealed.length;
    });
  }

  /**
   * Merges imported passkeys, in one transaction. A passkey already held (same RP ID and
   * credential id) is merged, not duplicated: its counter becomes the larger of the two (it never
   * goes backward), BS is kept once set. A credential id that another site's passkey already uses
   * is reported as a conflict and left out.
   */
  importRecords(records: PasskeyRecord[]): Promise<MergeResult> {
    return this.exclusive(async () => {
      const keys = this.requireKeys();
      const result: MergeResult = { imported: 0, duplicates: 0, conflicts: [] };
      const pending = new Map<string, PasskeyRecord>();
      for (const incoming of records) {
        const idx = await this.indexes(keys, incoming.rpId, incoming.credentialId);
        const earlier = pending.get(idx.id);
        const storedNow = earlier ? null : await this.db.get('credentials', idx.id);
        if (storedNow && storedNow.rp !== idx.rp) {
          result.conflicts.push(incoming);
          continue;
        }
        const current = earlier ?? (storedNow ? await this.open(keys, storedNow) : null);
        if (current && current.rpId !== incoming.rpId) {
          result.conflicts.push(incoming);
          continue;
        }
        if (current) {
          result.duplicates++;
          const counting = !(current.counterless && incoming.counterless);
          const merged: PasskeyRecord = {
            ...current,
            signCount: Math.max(current.signCount, incoming.signCount),
            backedUp: current.backedUp || incoming.backedUp,
            lastUsedAt: Math.max(current.lastUsedAt ?? 0, incoming.lastUsedAt ?? 0) || null,
          };
          if (counting) delete merged.counterless;
          pending.set(idx.id, merged);
        } else {
          result.imported++;
          pending.set(idx.id, incoming);
        }
      }
      const sealed: StoredRecord[] = [];
      for (const record of pending.values()) sealed.push(await this.seal(keys, record));
      await this.putAll(sealed);
      return result;
    });
  }

  private async putAll(sealed: StoredRecord[]): Promise<void> {
    if (sealed.length === 0) return;
    await writing(async () => {
      const tx = this.db.transaction('credentials', 'readwrite');
      await Promise.all([...sealed.map((s) => tx.store.put(s)), tx.done]);
    });
  }

  /** Deletes by base64url credential id (as the popup lists it). */
  delete(credentialIdB64: string): Promise<boolean> {
    return this.exclusive(async () => {
      const keys = this.requireKeys();
      const id = toBase64url(await hmacIndex(keys, 'credential', fromBase64url(credentialIdB64)));
      return writing(async () => {
        const tx = this.db.transaction('credentials', 'readwrite');
        const existing = await tx.store.get(id);
        if (existing) await tx.store.delete(id);
        await tx.done;
        return existing !== undefined;
      });
    });
  }
}
