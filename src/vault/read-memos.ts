/**
 * What the vault remembers between reads, so that the prompt and the popup do not pay again for
 * HMACs and decryptions they already paid for. Nothing here writes to IndexedDB.
 *
 * Every memo is valid only under the keys it was made with: `reset` drops them all whenever the
 * keys change or go, and each method takes the keys its caller used, so that a result computed
 * under keys that have since gone is never remembered.
 *  - HMAC is deterministic: a keyed index computed once is the same forever (under those keys).
 *  - AES-GCM decryption is deterministic: what a record's exact stored bytes (index, IV,
 *    ciphertext) decrypted to once, they decrypt to again. Every entry is therefore kept together
 *    with those bytes and used only when the stored record is still byte for byte the same.
 * The index memo holds keyed indexes (what IndexedDB itself stores) and the list memo what the
 * popup displays. The opened memo holds the few records last opened for a ceremony (the prompt's
 * accounts), private keys included, in the background's memory only and only while unlocked, as
 * the prompt's own session does; the vault key that can decrypt every record is held alongside
 * for the same time anyway.
 */
import { toBase64url } from '../core/base64url.js';
import { equalBytes } from '../core/bytes.js';
import type { PasskeyRecord } from '../core/passkey-record.js';
import type { PasskeySummary } from '../core/protocol.js';
import type { VaultKeys } from './vault-keys.js';
import { RECORD_FORMAT, type StoredRecord } from './vault-schema.js';

/** The keyed indexes of one (RP ID, credential id): HMACs, base64url, as stored. */
export interface RecordIndexes {
  id: string;
  rp: string;
}

/** A stored record's bytes (besides its id, the memo's key) that decrypt to something known. */
export interface StoredBytes {
  rp: string;
  iv: Uint8Array;
  ct: Uint8Array;
}

/** What list() learned from one stored record, valid for exactly these stored bytes. */
export interface ListedRecord extends StoredBytes {
  summary: PasskeySummary;
}

/** A record recently opened for a ceremony, valid for exactly these stored bytes. */
export interface OpenedRecord extends StoredBytes {
  record: PasskeyRecord;
}

/** How many keyed indexes are remembered (the prompt's accounts and their users). */
const INDEX_MEMO_MAX = 256;
/** How many recently opened records are kept (the prompt's accounts, while unlocked). */
const OPENED_MEMO_MAX = 16;

/** Whether `stored` is byte for byte what `known` was computed from (same index, IV and ciphertext). */
export function sameStored(known: StoredBytes, stored: StoredRecord): boolean {
  return stored.fmt === RECORD_FORMAT && known.rp === stored.rp && equalBytes(known.iv, stored.iv) && equalBytes(known.ct, stored.ct);
}

/** Adds `key → value` as the newest entry of `map`, dropping the oldest beyond `max`. */
function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value!);
}

export class ReadMemos {
  private owner: VaultKeys | null = null;
  private indexes = new Map<string, RecordIndexes>();
  private users = new Map<string, string>();
  private opened = new Map<string, OpenedRecord>();
  private listed = new Map<string, ListedRecord>();
  /** Whether a whole listing has been memoised under the current keys (see listedOnce). */
  private wholeListing = false;
  /** Bumped by every change to the list memo, so that what is derived from it can tell it is stale. */
  private listingChanges = 0;

  /** Forgets everything; from now on only results computed under `keys` are remembered. */
  reset(keys: VaultKeys | null): void {
    this.owner = keys;
    this.indexes = new Map();
    this.users = new Map();
    this.opened = new Map();
    this.listed = new Map();
    this.wholeListing = false;
    this.listingChanges++;
  }

  /** Whether `keys` are still the keys these memos belong to. */
  current(keys: VaultKeys): boolean {
    return this.owner === keys;
  }

  private static indexKey(rpId: string, bytes: Uint8Array): string {
    return `${toBase64url(bytes)} ${rpId}`;
  }

  recordIndexes(keys: VaultKeys, rpId: string, credentialId: Uint8Array): RecordIndexes | undefined {
    return this.current(keys) ? this.indexes.get(ReadMemos.indexKey(rpId, credentialId)) : undefined;
  }

  rememberIndexes(keys: VaultKeys, rpId: string, credentialId: Uint8Array, idx: RecordIndexes): void {
    if (this.current(keys)) remember(this.indexes, ReadMemos.indexKey(rpId, credentialId), idx, INDEX_MEMO_MAX);
  }

  userIndex(keys: VaultKeys, rpId: string, userId: Uint8Array): string | undefined {
    return this.current(keys) ? this.users.get(ReadMemos.indexKey(rpId, userId)) : undefined;
  }

  rememberUserIndex(keys: VaultKeys, rpId: string, userId: Uint8Array, u: string): void {
    if (this.current(keys)) remember(this.users, ReadMemos.indexKey(rpId, userId), u, INDEX_MEMO_MAX);
  }

  /** The record these exact stored bytes were opened to, if they were. */
  openedAs(keys: VaultKeys, stored: StoredRecord): PasskeyRecord | undefined {
    const opened = this.current(keys) ? this.opened.get(stored.id) : undefined;
    return opened && sameStored(opened, stored) ? opened.record : undefined;
  }

  /** The record last opened under index `id`, with the stored bytes it came from (they may have changed since). */
  lastOpened(keys: VaultKeys, id: string): OpenedRecord | undefined {
    return this.current(keys) ? this.opened.get(id) : undefined;
  }

  rememberOpened(keys: VaultKeys, stored: StoredRecord, record: PasskeyRecord): void {
    if (this.current(keys)) remember(this.opened, stored.id, { rp: stored.rp, iv: stored.iv, ct: stored.ct, record: { ...record } }, OPENED_MEMO_MAX);
  }

  /** Keeps the memos in step with a record the vault just wrote (after its commit). */
  noteWritten(keys: VaultKeys, stored: StoredRecord, record: PasskeyRecord, summary: PasskeySummary): void {
    if (!this.current(keys)) return;
    this.listed.set(stored.id, { rp: stored.rp, iv: stored.iv, ct: stored.ct, summary });
    this.listingChanges++;
    if (this.opened.has(stored.id)) this.rememberOpened(keys, stored, record);
  }

  /** Keeps the memos in step with a record the vault just deleted (after its commit). */
  noteDeleted(keys: VaultKeys, id: string): void {
    if (!this.current(keys)) return;
    if (this.listed.delete(id)) this.listingChanges++;
    this.opened.delete(id);
  }

  /**
   * Whether the list memo holds a whole listing made under `keys` (kept in step with this
   * vault's own writes since): what the popup's first page is drawn from.
   */
  listedOnce(keys: VaultKeys): boolean {
    return this.current(keys) && this.wholeListing;
  }

  /** Changes whenever the list memo does (a listing, a write, a delete, new keys). */
  listingVersion(): number {
    return this.listingChanges;
  }

  /** list()'s memo: stored id → what those bytes listed as. */
  listing(keys: VaultKeys): ReadonlyMap<string, ListedRecord> {
    return this.current(keys) ? this.listed : new Map();
  }

  /** A whole listing's result; the version moves only when some entry differs from the memo's. */
  replaceListing(keys: VaultKeys, next: Map<string, ListedRecord>): void {
    if (!this.current(keys)) return;
    const same = next.size === this.listed.size && [...next].every(([id, listed]) => this.listed.get(id) === listed);
    this.wholeListing = true;
    if (same) return;
    this.listed = next;
    this.listingChanges++;
  }
}
