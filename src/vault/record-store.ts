/**
 * The passkey records at rest: sealing, opening, the keyed indexes, and the one write lock.
 *
 * THE LOCKING RULE. This file is the only code that writes records, and it writes them only
 * inside `WriteLock#run` (the vault's one lock, which the PIN code in ./pin-lock.ts shares).
 * Every read-modify-write reads the record inside the lock, in the very task that writes it,
 * and changes it by a function of the record as it is then (`modify`, `modifyEach`, `use`,
 * `merge`): nothing ever writes back a copy read earlier, outside the lock, so concurrent
 * writers (a signal, an export's BS, a largeBlob write, a sign-in's counter) cannot undo one
 * another (SECURITY.md case 29). Each task commits in one IndexedDB transaction, so a crash
 * leaves the old or the new state; a write the browser refuses for lack of space rolls back
 * and surfaces as VaultStorageFullError. Reads (find*, allRecords, and ./record-listing.ts)
 * take no lock: they see one committed state or the next, never half of one.
 *
 * What reaches IndexedDB per passkey (schema in ./vault-schema.ts): `{ id, rp, u, fmt, iv, ct }`
 * where `id`, `rp` and `u` are HMACs under the vault's index key of the credential id, the RP ID
 * and (RP ID, user handle), and `ct` is AES-GCM over the record with AAD binding `id` and `rp`.
 */
import type { IDBPDatabase, IDBPObjectStore } from 'idb';
import { fromBase64url, toBase64url } from '../core/base64url.js';
import { concatBytes, equalBytes, utf8 } from '../core/bytes.js';
import type { PasskeyRecord } from '../core/passkey-record.js';
import { toSummary } from './passkey-summary.js';
import { sameStored, type ReadMemos, type RecordIndexes, type StoredBytes } from './read-memos.js';
import { decodeRecord, encodeRecord } from './record-codec.js';
import { isQuotaError, VaultIntegrityError, VaultStorageFullError } from './vault-errors.js';
import { hmacIndex, openRecord, sealRecord, type VaultKeys } from './vault-keys.js';
import { RECORD_FORMAT, type PasskeysDB, type StoredRecord } from './vault-schema.js';

const RECORD_AAD_PREFIX = utf8('passkeep/record/v1');

/** How many records one import seals at once. */
const SEAL_BATCH = 256;

type CredentialsStore = IDBPObjectStore<PasskeysDB, ['credentials'], 'credentials', 'readwrite'>;

export interface MergeResult {
  imported: number;
  duplicates: number;
  /** credential ids that a passkey of another site already uses */
  conflicts: PasskeyRecord[];
}

/**
 * A signature counter advanced and made durable ahead of a sign-in that the person may still
 * decline (`reserve`): the record as it was then stored, and the stored bytes that say so.
 */
export interface Reservation {
  idx: RecordIndexes;
  /** the bytes the reservation wrote (or found, for a counterless passkey) */
  stored: StoredBytes;
  /** the record those bytes hold: its `signCount` is the counter a signature may carry */
  record: PasskeyRecord;
}

/** Whether a lookup for a ceremony sees hidden passkeys: it does not, unless it says so. */
export interface FindOptions {
  includeHidden?: boolean;
}

/**
 * A change to one record, given the record as it is inside the lock. Returning `null` (or the
 * very object it was given) writes nothing. It may not change the RP ID or credential id, nor
 * move the signature counter backward.
 */
export type Mutation = (current: PasskeyRecord) => PasskeyRecord | null;

/** The vault's one lock: tasks run one after another, in the order they were queued. */
export class WriteLock {
  private queue: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** Runs an IndexedDB write, turning a quota refusal into the vault's own error. */
export async function writing<T>(task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (error) {
    if (isQuotaError(error)) throw new VaultStorageFullError();
    throw error;
  }
}

/** One request on the credentials store, made when its transaction is open. */
type StoreRequest = (store: CredentialsStore) => Promise<unknown>;

/**
 * Runs `requests` in one transaction: all commit, or none (a request that fails, or an exception
 * while making them, aborts the lot).
 */
async function inOneTransaction(db: IDBPDatabase<PasskeysDB>, requests: StoreRequest[]): Promise<void> {
  await writing(async () => {
    const tx = db.transaction('credentials', 'readwrite');
    const done = tx.done;
    done.catch(() => undefined);
    const issued: Array<Promise<unknown>> = [];
    try {
      for (const request of requests) {
        const pending = request(tx.store);
        pending.catch(() => undefined);
        issued.push(pending);
      }
      await Promise.all(issued);
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // already aborted by the failed request
      }
      throw error;
    }
    await done;
  });
}

