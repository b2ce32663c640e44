import { useEffect, useState } from 'preact/hooks';
import type { PasskeyDevDetails, PasskeySummary } from '../../../src/core/protocol';
import { useApi } from '../../api/api-context';
import { messageOf } from '../../api/message-of';
import { useStrings } from '../../i18n/strings-context';
import { ErrorMessage } from '../../ui/error-message';
import { PasswordField } from '../../ui/password-field';
import { StatusNote } from '../../ui/status-note';
import { formatDateTime } from '../list/format-date';
import { algName } from '../../ui/alg-name';

/**
 * Developer mode's part of a passkey's details: what a relying party's server sees of it, the
 * counter (set forward, to test counter handling), and the export of its private key as PKCS #8
 * PEM behind the PIN entered again (SECURITY.md: the one time a private key leaves the background).
 */
export function DevDetails({ passkey }: { passkey: PasskeySummary }) {
  const api = useApi();
  const strings = useStrings();
  const [details, setDetails] = useState<PasskeyDevDetails | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [counter, setCounter] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const [file, setFile] = useState<{ name: string; url: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api.send({ type: 'dev:passkey', rpId: passkey.rpId, id: passkey.id }).then(
      (value) => live && setDetails(value),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [api, passkey.id, passkey.rpId]);

  useEffect(() => () => void (file && URL.revokeObjectURL(file.url)), [file]);

  async function run(task: () => Promise<void>) {
    if (busy) return;
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      await task();
    } catch (e) {
      setError(e instanceof Error && e.name === 'NotAllowedError' && pin !== '' ? strings.wrongPin : messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  const setCount = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      setDetails(await api.send({ type: 'dev:set-counter', rpId: passkey.rpId, id: passkey.id, counter: Number(counter) }));
      setNote(strings.devCounterSet);
    });
  };

  const exportKey = (event: Event) => {
    event.preventDefault();
    if (pin === '') return setError(strings.pinRequired);
    void run(async () => {
      const { pem, filename } = await api.send({ type: 'dev:export-key', rpId: passkey.rpId, id: passkey.id, pin });
      setPin('');
      setFile({ name: filename, url: URL.createObjectURL(new Blob([pem], { type: 'application/x-pem-file' })) });
      setDetails(await api.send({ type: 'dev:passkey', rpId: passkey.rpId, id: passkey.id }));
    });
  };

  const rows: [string, string, string][] = details
    ? [
        [strings.detailSite, details.rpId, 'dev-rp-id'],
        [strings.devUserHandle, details.userHandle, 'dev-user-handle'],
        [strings.devCounter, String(details.signCount), 'dev-counter-value'],
        [strings.detailAlgorithm, `${algName(details.alg)} (COSE ${details.alg})`, 'dev-alg'],
        [strings.devBackup, `BE=${details.backupEligible ? 1 : 0} BS=${details.backedUp ? 1 : 0}`, 'dev-backup'],
        [strings.devDiscoverable, strings.devYesNo(details.discoverable), 'dev-discoverable'],
        [strings.detailCreated, formatDateTime(details.createdAt, strings.never), 'dev-created'],
        [strings.detailLastUsed, formatDateTime(details.lastUsedAt, strings.notUsedYet), 'dev-last-used'],
        [strings.devLargeBlob, strings.devBytes(details.largeBlobBytes), 'dev-large-blob'],
        [strings.devPrf, strings.devYesNo(details.prfEnabled), 'dev-prf'],
      ]
    : [];

  return (
    <section class="dev-details" data-testid="dev-details" aria-labelledby="dev-details-title">
      <h3 id="dev-details-title" class="section-title">
        {strings.devDetailsHeading}
      </h3>
      {details && (
        <>
          <dl class="details">
            {rows.map(([term, value, testid]) => (
              <div class="details-row" key={testid}>
                <dt>{term}</dt>
                <dd class="mono" data-testid={testid} title={value}>
                  {value}
                </dd>
              </div>
            ))}
          </dl>
          <details class="dev-pem">
            <summary>{strings.devPublicKey}</summary>
            <pre class="mono" data-testid="dev-public-key">
              {details.publicKeyPem}
            </pre>
          </details>
          <form class="field-row" onSubmit={setCount} noValidate>
            <PasswordField type="text" label={strings.devCounterLabel} testid="dev-counter" value={counter} onInput={setCounter} />
            <button type="submit" class="button button-secondary" data-testid="dev-set-counter" disabled={busy}>
              {strings.devSetCounterButton}
            </button>
          </form>
          <form class="stack" onSubmit={exportKey} noValidate>
            <h4 class="field-label">{strings.devExportHeading}</h4>
            <p class="note note-warning">{strings.devExportWarning}</p>
            <PasswordField label={strings.exportPinLabel} testid="dev-export-pin" value={pin} onInput={setPin} />
            <button type="submit" class="button button-danger-outline" data-testid="dev-export-key" disabled={busy}>
              {strings.devExportButton}
            </button>
          </form>
        </>
      )}
      {error !== null && <ErrorMessage>{error}</ErrorMessage>}
      <StatusNote message={note} />
      <div role="status">
        {file !== null && (
          <p class="download">
            <a href={file.url} download={file.name} data-testid="dev-export-download">
              {strings.downloadLink(file.name)}
            </a>
          </p>
        )}
      </div>
    </section>
  );
}
