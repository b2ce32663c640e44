import { useStrings } from '../../i18n/strings-context';
import type { DelayedDelete } from './use-delayed-delete';

/**
 * What happened to the last delete, at the bottom of the popup: "Deleted … Undo / Delete now"
 * while the undo window is open, then "Kept …" or the error. A status region, so screen readers
 * announce it without moving the focus.
 */
export function UndoToast({ deletes }: { deletes: DelayedDelete }) {
  const strings = useStrings();
  const { notice } = deletes;
  return (
    <div class="toast-area" role="status">
      {notice !== null && (
        <div class={notice.kind === 'failed' ? 'toast toast-error' : 'toast'} data-testid="toast">
          <p class="toast-text">
            {notice.kind === 'pending'
              ? strings.deleted(notice.passkey.userName, notice.passkey.rpId)
              : notice.kind === 'undone'
                ? strings.undone(notice.passkey.userName, notice.passkey.rpId)
                : strings.deleteFailed(notice.passkey.userName, notice.passkey.rpId, notice.message)}
          </p>
          {notice.kind === 'pending' ? (
            <>
              <button type="button" class="toast-button" data-testid="undo" onClick={deletes.undo}>
                {strings.undo}
              </button>
              <button type="button" class="toast-button" data-testid="delete-now" onClick={() => void deletes.flush()}>
                {strings.deleteNow}
              </button>
            </>
          ) : (
            <button
              type="button"
              class="toast-button"
              aria-label={strings.dismiss}
              title={strings.dismiss}
              onClick={deletes.dismiss}
            >
              <span aria-hidden="true">×</span>
            </button>
          )}
        </div>
      )}
    </div>
  );
}
