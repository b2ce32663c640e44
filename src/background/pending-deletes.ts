/**
 * Deletes waiting out the popup's undo window, held by the background (SECURITY.md case 30:
 * nothing readable at rest names a credential). The popup says "delete X after the window unless
 * undone"; the background keeps the pending delete in memory and in `storage.session` (memory
 * only, trusted extension contexts only: see ./vault-service.ts), and commits it when the window
 * ends, when the popup's port closes (the person closed the popup: the browser reports that
 * even when an unloading page's last message would not leave), and before the vault locks.
 *
 * No extension API here: the storage area and the delete are handed in, so the unit tests run
 * exactly this code.
 */

/** What `storage.session` offers that this needs. */
export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** The longest undo window the popup may ask for (it offers 5 s). */
export const MAX_UNDO_MS = 60_000;
/** Pending deletes at most: one per passkey the person deleted within a window. */
export const MAX_PENDING = 1_000;
/** The background commits a little after the popup would, so that the popup's own commit (which reports failures) goes first. */
const GRACE_MS = 1_000;

const KEY = 'pendingDeletes';

interface Pending {
  id: string;
  /** epoch ms when the undo window ends */
  due: number;
}

export class PendingDeletes {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Serialises every read-modify-write of the list. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly area: SessionArea,
    /** Deletes one passkey by its base64url credential id; false when the vault no longer had it. */
    private readonly deleteNow: (id: string) => Promise<boolean>,
    private readonly clock: () => number = Date.now,
  ) {}

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async read(): Promise<Pending[]> {
    const value = (await this.area.get(KEY))[KEY];
    return Array.isArray(value) ? value.filter((p): p is Pending => typeof p?.id === 'string' && typeof p?.due === 'number') : [];
  }

  private async write(list: Pending[]): Promise<void> {
    await this.area.set({ [KEY]: list });
  }

  private arm(p: Pending): void {
    clearTimeout(this.timers.get(p.id));
    const wait = Math.max(0, p.due - this.clock()) + GRACE_MS;
    this.timers.set(
      p.id,
      setTimeout(() => void this.settle([p.id]).catch(() => undefined), wait),
    );
  }

  private disarm(id: string): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
  }

  /** Deletes `id` once `undoMs` has passed, unless `undo(id)` comes first. */
  schedule(id: string, undoMs: number): Promise<{ due: number }> {
    if (typeof id !== 'string' || id.length === 0 || id.length > 2048) throw new TypeError('delete-later: bad credential id');
    if (typeof undoMs !== 'number' || !Number.isFinite(undoMs) || undoMs < 0 || undoMs > MAX_UNDO_MS) {
      throw new RangeError(`delete-later: the undo window must be 0 to ${MAX_UNDO_MS} ms`);
    }
    return this.serial(async () => {
      const list = (await this.read()).filter((p) => p.id !== id);
      if (list.length >= MAX_PENDING) throw new RangeError('delete-later: too many deletes waiting');
      const entry = { id, due: this.clock() + undoMs };
      await this.write([...list, entry]);
      this.arm(entry);
      return { due: entry.due };
    });
  }

  /** Keeps `id`: true when its delete was still waiting (false: already done, or never asked). */
  undo(id: string): Promise<{ undone: boolean }> {
    return this.serial(async () => {
      const list = await this.read();
      const rest = list.filter((p) => p.id !== id);
      this.disarm(id);
      if (rest.length !== list.length) await this.write(rest);
      return { undone: rest.length !== list.length };
    });
  }

  /**
   * Deletes `id` now, pending or not (the popup's own commit). It leaves the pending list even
   * when the delete fails: the popup shows the passkey again and says why.
   */
  commit(id: string): Promise<boolean> {
    return this.serial(async () => {
      this.disarm(id);
      try {
        return await this.deleteNow(id);
      } finally {
        await this.write((await this.read()).filter((p) => p.id !== id));
      }
    });
  }

  /** Deletes every pending passkey now (the popup closed, or the vault is about to lock). */
  commitAll(): Promise<void> {
    return this.settle(null);
  }

  /**
   * Deletes the pending passkeys named (all when null). One that fails (the vault locked
   * meanwhile) stays pending, and `resume` after the next unlock deletes it.
   */
  private settle(ids: string[] | null): Promise<void> {
    return this.serial(async () => {
      const list = await this.read();
      const left: Pending[] = [];
      for (const p of list) {
        if (ids !== null && !ids.includes(p.id)) left.push(p);
        else {
          this.disarm(p.id);
          await this.deleteNow(p.id).catch(() => left.push(p));
        }
      }
      if (left.length !== list.length) await this.write(left);
    });
  }

  /** Forgets every pending delete (the vault was reset: there is nothing left to delete). */
  clear(): Promise<void> {
    return this.serial(async () => {
      for (const id of [...this.timers.keys()]) this.disarm(id);
      await this.write([]);
    });
  }

  /** After a background restart or an unlock: arms a timer for every delete still waiting. */
  resume(): Promise<void> {
    return this.serial(async () => {
      for (const p of await this.read()) this.arm(p);
    });
  }
}