/**
 * Adds `stored` in one transaction with a count of the records already under its user index, and
 * commits only when there are none: a new account, the usual case, costs one round trip to
 * IndexedDB instead of a read and then a write. The count is issued first, so it sees the store
 * as it was before the add. Otherwise the transaction is aborted, nothing is written, and the
 * caller reads those records, to replace the ones that are truly the same account.
 */
async function addUnlessUserHeld(db: IDBPDatabase<PasskeysDB>, stored: StoredRecord): Promise<boolean> {
  return writing(async () => {
    const tx = db.transaction('credentials', 'readwrite');
    const done = tx.done;
    done.catch(() => undefined);
    const held = tx.store.index('by-user').count(stored.u!);
    const added = tx.store.add(stored);
    added.catch(() => undefined);
    if ((await held) > 0) {
      tx.abort();
      return false;
    }
    await added;
    await done;
    return true;
  });
}

function aad(stored: RecordIndexes): Uint8Array {
  return concatBytes(RECORD_AAD_PREFIX, fromBase64url(stored.id), fromBase64url(stored.rp));
}

/** Authenticates (AAD: the stored indexes) and decrypts; throws VaultIntegrityError. */
export async function decryptStored(keys: VaultKeys, stored: StoredRecord): Promise<PasskeyRecord> {
  if (stored.fmt !== RECORD_FORMAT) throw new VaultIntegrityError(`a stored passkey has an unknown format ${String(stored.fmt)}`);
  try {
    return decodeRecord(await openRecord(keys, aad(stored), stored));
  } catch {
    throw new VaultIntegrityError('a stored passkey failed its integrity check');
  }
}

function byRecency(a: PasskeyRecord, b: PasskeyRecord): number {
  return (b.lastUsedAt ?? b.createdAt) - (a.lastUsedAt ?? a.createdAt);
}

/** A mutation's result, checked: same passkey, counter not rewound; null when nothing changes. */
function mutated(current: PasskeyRecord, mutate: Mutation): PasskeyRecord | null {
  const next = mutate({ ...current });
  if (next === null || next === current) return null;
  if (next.rpId !== current.rpId || !equalBytes(next.credentialId, current.credentialId)) {
    throw new VaultIntegrityError('a change may not move a passkey to another RP ID or credential id');
  }
  if (next.signCount < current.signCount) throw new RangeError('the signature counter never goes backward');
  return next;
}

export class RecordStore {
  /** The keys under which every record has been given its user index `u` (see indexUsers). */
  private usersIndexedUnder: VaultKeys | null = null;

  constructor(
    private readonly db: IDBPDatabase<PasskeysDB>,
    readonly lock: WriteLock,
    private readonly requireKeys: () => VaultKeys,
    private readonly memos: ReadMemos,
  ) {}

  // ── keyed indexes and sealing ──────────────────────────────────────────────────────────

  private async indexes(keys: VaultKeys, rpId: string, credentialId: Uint8Array): Promise<RecordIndexes> {
    const known = this.memos.recordIndexes(keys, rpId, credentialId);
    if (known) return known;
    const [id, rp] = await Promise.all([hmacIndex(keys, 'credential', credentialId), hmacIndex(keys, 'rp', utf8(rpId))]);
    const idx = { id: toBase64url(id), rp: toBase64url(rp) };
    this.memos.rememberIndexes(keys, rpId, credentialId, idx);
    return idx;
  }

