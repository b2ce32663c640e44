import { useId, useLayoutEffect, useRef } from 'preact/hooks';
import type { PasskeySummary } from '../src/core/protocol';
import { ErrorMessage } from './error-message';
import { useStrings } from './strings-context';

export interface DeleteDialogProps {
  passkey: PasskeySummary;
  busy: boolean;
  error: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * Asks before deleting a passkey, and says what deleting does not do: the site still lists the
 * passkey in the account until the person removes it there.
 * Modal: it takes the focus (on Cancel, the safe choice), keeps Tab inside, and Escape cancels.
 */
export function DeleteDialog({ passkey, busy, error, onConfirm, onCancel }: DeleteDialogProps) {
  const strings = useStrings();
  const id = useId();
  const dialog = useRef<HTMLDivElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);

  useLayoutEffect(() => {
    cancel.current?.focus();
  }, []);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      if (!busy) onCancel();
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
        if (event.target === event.currentTarget && !busy) onCancel();
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
        {error !== null && <ErrorMessage>{error}</ErrorMessage>}
        <div class="dialog-actions">
          {/* aria-disabled, not disabled: a disabled button drops the focus out of the dialog. */}
          <button
            ref={cancel}
            type="button"
            class="button button-secondary"
            aria-disabled={busy}
            onClick={() => busy || onCancel()}
          >
            {strings.cancel}
          </button>
          <button
            type="button"
            class="button button-danger"
            data-testid="confirm-delete"
            aria-disabled={busy}
            onClick={() => busy || onConfirm()}
          >
            {strings.confirmDelete}
          </button>
        </div>
      </div>
    </div>
  );
}
