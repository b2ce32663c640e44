import type { PasskeySummary } from '../../../src/core/protocol';
import { algName } from '../../ui/alg-name';
import { PanelHeader } from '../../ui/panel-header';
import { formatDateTime } from '../list/format-date';
import { shortId } from './short-id';
import { useStrings } from '../../i18n/strings-context';
import { ErrorMessage } from '../../ui/error-message';
import { DevDetails } from '../developer/dev-details';
import { useDeveloperMode } from '../developer/developer-mode-context';

export interface PasskeyDetailsProps {
  passkey: PasskeySummary;
  onBack: () => void;
  onDelete: (passkey: PasskeySummary) => void;
  /** Shows a hidden passkey again (present only when it is hidden). */
  onRestore: (passkey: PasskeySummary) => void;
  /** Why the last restore failed, if it did. */
  restoreError?: string | null;
}

/**
 * Everything the popup knows about one passkey (never key material), and its delete button (in
 * developer mode also ../developer/dev-details.tsx). A
 * passkey a site's signal hid says which origin hid it, when and why, with Restore: a site can
 * only hide, the person restores or deletes (SECURITY.md case 25).
 */
export function PasskeyDetails({ passkey, onBack, onDelete, onRestore, restoreError = null }: PasskeyDetailsProps) {
  const strings = useStrings();
  const developerMode = useDeveloperMode();
  const rows: [string, string, string?][] = [
    [strings.detailSite, passkey.rpId],
    [strings.detailAccount, passkey.userName],
    [strings.detailDisplayName, passkey.userDisplayName || strings.noDisplayName],
    [strings.detailCreated, formatDateTime(passkey.createdAt, strings.never)],
    [strings.detailLastUsed, formatDateTime(passkey.lastUsedAt, strings.notUsedYet)],
    [strings.detailAlgorithm, `${algName(passkey.alg)} (COSE ${passkey.alg})`],
    [strings.detailCredentialId, shortId(passkey.id), passkey.id],
  ];
  return (
    <section
      class="panel"
      data-testid="details"
      aria-labelledby="details-title"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onBack();
        }
      }}
    >
      <PanelHeader id="details-title" title={strings.detailsTitle} onBack={onBack} />
      <dl class="details">
        {rows.map(([term, value, full]) => (
          <div class="details-row" key={term}>
            <dt>{term}</dt>
            <dd title={full ?? value} class={full === undefined ? undefined : 'mono'}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      {passkey.hidden && (
        <div class="hidden-note" data-testid="hidden-note">
          <p class="dialog-text" data-testid="hidden-reason">
            {strings.hiddenBecause(passkey.hidden.reason, formatDateTime(passkey.hidden.at, strings.never), passkey.hidden.origin)}
          </p>
          <p class="dialog-text">{strings.hiddenExplanation}</p>
          {restoreError !== null && <ErrorMessage>{restoreError}</ErrorMessage>}
          <button
            type="button"
            class="button button-secondary"
            data-testid="restore"
            aria-label={strings.restoreButton(passkey.userName, passkey.rpId)}
            onClick={() => onRestore(passkey)}
          >
            {strings.restorePasskey}
          </button>
        </div>
      )}
      {developerMode && <DevDetails passkey={passkey} />}
      <p class="dialog-text">{strings.deleteExplanation(passkey.rpId)}</p>
      <button type="button" class="button button-danger-outline" data-testid="delete" onClick={() => onDelete(passkey)}>
        {strings.deleteThisPasskey}
      </button>
    </section>
  );
}