  /** HMAC of (RP ID, user handle), length-prefixed so that no two pairs share an input. */
  private async userIndex(keys: VaultKeys, rpId: string, userId: Uint8Array): Promise<string> {
    const known = this.memos.userIndex(keys, rpId, userId);
    if (known) return known;
    const rp = utf8(rpId);
    const u = toBase64url(await hmacIndex(keys, 'user', concatBytes(new Uint8Array([rp.length >> 8, rp.length & 0xff]), rp, userId)));
    this.memos.rememberUserIndex(keys, rpId, userId, u);
    return u;
  }

  /** `idx`, when given, must be the indexes of `record`'s own RP ID and credential id. */
  private async seal(keys: VaultKeys, record: PasskeyRecord, idx?: RecordIndexes): Promise<StoredRecord> {
    idx ??= await this.indexes(keys, record.rpId, record.credentialId);
    const [u, sealed] = await Promise.all([
      this.userIndex(keys, record.rpId, record.userId),
      sealRecord(keys, aad(idx), encodeRecord(record)),
    ]);
    return { ...idx, u, fmt: RECORD_FORMAT, ...sealed };
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
    const mismatch = (r: PasskeyRecord): boolean =>
      (known.rpId !== undefined && r.rpId !== known.rpId) || (known.credentialId !== undefined && !equalBytes(r.credentialId, known.credentialId));
    // These exact bytes were opened (and checked against these indexes) before: same result.
    const opened = this.memos.openedAs(keys, stored);
    if (opened) {
      if (mismatch(opened)) throw new VaultIntegrityError('a stored passkey does not match its indexes');
      return { ...opened };
    }
    const record = await decryptStored(keys, stored);
    if (mismatch(record)) throw new VaultIntegrityError('a stored passkey does not match its indexes');
    if (known.rpId === undefined || known.credentialId === undefined) {
      const [id, rp] = await Promise.all([
        known.credentialId === undefined ? hmacIndex(keys, 'credential', record.credentialId).then(toBase64url) : stored.id,
        known.rpId === undefined ? hmacIndex(keys, 'rp', utf8(record.rpId)).then(toBase64url) : stored.rp,
      ]);
      if (id !== stored.id || rp !== stored.rp) throw new VaultIntegrityError('a stored passkey does not match its indexes');
    }
    // Both indexes are now known to be this record's own: later lookups of it skip the HMACs.
    this.memos.rememberIndexes(keys, record.rpId, record.credentialId, { id: stored.id, rp: stored.rp });
    this.memos.rememberOpened(keys, stored, record);
    return { ...record };
  }

  /** Keeps the read memos in step with records this store just committed. */
  private noteWritten(keys: VaultKeys, written: Array<{ stored: StoredRecord; record: PasskeyRecord }>): void {
    for (const { stored, record } of written) this.memos.noteWritten(keys, stored, record, toSummary(record));
  }

  // ── reads (no lock) ─────────────────────────────────────────────────────────────────────

  /** The RP's passkeys, most recently used first, reading only the records whose keyed index matches. */
  async findForRp(rpId: string, options: FindOptions = {}): Promise<PasskeyRecord[]> {
    const keys = this.requireKeys();
    const rp = toBase64url(await hmacIndex(keys, 'rp', utf8(rpId)));
    const stored = await this.db.getAllFromIndex('credentials', 'by-rp', rp);
    // Found under HMAC(rpId): the plaintext's RP ID must be rpId; its credential id is checked by HMAC.
    const records = await Promise.all(stored.map((s) => this.open(keys, s, { rpId })));
    return records.filter((r) => options.includeHidden || !r.hidden).sort(byRecency);
  }

  async findById(rpId: string, credentialId: Uint8Array, options: FindOptions = {}): Promise<PasskeyRecord | null> {
    const keys = this.requireKeys();
    const idx = await this.indexes(keys, rpId, credentialId);
    const stored = await this.db.get('credentials', idx.id);
    if (!stored || stored.rp !== idx.rp) return null;
    // Found under both HMACs of the inputs: the plaintext must carry exactly those inputs.
    const record = await this.open(keys, stored, { rpId, credentialId });
    return options.includeHidden || !record.hidden ? record : null;
  }

