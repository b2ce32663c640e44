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

export class RecordListing {
  private running: Promise<VaultListing> | null = null;

  constructor(
    private readonly db: IDBPDatabase<PasskeysDB>,
    private readonly requireKeys: () => VaultKeys,
    private readonly memos: ReadMemos,
  ) {}

  /** Forgets a listing in progress (the keys changed: its result is for keys that have gone). */
  drop(): void {
    this.running = null;
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
