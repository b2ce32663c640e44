import { useState } from 'preact/hooks';
import { RESET_CONFIRMATION, type VaultStatus } from '../../../src/core/protocol';
import { useApi } from '../../api/api-context';
import { ErrorMessage } from '../../ui/error-message';
import { messageOf } from '../../api/message-of';
import { PasswordField } from '../../ui/password-field';
import { useStrings } from '../../i18n/strings-context';

export interface ResetFormProps {
  /** The vault's state after the reset (`no-pin`: the first run starts again). */
  onStatus: (status: VaultStatus) => void;
}

/**
 * Forgot the PIN: start again. Says that it deletes every passkey, and asks for the confirmation
 * phrase typed out (the background checks it too).
 */
export function ResetForm({ onStatus }: ResetFormProps) {
  const api = useApi();
  const strings = useStrings();
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    if (typed !== RESET_CONFIRMATION) return setError(strings.resetMismatch);
    setError(null);
    setBusy(true);
    try {
      onStatus(await api.send({ type: 'vault:reset', confirm: typed }));
    } catch (e) {
      setError(strings.unexpectedError(messageOf(e)));
      setBusy(false);
    }
  }

  return (
    <form class="stack" onSubmit={submit} noValidate>
      <p class="note note-warning">{strings.resetIntro}</p>
      <PasswordField
        type="text"
        label={strings.resetTypeLabel(RESET_CONFIRMATION)}
        testid="reset-confirm"
        value={typed}
        onInput={setTyped}
        invalid={error === strings.resetMismatch}
      />
      {error !== null && <ErrorMessage>{error}</ErrorMessage>}
      <button type="submit" class="button button-danger" data-testid="reset" disabled={busy}>
        {strings.resetButton}
      </button>
    </form>
  );
}