  /** Every passkey, hidden ones included, decrypted (for export; stays in the background). */
  async allRecords(): Promise<PasskeyRecord[]> {
    const keys = this.requireKeys();
    const out: PasskeyRecord[] = [];
    for (const stored of await this.db.getAll('credentials')) out.push(await this.open(keys, stored));
    return out;
  }

  async count(): Promise<number> {
    return this.db.count('credentials');
  }

  // ── writes (each inside the lock, on the record as it is then) ────────────────────────

  /** The stored record under `idx`, opened inside the lock; throws when it is not there. */
  private async current(keys: VaultKeys, rpId: string, credentialId: Uint8Array): Promise<{ idx: RecordIndexes; record: PasskeyRecord }> {
    const idx = await this.indexes(keys, rpId, credentialId);
    const stored = await this.db.get('credentials', idx.id);
    if (!stored || stored.rp !== idx.rp) throw new VaultIntegrityError('the passkey is no longer in the vault');
    return { idx, record: await this.open(keys, stored, { rpId, credentialId }) };
  }

  private async putAll(sealed: StoredRecord[], deleted: string[] = []): Promise<void> {
    if (sealed.length === 0 && deleted.length === 0) return;
    await inOneTransaction(this.db, [...sealed.map((s) => (store: CredentialsStore) => store.put(s)), ...deleted.map((id) => (store: CredentialsStore) => store.delete(id))]);
  }

  /**
   * Stores a newly made passkey. The spec's credentials map holds one credential per (RP ID,
   * user handle) (https://w3c.github.io/webauthn/#credentials-map): authenticatorMakeCredential
   * (https://w3c.github.io/webauthn/#sctn-op-make-cred) removes any credential source with the
   * same RP ID and user handle when it stores the new one. Both happen in one transaction, so a
   * crash leaves the old passkey or the new one, never neither. A hidden passkey of that account
   * is replaced too (it behaves as if gone). A stored record found under the same user index is
   * deleted only once its plaintext shows that RP ID and user handle. Returns how many it replaced.
   */
  add(record: PasskeyRecord): Promise<number> {
    return this.lock.run(async () => {
      const keys = this.requireKeys();
      await this.indexUsersLocked(keys);
      const stored = await this.seal(keys, record);
      if (await addUnlessUserHeld(this.db, stored)) {
        this.noteWritten(keys, [{ stored, record }]);
        return 0;
      }
      const replaced: string[] = [];
      for (const old of await this.db.getAllFromIndex('credentials', 'by-user', stored.u!)) {
        const same = await this.open(keys, old, { rpId: record.rpId }).then(
          (r) => equalBytes(r.userId, record.userId),
          () => false, // unreadable: never deleted on an index's word alone
        );
        if (same && old.id !== stored.id) replaced.push(old.id);
      }
      await inOneTransaction(this.db, [(store) => store.add(stored), ...replaced.map((id) => (store: CredentialsStore) => store.delete(id))]);
      for (const id of replaced) this.memos.noteDeleted(keys, id);
      this.noteWritten(keys, [{ stored, record }]);
      return replaced.length;
    });
  }

  /**
   * Changes one passkey by `mutate`, applied inside the lock to the record as stored then, in one
   * write. Returns the record as it now is; throws VaultIntegrityError when it is not in the vault.
   */
  modify(rpId: string, credentialId: Uint8Array, mutate: Mutation): Promise<PasskeyRecord> {
    return this.lock.run(async () => {
      const keys = this.requireKeys();
      const { idx, record } = await this.current(keys, rpId, credentialId);
      const next = mutated(record, mutate);
      if (!next) return record;
      const stored = await this.seal(keys, next, idx);
      await this.putAll([stored]);
      this.noteWritten(keys, [{ stored, record: next }]);
      return next;
    });
  }

