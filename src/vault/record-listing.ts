/**
 * The popup's list: every passkey for display, hidden ones included with their flag, and how
 * many stored records failed their integrity check (one bad record never hides the others).
 * Reads only; it takes no lock (see ./record-store.ts).
 *
 * A record is authenticated by AES-GCM with its own indexes as AAD, so what decrypts was sealed
 * by this vault under exactly those indexes; unlike the lookups that lead to a signature
 * (findById, findForRp, use), listing for display does not recompute the two HMACs on top.
 * Records whose stored bytes were already listed under the current keys are not decrypted
 * again (./read-memos.ts); the rest are decrypted concurrently, LIST_BATCH at a time.
 *
 * The popup's first page (`first`) comes from that memo without reading every record: the
 * passkeys the caller picks from the last listing (kept in step with this vault's own writes)
 * are each read again and shown only if their stored bytes are still the ones listed, so no
 * row on it is stale; what other connections added meanwhile appears with the whole list,
 * which the popup asks for next.
 */
import type { IDBPDatabase } from 'idb';
import type { PasskeySummary } from '../core/protocol.js';
import { toSummary } from './passkey-summary.js';
import { sameStored, type ListedRecord, type ReadMemos } from './read-memos.js';
import { decryptStored } from './record-store.js';
import type { VaultKeys } from './vault-keys.js';
import type { PasskeysDB } from './vault-schema.js';

/** How many records one listing decrypts at once. */
const LIST_BATCH = 256;

export interface VaultListing {
  /** every passkey that decrypted */
  passkeys: PasskeySummary[];
  /** stored records that failed their integrity check (left in place, not listed) */
  unreadable: number;
}

/** The first rows of the list, and how many passkeys the last listing held. */
export interface FirstListing {
  passkeys: PasskeySummary[];
  total: number;
}

/** Picks the rows to show first from every listed passkey (for example, the first page in display order). */
export type PickFirst = (all: readonly PasskeySummary[]) => readonly PasskeySummary[];

export class RecordListing {
  private running: Promise<VaultListing> | null = null;
  /** The list memo's summaries as one array, and the stored id of each; rebuilt when the memo changes. */
  private snapshot: { version: number; summaries: PasskeySummary[]; storedIds: Map<PasskeySummary, string> } | null = null;

  constructor(
    private readonly db: IDBPDatabase<PasskeysDB>,
    private readonly requireKeys: () => VaultKeys,
    private readonly memos: ReadMemos,
  ) {}

  /** Forgets a listing in progress (the keys changed: its result is for keys that have gone). */
  drop(): void {
    this.running = null;
    this.snapshot = null;
  }

  list(): Promise<VaultListing> {
    // One pass at a time: a second caller waits for the running one, then finds it memoised.
    const run = (this.running ?? Promise.resolve()).catch(() => undefined).then(() => this.listOnce());
    this.running = run;
    void run.finally(() => {
      if (this.running === run) this.running = null;
    }).catch(() => undefined);
    return run;
  }

  /**
   * The rows `pick` chooses from the last whole listing, each checked against its stored record
   * now (see the top of this file); null when nothing has been listed under the current keys.
   */
  async firstListed(pick: PickFirst): Promise<FirstListing | null> {
    const keys = this.requireKeys();
    if (!this.memos.listedOnce(keys)) return null;
    const memo = this.memos.listing(keys);
    const { summaries, storedIds } = this.summariesOf(memo);
    const chosen = pick(summaries);
    const ids = chosen.map((summary) => storedIds.get(summary));
    const tx = this.db.transaction('credentials');
    const stored = await Promise.all(ids.map((id) => (id === undefined ? undefined : tx.store.get(id))));
    const passkeys: PasskeySummary[] = [];
    for (const [i, record] of stored.entries()) {
      const listed = memo.get(ids[i]!);
      if (record && listed && sameStored(listed, record)) passkeys.push(chosen[i]!);
      else if (record) {
        // Changed by another connection since it was listed: shown as it is now, if it opens;
        // one that does not is left to the whole listing, which counts it.
        const now = await decryptStored(keys, record).then(toSummary, () => null);
        if (now) passkeys.push(now);
      }
    }
    return { passkeys, total: summaries.length };
  }

  private summariesOf(memo: ReadonlyMap<string, ListedRecord>): { summaries: PasskeySummary[]; storedIds: Map<PasskeySummary, string> } {
    const version = this.memos.listingVersion();
    if (this.snapshot?.version !== version) {
      const storedIds = new Map<PasskeySummary, string>();
      for (const [id, listed] of memo) storedIds.set(listed.summary, id);
      this.snapshot = { version, summaries: [...storedIds.keys()], storedIds };
    }
    return this.snapshot;
  }

  private async listOnce(): Promise<VaultListing> {
    const keys = this.requireKeys();
    const all = await this.db.getAll('credentials');
    const memo = this.memos.listing(keys);
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
            const summary = toSummary(await decryptStored(keys, stored));
            summaries[i] = summary;
            next.set(stored.id, { rp: stored.rp, iv: stored.iv, ct: stored.ct, summary });
          } catch {
            unreadable++;
          }
        }),
      );
    }
    this.memos.replaceListing(keys, next);
    return { passkeys: summaries.filter((s): s is PasskeySummary => s !== null), unreadable };
  }
}
