import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { PasskeySummary } from '../../../src/core/protocol';
import type { Send } from '../../api/api-context';
import type { DeletionJournal } from './deletion-journal';
import { messageOf } from '../../api/message-of';

/** How long "Undo" is offered after a delete, in ms. */
export const UNDO_MS = 5_000;

export type DeleteNotice =
  | { kind: 'pending'; passkey: PasskeySummary }
  | { kind: 'undone'; passkey: PasskeySummary }
  | { kind: 'failed'; passkey: PasskeySummary; message: string };

export interface DelayedDelete {
  /** What the toast shows, if anything. */
  notice: DeleteNotice | null;
  /** Ids hidden from the list: waiting out the undo window, or deleted. */
  hidden: ReadonlySet<string>;
  /** Hides the passkey now and deletes it when the undo window ends. */
  schedule(passkey: PasskeySummary): void;
  undo(): void;
  /** Ends the undo window now (the "Delete now" button, locking, leaving). */
  flush(): Promise<void>;
  dismiss(): void;
}

/**
 * Delete with undo, without a re-add request: the passkey leaves the list at once, and
 * `vault:delete` is sent only when the undo window ends (or is cut short). Until then the passkey
 * still works on its site. See ./deletion-journal.ts for what happens when the popup closes
 * inside the window.
 */
export function useDelayedDelete(
  send: Send,
  journal: DeletionJournal,
  undoMs: number,
  onFailure: () => void,
): DelayedDelete {
  const [notice, setNotice] = useState<DeleteNotice | null>(null);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const pending = useRef<{ passkey: PasskeySummary; timer: ReturnType<typeof setTimeout> } | null>(null);
  // The callbacks below stay the same for the popup's life (the unmount effect depends on it),
  // and read the latest arguments from here.
  const latest = useRef({ send, journal, undoMs, onFailure });
  latest.current = { send, journal, undoMs, onFailure };

  const show = (id: string, hide: boolean) =>
    setHidden((set) => {
      const next = new Set(set);
      if (hide) next.add(id);
      else next.delete(id);
      return next;
    });

  const commit = useCallback(async (): Promise<void> => {
    const current = pending.current;
    if (current === null) return;
    pending.current = null;
    clearTimeout(current.timer);
    const { passkey } = current;
    setNotice((n) => (n?.kind === 'pending' && n.passkey.id === passkey.id ? null : n));
    const { send, journal, onFailure } = latest.current;
    try {
      // `deleted: false` means the vault no longer had it: gone either way.
      await send({ type: 'vault:delete', id: passkey.id });
      journal.remove(passkey.id);
    } catch (e) {
      journal.remove(passkey.id);
      show(passkey.id, false);
      setNotice({ kind: 'failed', passkey, message: messageOf(e) });
      onFailure();
    }
  }, []);

  const schedule = useCallback(
    (passkey: PasskeySummary) => {
      // One undo at a time: an earlier delete still waiting goes through now.
      void commit();
      const { journal, undoMs } = latest.current;
      journal.add(passkey.id);
      show(passkey.id, true);
      pending.current = { passkey, timer: setTimeout(() => void commit(), undoMs) };
      setNotice({ kind: 'pending', passkey });
    },
    [commit],
  );

  const undo = useCallback(() => {
    const current = pending.current;
    if (current === null) return;
    pending.current = null;
    clearTimeout(current.timer);
    latest.current.journal.remove(current.passkey.id);
    show(current.passkey.id, false);
    setNotice({ kind: 'undone', passkey: current.passkey });
  }, []);

  // Closing the popup ends the window: send the delete now. The message may not leave an
  // unloading document, so the journal keeps the id for the next time the popup opens.
  useEffect(() => {
    const onPageHide = () => {
      const current = pending.current;
      if (current === null) return;
      clearTimeout(current.timer);
      pending.current = null;
      const { send, journal } = latest.current;
      void send({ type: 'vault:delete', id: current.passkey.id }).then(
        () => journal.remove(current.passkey.id),
        () => undefined,
      );
    };
    addEventListener('pagehide', onPageHide);
    return () => removeEventListener('pagehide', onPageHide);
  }, []);

  // "Kept …" is news for a moment only; an error stays until dismissed.
  useEffect(() => {
    if (notice?.kind !== 'undone') return;
    const timer = setTimeout(() => setNotice((n) => (n === notice ? null : n)), latest.current.undoMs);
    return () => clearTimeout(timer);
  }, [notice]);

  // The popup unmounting (a test, or the vault view going away) also ends the window.
  useEffect(() => () => void commit(), [commit]);

  return { notice, hidden, schedule, undo, flush: commit, dismiss: () => setNotice(null) };
}

/** Sends every delete a closed popup left in the journal. Failures stay for the next time. */
export async function replayJournal(send: Send, journal: DeletionJournal): Promise<void> {
  for (const id of journal.ids()) {
    try {
      await send({ type: 'vault:delete', id });
      journal.remove(id);
    } catch {
      return;
    }
  }
}
