/**
 * Deletes waiting out their undo window, written down so that closing the popup cannot lose
 * one. The popup sends `vault:delete` when the window ends; if the popup closes first it sends
 * it from `pagehide` (which browsers do not promise to deliver from an unloading document), and
 * the next time the popup lists the vault it sends every delete still written here.
 *
 * Only credential ids are written (base64url; neither a site nor a user name), in the extension
 * origin's `localStorage`, which is synchronous and so can be written during `pagehide`.
 */
export interface DeletionJournal {
  add(id: string): void;
  remove(id: string): void;
  ids(): string[];
}

const KEY = 'passkeep.pendingDeletes';

export function storageJournal(storage: Storage | undefined): DeletionJournal {
  const read = (): string[] => {
    try {
      const value: unknown = JSON.parse(storage?.getItem(KEY) ?? '[]');
      return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
    } catch {
      return [];
    }
  };
  const write = (ids: string[]) => {
    try {
      if (ids.length === 0) storage?.removeItem(KEY);
      else storage?.setItem(KEY, JSON.stringify(ids));
    } catch {
      // Storage full or refused: the delete still happens when the undo window ends.
    }
  };
  return {
    add: (id) => write([...read().filter((x) => x !== id), id]),
    remove: (id) => write(read().filter((x) => x !== id)),
    ids: read,
  };
}

/** The journal of the page the popup runs in (none where `localStorage` is unavailable). */
export function defaultJournal(): DeletionJournal {
  let storage: Storage | undefined;
  try {
    storage = globalThis.localStorage;
  } catch {
    storage = undefined;
  }
  return storageJournal(storage);
}
