import { useId, useLayoutEffect, useRef } from 'preact/hooks';
import type { PasskeySummary } from '../../../src/core/protocol';
import { useStrings } from '../../i18n/strings-context';

export interface DeleteDialogProps {
  passkey: PasskeySummary;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * Asks before deleting a passkey, and says what it means: the site will no longer accept it, and
 * still lists it in the account until the person removes it there. (The delete itself waits out
 * the undo window: see ./use-delayed-delete.ts.)
 * Modal: it takes the focus (on Cancel, the safe choice), keeps Tab inside, and Escape cancels.
 */
export function DeleteDialog({ passkey, onConfirm, onCancel }: DeleteDialogProps) {
  const strings = useStrings();
  const id = useId();
  const dialog = useRef<HTMLDivElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);

  // Focus on Cancel, the safe choice; back where it was when the dialog closes (if that is still there).
  useLayoutEffect(() => {
    const before = document.activeElement;
    cancel.current?.focus();
    return () => {
      if (before instanceof HTMLElement && before.isConnected) before.focus();
    };
  }, []);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
      return;
    }
    if (event.key !== 'Tab' || dialog.current === null) return;
    const focusable = [...dialog.current.querySelectorAll<HTMLElement>('button')];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (first === undefined || last === undefined) return;
    const active = document.activeElement;
    if (event.shiftKey && (active === first || !dialog.current.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !dialog.current.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  }

  return (
    <div
      class="dialog-backdrop"
      onClick={(event) => {
        if (event.target === event.currentTarget) onCancel();
      }}
    >
      <div
        ref={dialog}
        class="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-explanation`}
        onKeyDown={onKeyDown}
      >
        <h2 id={`${id}-title`} class="dialog-title">
          {strings.deleteTitle}
        </h2>
        <p class="dialog-account">{strings.deleteAccount(passkey.userName, passkey.rpId)}</p>
        <p id={`${id}-explanation`} class="dialog-text">
          {strings.deleteExplanation(passkey.rpId)}
        </p>
        <div class="dialog-actions">
          <button ref={cancel} type="button" class="button button-secondary" onClick={onCancel}>
            {strings.cancel}
          </button>
          <button
            type="button"
            class="button button-danger"
            data-testid="confirm-delete"
            onClick={onConfirm}
          >
            {strings.confirmDelete}
          </button>
        </div>
      </div>
    </div>
  );
}