  /**
   * `modify` for several passkeys in one transaction (all or none). Passkeys no longer in the
   * vault are skipped. Returns how many changed.
   */
  modifyEach(targets: ReadonlyArray<Pick<PasskeyRecord, 'rpId' | 'credentialId'>>, mutate: Mutation): Promise<number> {
    return this.lock.run(async () => {
      const keys = this.requireKeys();
      const written: Array<{ stored: StoredRecord; record: PasskeyRecord }> = [];
      for (const t of targets) {
        const found = await this.current(keys, t.rpId, t.credentialId).catch((error: unknown) => {
          if (error instanceof VaultIntegrityError) return null;
          throw error;
        });
        const next = found && mutated(found.record, mutate);
        if (found && next) written.push({ stored: await this.seal(keys, next, found.idx), record: next });
      }
      await this.putAll(written.map((w) => w.stored));
      this.noteWritten(keys, written);
      return written.length;
    });
  }

  /**
   * A sign-in's write: advances the signature counter and last-used time, with `change` (a
   * largeBlob write) in the same write, and returns `whileWriting(next)` (the signature),
   * computed while the write commits but returned only once the new counter is durable: if the
   * write fails, it is dropped and the error is thrown, so no signature can leave with a counter
   * that was not stored. A CXF-imported passkey (`counterless`) keeps its counter at zero, as CXF
   * requires. A hidden passkey does not sign: it behaves as if it were gone.
   */
  use<T>(
    rpId: string,
    credentialId: Uint8Array,
    now: number,
    change: Pick<PasskeyRecord, 'largeBlob'>,
    whileWriting: (next: PasskeyRecord) => T | Promise<T>,
  ): Promise<{ record: PasskeyRecord; value: T }> {
    return this.lock.run(async () => {
      const keys = this.requireKeys();
      const idx = await this.indexes(keys, rpId, credentialId);
      const advance = (current: PasskeyRecord): PasskeyRecord => {
        if (current.hidden) throw new VaultIntegrityError('the passkey is no longer in the vault');
        const signCount = current.counterless ? 0 : current.signCount + 1;
        if (signCount > 0xffffffff) throw new RangeError('the signature counter is exhausted');
        return { ...current, ...change, rpId: current.rpId, credentialId: current.credentialId, signCount, lastUsedAt: now };
      };
      // The record the prompt just opened, if these are still its stored bytes: its successor is
      // sealed while the stored record is read, and used only if what is read is byte for byte
      // what was opened (so it decrypts to the same plaintext); otherwise the slow path below.
      const opened = this.memos.lastOpened(keys, idx.id);
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
      this.noteWritten(keys, [{ stored: sealed, record: next }]);
      return { record: next, value };
    });
  }

  /**
   * Advances a passkey's signature counter ahead of a sign-in, while the prompt is open, and
   * makes it durable: a signature with that counter may then leave as soon as the person
   * approves, without a write in between, and the counter is still persisted before any response
   * leaves (SECURITY.md). If the person declines, the counter has skipped one value, which the
   * spec allows (https://w3c.github.io/webauthn/#sctn-sign-counter: it only has to increase).
   * The last-used time is not touched: the person has not used the passkey yet. A counterless
   * (CXF-imported) passkey writes nothing. Null when the passkey is hidden or gone.
   */
  reserve(rpId: string, credentialId: Uint8Array): Promise<Reservation | null> {
    return this.lock.run(async () => {
      const keys = this.requireKeys();
      const idx = await this.indexes(keys, rpId, credentialId);
      const stored = await this.db.get('credentials', idx.id);
      if (!stored || stored.rp !== idx.rp) return null;
      const record = await this.open(keys, stored, { rpId, credentialId });
      if (record.hidden) return null;
      if (record.counterless) return { idx, stored, record };
      if (record.signCount + 1 > 0xffffffff) return null;
      const next = { ...record, signCount: record.signCount + 1 };
      const sealed = await this.seal(keys, next, idx);
      await this.putAll([sealed]);
      this.noteWritten(keys, [{ stored: sealed, record: next }]);
      return { idx, stored: sealed, record: next };
    });
  }

