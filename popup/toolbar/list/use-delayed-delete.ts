import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { PasskeySummary } from '../../../src/core/protocol';
import type { Send } from '../../api/api-context';
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
 * still works on its site. The background holds the pending delete too (`vault:delete-later`,
 * in memory and `storage.session` only: nothing readable at rest names it, SECURITY.md case 30),
 * and commits it itself when the window ends or the popup's port closes, so closing the popup
 * inside the window loses nothing.
 */
export function useDelayedDelete(send: Send, undoMs: number, onFailure: () => void): DelayedDelete {
  const [notice, setNotice] = useState<DeleteNotice | null>(null);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const pending = useRef<{ passkey: PasskeySummary; timer: ReturnType<typeof setTimeout> } | null>(null);
  // The callbacks below stay the same for the popup's life (the unmount effect depends on it),
  // and read the latest arguments from here.
  const latest = useRef({ send, undoMs, onFailure });
  latest.current = { send, undoMs, onFailure };

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
    const { send, onFailure } = latest.current;
    try {
      // `deleted: false` means the vault no longer had it: gone either way.
      await send({ type: 'vault:delete', id: passkey.id });
    } catch (e) {
      show(passkey.id, false);
      setNotice({ kind: 'failed', passkey, message: messageOf(e) });
      onFailure();
    }
  }, []);

  const schedule = useCallback(
    (passkey: PasskeySummary) => {
      // One undo at a time: an earlier delete still waiting goes through now.
      void commit();
      const { send, undoMs } = latest.current;
      // If this fails the popup's own commit below still deletes, and reports any failure.
      void send({ type: 'vault:delete-later', id: passkey.id, undoMs }).catch(() => undefined);
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
    void latest.current.send({ type: 'vault:undo-delete', id: current.passkey.id }).catch(() => undefined);
    show(current.passkey.id, false);
    setNotice({ kind: 'undone', passkey: current.passkey });
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
