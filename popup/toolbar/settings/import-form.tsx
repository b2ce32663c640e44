import { useId, useState } from 'preact/hooks';
import type { ImportFormat, ImportReport } from '../../../src/core/protocol';
import { MAX_IMPORT_CHARS } from '../../../src/vault/import-limits';
import { useApi } from '../../api/api-context';
import { detectImportFormat } from './detect-import-format';
import { ErrorMessage } from '../../ui/error-message';
import { formatName } from './format-name';
import { messageOf } from '../../api/message-of';
import { PasswordField } from '../../ui/password-field';
import { useStrings } from '../../i18n/strings-context';
import { askEnrolledAuthenticator, backupAuthenticator, NoPrfError } from '../../api/unlock-authenticator';

const FORMATS: readonly ImportFormat[] = ['passkeep-backup', 'cxf', 'bitwarden-json', 'keepassxc-passkey'];

export interface ImportFormProps {
  /** Passkeys were added: the list reads the vault again. */
  onImported: () => void;
}

/** Import a file: its format detected from the content (or chosen), then the background's report. */
export function ImportForm({ onImported }: ImportFormProps) {
  const api = useApi();
  const strings = useStrings();
  const id = useId();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [chosen, setChosen] = useState<ImportFormat | 'auto'>('auto');
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);

  const detected = file === null ? null : detectImportFormat(file.text);
  const format = chosen === 'auto' ? detected : chosen;

  async function pick(input: HTMLInputElement) {
    setReport(null);
    setError(null);
    const picked = input.files?.[0];
    // Refused by its size before it is read (SECURITY.md case 28); UTF-8 bytes ≥ UTF-16 units, so no file under this is refused later.
    if (picked !== undefined && picked.size > MAX_IMPORT_CHARS) {
      setFile(null);
      return setError(strings.importFileTooLarge(MAX_IMPORT_CHARS / 1024 / 1024));
    }
    setFile(picked === undefined ? null : { name: picked.name, text: await picked.text() });
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setReport(null);
    if (file === null) return setError(strings.importNoFile);
    if (format === null) return setError(strings.importUnknownFormat);
    if (format === 'passkeep-backup' && passphrase === '') return setError(strings.passphraseRequired);
    setError(null);
    setBusy(true);
    // A backup protected with an enrolled key too (issue 13): this page asks that key first.
    const named = format === 'passkeep-backup' ? backupAuthenticator(file.text) : null;
    let authenticator: Awaited<ReturnType<typeof askEnrolledAuthenticator>> | undefined;
    if (named) {
      try {
        authenticator = await askEnrolledAuthenticator([named]);
      } catch (e) {
        setBusy(false);
        return setError(e instanceof NoPrfError ? strings.authenticatorNoPrf : strings.backupKeyMissing);
      }
    }
    try {
      const result = await api.send(
        format === 'passkeep-backup'
          ? { type: 'vault:import', format, data: file.text, passphrase, ...(authenticator ? { authenticator } : {}) }
          : { type: 'vault:import', format, data: file.text },
      );
      setReport(result);
      setPassphrase('');
      if (result.imported > 0) onImported();
    } catch (e) {
      // Every import is one transaction: a refused file changed nothing, and the person is told so.
      setError(strings.importRejected(messageOf(e).replace(/\.$/, '')));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="stack" onSubmit={submit} noValidate>
      <label class="field-label" for={`${id}-file`}>
        {strings.importFileLabel}
      </label>
      <input
        id={`${id}-file`}
        class="file-field"
        type="file"
        accept=".json,.passkey,application/json"
        data-testid="import-file"
        onChange={(e) => void pick(e.currentTarget)}
      />
      <label class="field-label" for={`${id}-format`}>
        {strings.importFormatLabel}
      </label>
      <select
        id={`${id}-format`}
        class="select"
        data-testid="import-format"
        value={chosen}
        onChange={(e) => setChosen(e.currentTarget.value as ImportFormat | 'auto')}
      >
        <option value="auto">
          {detected === null ? strings.importFormatAuto : `${strings.importFormatAuto}: ${formatName(detected, strings)}`}
        </option>
        {FORMATS.map((f) => (
          <option key={f} value={f}>
            {formatName(f, strings)}
          </option>
        ))}
      </select>
      {format === 'passkeep-backup' && (
        <PasswordField
          label={strings.passphraseLabel}
          testid="import-passphrase"
          value={passphrase}
          onInput={setPassphrase}
          invalid={error === strings.passphraseRequired}
        />
      )}
      {error !== null && <ErrorMessage>{error}</ErrorMessage>}
      <button type="submit" class="button button-secondary" data-testid="import" disabled={busy}>
        {strings.importButton}
      </button>
      <div role="status" data-testid="import-report">
        {report !== null && (
          <>
            <p>{strings.importReport(report.imported, report.duplicates, report.skipped.length)}</p>
            {report.skipped.length > 0 && (
              <ul class="skipped-list">
                {report.skipped.map((item, i) => (
                  <li key={i}>{strings.importSkippedItem(item.name, item.reason)}</li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </form>
  );
}