  /**
   * Signs with a reservation's counter: `whileHeld(record)` runs inside the lock, and only if the
   * stored record is still byte for byte what the reservation wrote. Then no other sign-in took
   * that counter or a later one, and nothing changed the passkey (hidden, deleted, renamed)
   * since. Null otherwise: the caller takes the ordinary path (`use`), which advances again.
   * Nothing is written: the caller records the last-used time afterwards (`modify`).
   */
  useReserved<T>(reservation: Reservation, whileHeld: (record: PasskeyRecord) => T | Promise<T>): Promise<{ value: T } | null> {
    return this.lock.run(async () => {
      this.requireKeys();
      const stored = await this.db.get('credentials', reservation.idx.id);
      if (!stored || !sameStored(reservation.stored, stored) || reservation.record.hidden) return null;
      return { value: await whileHeld({ ...reservation.record }) };
    });
  }

  /**
   * Merges imported passkeys, in one transaction. A passkey already held (same RP ID and
   * credential id) is merged, not duplicated: its counter becomes the larger of the two (it never
   * goes backward), BS is kept once set, and whether it is hidden stays as it was. A credential
   * id that another site's passkey already uses is reported as a conflict and left out. An
   * import is not a registration: it replaces nothing by user handle (a backup may rightly hold
   * two passkeys of one account, and restoring one must not delete the other).
   */
  merge(records: PasskeyRecord[]): Promise<MergeResult> {
    return this.lock.run(async () => {
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
      // Sealed SEAL_BATCH at a time: WebCrypto works on them concurrently.
      const merged = Array.from(pending.values());
      const sealed: StoredRecord[] = [];
      for (let from = 0; from < merged.length; from += SEAL_BATCH) {
        sealed.push(...(await Promise.all(merged.slice(from, from + SEAL_BATCH).map((r) => this.seal(keys, r)))));
      }
      await this.putAll(sealed);
      this.noteWritten(keys, sealed.map((stored, i) => ({ stored, record: merged[i]! })));
      return result;
    });
  }

  /** Deletes by base64url credential id (as the popup lists it): only the person does this. */
  delete(credentialIdB64: string): Promise<boolean> {
    return this.lock.run(async () => {
      const keys = this.requireKeys();
      const id = toBase64url(await hmacIndex(keys, 'credential', fromBase64url(credentialIdB64)));
      return writing(async () => {
        const tx = this.db.transaction('credentials', 'readwrite');
        const existing = await tx.store.get(id);
        if (existing) await tx.store.delete(id);
        await tx.done;
        this.memos.noteDeleted(keys, id);
        return existing !== undefined;
      });
    });
  }

  /**
   * "Forgot PIN": deletes every passkey, the wrapped key and the attempt counter, in one
   * transaction; `afterwards` (dropping the keys) runs inside the lock once it has committed.
   */
  wipe(afterwards: () => void): Promise<void> {
    return this.lock.run(async () => {
      const tx = this.db.transaction(['meta', 'credentials'], 'readwrite');
      await Promise.all([tx.objectStore('credentials').clear(), tx.objectStore('meta').delete('vault'), tx.objectStore('meta').delete('pin-attempts'), tx.done]);
      afterwards();
    });
  }

  /**
   * Gives every record written before schema 3 its user index `u` (the upgrade ran without the
   * vault key, see ./vault-schema.ts). Only `u` is added: the sealed bytes stay as they are, and
   * a record that does not open is left untouched. Runs once per unlock, under the lock.
   */
  indexUsers(): Promise<number> {
    return this.lock.run(async () => this.indexUsersLocked(this.requireKeys()));
  }

  private async indexUsersLocked(keys: VaultKeys): Promise<number> {
    if (this.usersIndexedUnder === keys) return 0;
    const [all, indexed] = await Promise.all([this.db.count('credentials'), this.db.countFromIndex('credentials', 'by-user')]);
    const updated: StoredRecord[] = [];
    if (all !== indexed) {
      for (const stored of await this.db.getAll('credentials')) {
        if (stored.u !== undefined) continue;
        const record = await this.open(keys, stored).catch(() => null);
        if (record) updated.push({ ...stored, u: await this.userIndex(keys, record.rpId, record.userId) });
      }
      await this.putAll(updated);
    }
    if (this.memos.current(keys)) this.usersIndexedUnder = keys;
    return updated.length;
  }
}
