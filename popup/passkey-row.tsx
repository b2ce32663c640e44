import type { PasskeySummary } from '../src/core/protocol';
import { algName } from './alg-name';
import { formatDate } from './format-date';
import { useStrings } from './strings-context';
import { TrashIcon } from './trash-icon';

export interface PasskeyRowProps {
  passkey: PasskeySummary;
  onDelete: (passkey: PasskeySummary) => void;
}

/** One passkey: account, site, dates and algorithm, and its delete button. */
export function PasskeyRow({ passkey, onDelete }: PasskeyRowProps) {
  const strings = useStrings();
  const { userName, userDisplayName, rpId } = passkey;
  const showDisplayName = userDisplayName !== '' && userDisplayName !== userName;
  const alg = algName(passkey.alg);
  return (
    <div class="passkey" data-testid="passkey" data-passkey-id={passkey.id}>
      <div class="passkey-text">
        <p class="passkey-first-line">
          <span class="passkey-account" title={userName}>
            {userName}
          </span>
          <span class="badge passkey-alg" title={strings.algorithm(alg)}>
            {alg}
          </span>
        </p>
        <p class="passkey-meta" title={showDisplayName ? `${userDisplayName} · ${rpId}` : rpId}>
          {showDisplayName && (
            <>
              <span class="passkey-display-name">{userDisplayName}</span>
              <span aria-hidden="true"> · </span>
            </>
          )}
          <span class="passkey-site">{rpId}</span>
        </p>
        <p class="passkey-meta">
          {strings.created(formatDate(passkey.createdAt, strings.never))}
          <span aria-hidden="true"> · </span>
          {strings.lastUsed(formatDate(passkey.lastUsedAt, strings.never))}
        </p>
      </div>
      <button
        type="button"
        class="icon-button icon-button-danger"
        data-testid="delete"
        aria-label={strings.deleteButton(userName, rpId)}
        title={strings.deleteButton(userName, rpId)}
        onClick={() => onDelete(passkey)}
      >
        <TrashIcon />
      </button>
    </div>
  );
}
