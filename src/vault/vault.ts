/**
 * The vault: passkeys encrypted at rest in IndexedDB, behind the person's PIN. A thin facade
 * over three parts, each readable alone:
 *  - ./pin-lock.ts: the PIN, its KDF and attempt counter, the wrapped vault key, locked or not;
 *  - ./record-store.ts: sealing, opening and the keyed indexes of the records, and the vault's
 *    one write lock: the only code that writes records, each change applied inside the lock to
 *    the record as it is then (its doc comment states the rule);
 *  - ./read-memos.ts and ./record-listing.ts: what reads remember, and the popup's list.
 *
 * What reaches IndexedDB (database `passkeys`, schema in ./vault-schema.ts): the wrapped vault
 * key with its KDF parameters, the PIN attempt counter, and per passkey ciphertext under keyed
 * indexes (HMACs under the vault key). No site, user name, user handle or key is ever stored in
 * the clear.
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { PasskeyHidden, PasskeyRecord } from '../core/passkey-record.js';
import { RESET_CONFIRMATION, type PasskeySummary, type VaultState, type VaultStatus } from '../core/protocol.js';
import { DEFAULT_KDF, type KdfParams, type KdfTarget } from './kdf.js';
import { PinLock, type Enrolment, type UnlockResult } from './pin-lock.js';
import type { PrfAnswer } from './unlock-keys.js';
import { ReadMemos } from './read-memos.js';
import { RecordListing, type FirstListing, type PickFirst, type VaultListing } from './record-listing.js';
import { RecordStore, WriteLock, type FindOptions, type MergeResult, type Mutation } from './record-store.js';
import { VaultUpgradeBlockedError } from './vault-errors.js';
import { openRecord, sealRecord, type WrappedKey } from './vault-keys.js';
import { utf8 } from '../core/bytes.js';
import { DB_NAME, migrate, SCHEMA_VERSION, type PasskeysDB } from './vault-schema.js';

export { DB_NAME, SCHEMA_VERSION, type StoredRecord } from './vault-schema.js';
export { VaultIntegrityError, VaultLockedError, VaultPinError, VaultStorageFullError, VaultUpgradeBlockedError } from './vault-errors.js';
export type { Enrolment, UnlockResult } from './pin-lock.js';
export { UnlockKeyError } from './pin-lock.js';
export type { FindOptions, MergeResult, Mutation } from './record-store.js';
export type { FirstListing, PickFirst, VaultListing } from './record-listing.js';

export interface VaultOptions {
  /** the KDF new and re-wrapped keys use (default DEFAULT_KDF); weaker stored parameters are raised on unlock */
  kdf?: KdfTarget;
  /** a newer version of the database wants to open: this connection has been closed */
  onClosed?: () => void;
}

/** AAD of the sealed settings blob: distinct from every record's ('passkeep/record/v1' || …). */
const SETTINGS_AAD = utf8('passkeep/settings/v1');

export class Vault {
  private readonly pin: PinLock;
  private readonly store: RecordStore;
  private readonly listing: RecordListing;
  private closed = false;
  /**
   * recordUse, with `whileWriting(next)` (the signature) computed while the write commits and
   * returned only once the counter is durable (see RecordStore#use).
   */
  readonly useRecord: RecordStore['use'];
  readonly reserveUse: RecordStore['reserve'];
  readonly useReserved: RecordStore['useReserved'];

