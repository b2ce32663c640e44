/**
 * The ceremony inspector's log: the last ceremonies, in the background's memory only. Never
 * written to any storage (not even storage.session), bounded in count and in size, emptied when
 * the vault locks (./vault-service.ts lockVault) and when developer mode is turned off, and
 * gone with the background. Only ceremonies made while developer mode is on are added
 * (./ceremony-recorder.ts). No extension API here, so the unit tests run exactly this code.
 */
import type { CeremonyLogEntry } from '../core/protocol.js';

/** At most this many entries: the newest replace the oldest. */
export const MAX_LOG_ENTRIES = 100;
/**
 * At most this many characters of JSON in all: a page's options are bounded (src/core/limits.ts,
 * 128 Ki characters), so a few of the largest requests fit, and many ordinary ones.
 */
export const MAX_LOG_CHARS = 2 * 1024 * 1024;

export class CeremonyLog {
  private list: { entry: CeremonyLogEntry; chars: number }[] = [];
  private chars = 0;
  private nextSeq = 1;

  constructor(
    private readonly maxEntries = MAX_LOG_ENTRIES,
    private readonly maxChars = MAX_LOG_CHARS,
  ) {}

  /** Adds an entry (its seq assigned here) and drops the oldest until both bounds hold. */
  add(entry: Omit<CeremonyLogEntry, 'seq'>): CeremonyLogEntry {
    const full: CeremonyLogEntry = { ...entry, seq: this.nextSeq++ };
    let chars = JSON.stringify(full).length;
    let stored = full;
    if (chars > this.maxChars) {
      // One entry larger than the whole log keeps its summary, without the options it carried.
      stored = { ...full, options: null, error: full.error ?? { name: 'RangeError', message: 'Too large to keep in the inspector.' } };
      delete stored.result;
      chars = JSON.stringify(stored).length;
    }
    this.list.push({ entry: stored, chars });
    this.chars += chars;
    while (this.list.length > this.maxEntries || this.chars > this.maxChars) this.chars -= this.list.shift()!.chars;
    return stored;
  }

  /** Newest first. */
  entries(): CeremonyLogEntry[] {
    return this.list.map((e) => e.entry).reverse();
  }

  /** Empties the log; says how many entries it held. */
  clear(): number {
    const count = this.list.length;
    this.list = [];
    this.chars = 0;
    return count;
  }

  size(): { entries: number; chars: number } {
    return { entries: this.list.length, chars: this.chars };
  }
}

/** The background's one log. */
export const ceremonyLog = new CeremonyLog();
