import type { PasskeySummary } from '../../../src/core/protocol';
import { algName } from '../../ui/alg-name';
import { formatDate } from './format-date';
import { useStrings } from '../../i18n/strings-context';
import { TrashIcon } from '../../ui/trash-icon';

export interface PasskeyRowProps {
  passkey: PasskeySummary;
  onOpen: (passkey: PasskeySummary) => void;
  onDelete: (passkey: PasskeySummary) => void;
  /** Arrow keys on the row move to the previous / next passkey (see passkey-list.tsx). */
  onArrow: (passkey: PasskeySummary, step: -1 | 1) => void;
}

/**
 * One passkey: a button that opens its details (its text is account, display name, site, dates
 * and algorithm), and its delete button. A passkey a site's signal hid is dimmed and badged
 * (SECURITY.md case 25); its details say why and restore it.
 */
export function PasskeyRow({ passkey, onOpen, onDelete, onArrow }: PasskeyRowProps) {
  const strings = useStrings();
  const { userName, userDisplayName, rpId } = passkey;
  const showDisplayName = userDisplayName !== '' && userDisplayName !== userName;
  const alg = algName(passkey.alg);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    onArrow(passkey, event.key === 'ArrowDown' ? 1 : -1);
  };
  return (
    <div class={passkey.hidden ? 'passkey passkey-hidden' : 'passkey'} data-testid="passkey" data-passkey-id={passkey.id}>
      <button
        type="button"
        class="passkey-open"
        data-testid="passkey-open"
        title={strings.detailsButton(userName, rpId)}
        onClick={() => onOpen(passkey)}
        onKeyDown={onKeyDown}
      >
        <span class="passkey-first-line">
          <span class="passkey-account">{userName}</span>
          <span class="badge passkey-alg" title={strings.algorithm(alg)}>
            {alg}
          </span>
          {passkey.hidden && (
            <span class="badge badge-hidden" data-testid="hidden-badge">
              {strings.hiddenBadge}
            </span>
          )}
        </span>
        <span class="passkey-meta">
          {showDisplayName && (
            <>
              <span class="passkey-display-name">{userDisplayName}</span>
              <span aria-hidden="true"> · </span>
            </>
          )}
          <span class="passkey-site">{rpId}</span>
        </span>
        <span class="passkey-meta">
          {strings.created(formatDate(passkey.createdAt, strings.never))}
          <span aria-hidden="true"> · </span>
          {passkey.lastUsedAt === null ? strings.notUsedYet : strings.lastUsed(formatDate(passkey.lastUsedAt, strings.never))}
        </span>
      </button>
      <button
        type="button"
        class="icon-button icon-button-danger"
        data-testid="delete"
        aria-label={strings.deleteButton(userName, rpId)}
        title={strings.deleteButton(userName, rpId)}
        onClick={() => onDelete(passkey)}
        onKeyDown={onKeyDown}
      >
        <TrashIcon />
      </button>
    </div>
  );
}