  private constructor(
    private readonly db: IDBPDatabase<PasskeysDB>,
    kdfTarget: KdfTarget,
  ) {
    const lock = new WriteLock();
    const memos = new ReadMemos();
    const requireKeys = () => this.pin.requireKeys();
    this.pin = new PinLock(db, lock, kdfTarget, (keys) => {
      memos.reset(keys);
      this.listing.drop();
    });
    this.store = new RecordStore(db, lock, requireKeys, memos);
    this.listing = new RecordListing(db, requireKeys, memos);
    this.useRecord = this.store.use.bind(this.store);
    this.reserveUse = this.store.reserve.bind(this.store);
    this.useReserved = this.store.useReserved.bind(this.store);
  }

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
    this.pin.lock();
    this.db.close();
  }

  close(): void {
    this.closeConnection();
  }

  isClosed(): boolean {
    return this.closed;
  }

  // ── PIN and lock state (./pin-lock.ts) ──────────────────────────────────────────────────

  isUnlocked(): boolean {
    return this.pin.keys !== null;
  }

  state(): Promise<VaultState> {
    return this.pin.state();
  }

  status(now: number = Date.now()): Promise<VaultStatus> {
    return this.pin.status(now);
  }

  /** The stored KDF parameters (no salt), for the About page. */
  kdfParams(): Promise<Omit<KdfParams, 'salt'> | null> {
    return this.pin.kdfParams();
  }

  /** First run: creates the vault key and wraps it under `pin`. Leaves the vault unlocked. */
  setPin(pin: string, kdf?: KdfTarget): Promise<void> {
    return this.pin.setPin(pin, kdf);
  }

  /**
   * Checks `pin`, with an enrolled authenticator's PRF output when `answer` is given, and
   * unlocks (see PinLock#unlock); then fills in what an upgrade could not.
   */
  async unlock(pin: string, now: number = Date.now(), answer?: PrfAnswer): Promise<UnlockResult> {
    const result = await this.pin.unlock(pin, now, answer);
    if (result.ok) this.indexUsersSoon();
    return result;
  }

  /** Re-wraps the vault key under `newPin` once `oldPin` checks out (see PinLock#changePin). */
  changePin(oldPin: string, newPin: string, now: number = Date.now()): Promise<UnlockResult> {
    return this.pin.changePin(oldPin, newPin, now);
  }

  /** Enrols an authenticator to unlock, together with the PIN (see PinLock#enrol). Only while unlocked. */
  enrolUnlockKey(pin: string, enrolment: Enrolment, keepPinOnly: boolean, now: number = Date.now()): Promise<UnlockResult> {
    return this.pin.enrol(pin, now, enrolment, keepPinOnly);
  }

  /** Removes an enrolled authenticator (see PinLock#removeUnlockKey). Only while unlocked. */
  removeUnlockKey(pin: string, credentialId: Uint8Array, now: number = Date.now()): Promise<UnlockResult> {
    return this.pin.removeUnlockKey(pin, now, credentialId);
  }

  /** Keeps or removes the PIN-only unlock, the recovery path (see PinLock#setPinOnly). Only while unlocked. */
  setPinOnly(pin: string, keep: boolean, now: number = Date.now()): Promise<UnlockResult> {
    return this.pin.setPinOnly(pin, now, keep);
  }

  /**
   * "Forgot PIN": deletes every passkey, the wrapped key and the attempt counter, in one
   * transaction, and only when `confirm` is exactly RESET_CONFIRMATION (typed by the person).
   */
  async reset(confirm: string): Promise<void> {
    if (confirm !== RESET_CONFIRMATION) throw new RangeError(`Type “${RESET_CONFIRMATION}” to delete every passkey.`);
    await this.store.wipe(() => this.pin.lock());
  }

  lock(): void {
    this.pin.lock();
  }

  /**
   * Seals a small blob of the person's settings (the disabled sites) under the vault's record
   * key, with its own AAD so that it can never be taken for a passkey record nor a record for it.
   * Only while unlocked (throws VaultLockedError otherwise).
   */
  sealSettings(plaintext: Uint8Array): Promise<WrappedKey> {
    return sealRecord(this.pin.requireKeys(), SETTINGS_AAD, plaintext);
  }

  /** Opens what sealSettings made; throws when locked, or when it was altered or sealed under another vault key. */
  openSettings(sealed: WrappedKey): Promise<Uint8Array> {
    return openRecord(this.pin.requireKeys(), SETTINGS_AAD, sealed);
  }

  /** The raw vault key, for `storage.session` only. */
  sessionKey(): Uint8Array | null {
    return this.pin.sessionKey();
  }

  /** The PIN check held while unlocked, for `storage.session` only (./unlock-keys.ts#pinCheckFor). */
  sessionPinCheck(): Uint8Array | null {
    return this.pin.sessionPinCheck();
  }

  async restoreSessionKey(raw: Uint8Array, pinCheck: Uint8Array | null = null): Promise<void> {
    await this.pin.restoreSessionKey(raw, pinCheck);
    this.indexUsersSoon();
  }

  /** Records from before schema 3 get their user index once the keys are here (queued behind the lock). */
  private indexUsersSoon(): void {
    this.indexUsers().catch(() => undefined);
  }

  /** Fills in the user index of records written before schema 3; returns how many it filled. */
  indexUsers(): Promise<number> {
    return this.store.indexUsers();
  }

  // ── reads: a hidden passkey is left out unless `includeHidden` (./record-store.ts) ──────

  /** The RP's passkeys a ceremony may use, most recently used first. */
  findForRp(rpId: string, options?: FindOptions): Promise<PasskeyRecord[]> {
    return this.store.findForRp(rpId, options);
  }

  findById(rpId: string, credentialId: Uint8Array, options?: FindOptions): Promise<PasskeyRecord | null> {
    return this.store.findById(rpId, credentialId, options);
  }

  /** Every passkey, hidden ones included, decrypted (for export; stays in the background). */
  allRecords(): Promise<PasskeyRecord[]> {
    return this.store.allRecords();
  }

  /** Every passkey that decrypts, for display, hidden ones included with their flag. */
  async list(): Promise<PasskeySummary[]> {
    return (await this.listing.list()).passkeys;
  }

  /** list(), and how many stored records failed their integrity check (./record-listing.ts). */
  listWithProblems(): Promise<VaultListing> {
    return this.listing.list();
  }

  /**
   * The popup's first rows: those `pick` chooses from every listed passkey, read from the list
   * memo and each checked against its stored bytes (./record-listing.ts); lists everything
   * first when nothing is memoised yet (just unlocked).
   */
  async listFirst(pick: PickFirst): Promise<FirstListing> {
    const ready = await this.listing.firstListed(pick);
    if (ready) return ready;
    const { passkeys } = await this.listing.list();
    return (await this.listing.firstListed(pick)) ?? { passkeys: [...pick(passkeys)], total: passkeys.length };
  }

  count(): Promise<number> {
    return this.store.count();
  }

  // ── writes: each under the one lock, on the record as it is then (./record-store.ts) ───

  /** Stores a new passkey, replacing any of the same RP ID and user handle; returns how many it replaced. */
  add(record: PasskeyRecord): Promise<number> {
    return this.store.add(record);
  }

  /** Changes one passkey by `mutate`, applied inside the lock to the record as stored then. */
  modify(rpId: string, credentialId: Uint8Array, mutate: Mutation): Promise<PasskeyRecord> {
    return this.store.modify(rpId, credentialId, mutate);
  }

  /**
   * Advances the signature counter and last-used time, durably, and returns the new record.
   * `change` (a largeBlob write) lands in the same write, so it can never carry a stale counter.
   */
  async recordUse(
    rpId: string,
    credentialId: Uint8Array,
    now: number = Date.now(),
    change: Pick<PasskeyRecord, 'largeBlob'> = {},
  ): Promise<PasskeyRecord> {
    return (await this.store.use(rpId, credentialId, now, change, () => undefined)).record;
  }

  /**
   * Sets BS (backedUp) on the given passkeys, in one transaction: once a passkey has left in an
   * export, its assertions say so from then on. Returns how many were not marked yet.
   */
  markBackedUp(records: ReadonlyArray<Pick<PasskeyRecord, 'rpId' | 'credentialId'>>): Promise<number> {
    return this.store.modifyEach(records, (current) => (current.backedUp ? null : { ...current, backedUp: true }));
  }

  /**
   * Hides a passkey because its site signalled so (https://w3c.github.io/webauthn/#sctn-signal-methods):
   * from then on it is neither offered nor signs, until restored. A passkey already hidden keeps
   * its first reason. Returns whether it was hidden now.
   */
  async hide(rpId: string, credentialId: Uint8Array, hidden: PasskeyHidden): Promise<boolean> {
    const changed = await this.store.modifyEach([{ rpId, credentialId }], (current) => (current.hidden ? null : { ...current, hidden: { ...hidden } }));
    return changed === 1;
  }

  /** Shows a hidden passkey again (the person restored it, or its site listed it again). */
  async restore(rpId: string, credentialId: Uint8Array): Promise<boolean> {
    const changed = await this.store.modifyEach([{ rpId, credentialId }], ({ hidden, ...shown }) => (hidden ? shown : null));
    return changed === 1;
  }

  /** Merges imported passkeys, in one transaction (see RecordStore#merge). */
  importRecords(records: PasskeyRecord[]): Promise<MergeResult> {
    return this.store.merge(records);
  }

  /** Deletes by base64url credential id (as the popup lists it): only the person does this. */
  delete(credentialIdB64: string): Promise<boolean> {
    return this.store.delete(credentialIdB64);
  }
}
