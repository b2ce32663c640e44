import { useEffect, useState } from 'preact/hooks';
import type { ExportFile, ExportFormat, UnlockKeyInfo } from '../../../src/core/protocol';
import { askForBackup, NoPrfError } from '../../api/unlock-authenticator';
import { useVaultStatus } from '../../api/use-vault-status';
import { useApi } from '../../api/api-context';
import { ErrorMessage } from '../../ui/error-message';
import { messageOf } from '../../api/message-of';
import { PasswordField } from '../../ui/password-field';
import { useStrings } from '../../i18n/strings-context';

/**
 * Export: an encrypted Passkeep backup (under a passphrase chosen here) or an unencrypted CXF
 * file, after the PIN. The background builds the file; the popup offers it as a download from a
 * Blob URL, revoked when a new export replaces it or the popup closes.
 */
export function ExportForm() {
  const api = useApi();
  const strings = useStrings();
  const [format, setFormat] = useState<ExportFormat>('passkeep-backup');
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [file, setFile] = useState<{ name: string; url: string } | null>(null);
  /** the enrolled authenticators (issue 13): the backup can be protected with one of them too */
  const [keys, setKeys] = useState<UnlockKeyInfo[]>([]);
  const [withKey, setWithKey] = useState(false);

  useEffect(() => () => void (file && URL.revokeObjectURL(file.url)), [file]);
  useVaultStatus((status) => {
    setKeys(status.unlockKeys ?? []);
    setWithKey((status.unlockKeys ?? []).length > 0);
  });

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    if (format === 'passkeep-backup') {
      if (passphrase === '') return setError(strings.passphraseRequired);
      if (passphrase !== confirmation) return setError(strings.passphraseMismatch);
    }
    if (pin === '') return setError(strings.pinRequired);
    setError(null);
    setBusy(true);
    let authenticator: Awaited<ReturnType<typeof askForBackup>> | undefined;
    if (format === 'passkeep-backup' && withKey && keys.length > 0) {
      try {
        authenticator = await askForBackup(keys);
      } catch (e) {
        setBusy(false);
        return setError(e instanceof NoPrfError ? strings.authenticatorNoPrf : strings.authenticatorCancelled);
      }
    }
    try {
      const exported: ExportFile = await api.send(
        format === 'passkeep-backup'
          ? { type: 'vault:export', format, pin, passphrase, ...(authenticator ? { authenticator } : {}) }
          : { type: 'vault:export', format, pin },
      );
      const url = URL.createObjectURL(new Blob([exported.data], { type: exported.mime }));
      setFile({ name: exported.filename, url });
      setPin('');
    } catch (e) {
      setError(e instanceof Error && e.name === 'NotAllowedError' ? strings.wrongPin : strings.unexpectedError(messageOf(e)));
    } finally {
      setBusy(false);
    }
  }

  const choose = (next: ExportFormat) => {
    setFormat(next);
    setError(null);
  };

  return (
    <form class="stack" onSubmit={submit} noValidate>
      <fieldset class="choice-group">
        <legend class="field-label">{strings.exportFormatLabel}</legend>
        {(['passkeep-backup', 'cxf'] as const).map((value) => (
          <label class="choice" key={value}>
            <input
              type="radio"
              name="export-format"
              value={value}
              data-testid={`export-format-${value}`}
              checked={format === value}
              onChange={() => choose(value)}
            />
            {value === 'cxf' ? strings.formatCxf : strings.formatBackup}
          </label>
        ))}
      </fieldset>
      {format === 'passkeep-backup' ? (
        <>
          <PasswordField
            label={strings.passphraseLabel}
            testid="export-passphrase"
            value={passphrase}
            onInput={setPassphrase}
            invalid={error === strings.passphraseRequired}
            hint={strings.passphraseHint}
          />
          <PasswordField
            label={strings.passphraseConfirmLabel}
            testid="export-passphrase-confirm"
            value={confirmation}
            onInput={setConfirmation}
            invalid={error === strings.passphraseMismatch}
          />
          {keys.length > 0 && (
            <>
              <label class="choice">
                <input type="checkbox" data-testid="backup-with-key" checked={withKey} onChange={(e) => setWithKey(e.currentTarget.checked)} />
                {strings.backupWithKeyLabel}
              </label>
              <p class="field-hint">{withKey ? strings.backupWithKeyHint : strings.backupPassphraseOnlyHint}</p>
            </>
          )}
        </>
      ) : (
        <p class="note note-warning" data-testid="cxf-warning">
          {strings.cxfWarning}
        </p>
      )}
      <PasswordField label={strings.exportPinLabel} testid="export-pin" value={pin} onInput={setPin} />
      {error !== null && <ErrorMessage>{error}</ErrorMessage>}
      <button type="submit" class="button button-secondary" data-testid="export" disabled={busy}>
        {strings.exportButton}
      </button>
      <div role="status">
        {file !== null && (
          <p class="download">
            {strings.exportReady}{' '}
            <a href={file.url} download={file.name} data-testid="download">
              {strings.downloadLink(file.name)}
            </a>
          </p>
        )}
      </div>
    </form>
  );
}
