import { useId, useState } from 'preact/hooks';
import { useApi } from '../../api/api-context';
import { messageOf } from '../../api/message-of';
import { useStrings } from '../../i18n/strings-context';
import { ErrorMessage } from '../../ui/error-message';
import { PasswordField } from '../../ui/password-field';
import { StatusNote } from '../../ui/status-note';

/**
 * Developer mode: a passkey from a PKCS #8 PEM private key, an RP ID and a user handle (a relying
 * party's test fixture). The background checks every field (src/background/dev-requests.ts).
 */
export function ImportKeyForm({ onImported }: { onImported: () => void }) {
  const api = useApi();
  const strings = useStrings();
  const pemId = useId();
  const [pem, setPem] = useState('');
  const [rpId, setRpId] = useState('');
  const [userHandle, setUserHandle] = useState('');
  const [userName, setUserName] = useState('');
  const [credentialId, setCredentialId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const details = await api.send({ type: 'dev:import-key', pem, rpId: rpId.trim(), userHandle: userHandle.trim(), userName, ...(credentialId.trim() ? { credentialId: credentialId.trim() } : {}) });
      setDone(strings.devImported(details.rpId));
      setPem('');
      onImported();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="stack" onSubmit={submit} noValidate>
      <p class="field-hint">{strings.devImportIntro}</p>
      <label class="field-label" for={pemId}>
        {strings.devImportPemLabel}
      </label>
      <textarea
        id={pemId}
        class="text-field mono"
        rows={4}
        spellcheck={false}
        autocomplete="off"
        data-testid="dev-import-pem"
        value={pem}
        onInput={(e) => setPem(e.currentTarget.value)}
      />
      <PasswordField type="text" label={strings.devImportRpLabel} testid="dev-import-rp" value={rpId} onInput={setRpId} />
      <PasswordField type="text" label={strings.devImportUserHandleLabel} testid="dev-import-user-handle" value={userHandle} onInput={setUserHandle} />
      <PasswordField type="text" label={strings.devImportUserNameLabel} testid="dev-import-user-name" value={userName} onInput={setUserName} />
      <PasswordField type="text" label={strings.devImportCredentialIdLabel} testid="dev-import-credential-id" value={credentialId} onInput={setCredentialId} />
      {error !== null && <ErrorMessage>{error}</ErrorMessage>}
      <button type="submit" class="button button-secondary" data-testid="dev-import" disabled={busy}>
        {strings.devImportButton}
      </button>
      <StatusNote message={done} />
    </form>
  );
}
