import { useState } from 'preact/hooks';
import { useApi } from '../../api/api-context';
import { ErrorMessage } from '../../ui/error-message';
import { messageOf } from '../../api/message-of';
import { newPinProblem } from '../../ui/new-pin-problem';
import { PasswordField } from '../../ui/password-field';
import { StatusNote } from '../../ui/status-note';
import { useStrings } from '../../i18n/strings-context';

/** Change the PIN: the current one, then the new one twice (same rules as the first run). */
export function ChangePinForm() {
  const api = useApi();
  const strings = useStrings();
  const [oldPin, setOldPin] = useState('');
  const [newPin, setNewPin] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setDone(false);
    if (oldPin === '') return setError(strings.pinRequired);
    const problem = newPinProblem(newPin, confirmation, strings);
    if (problem !== null) return setError(problem);
    setError(null);
    setBusy(true);
    try {
      const status = await api.send({ type: 'vault:change-pin', oldPin, newPin });
      if (status.retryAfterSeconds > 0) {
        setError(`${strings.wrongPin} ${strings.waitBeforeRetry(status.retryAfterSeconds)}`);
      } else {
        setDone(true);
        setOldPin('');
        setNewPin('');
        setConfirmation('');
      }
    } catch (e) {
      setError(e instanceof Error && e.name === 'NotAllowedError' ? strings.wrongPin : strings.unexpectedError(messageOf(e)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="stack" onSubmit={submit} noValidate>
      <PasswordField label={strings.currentPinLabel} testid="old-pin" value={oldPin} onInput={setOldPin} />
      <PasswordField
        label={strings.newPinField}
        testid="new-pin"
        value={newPin}
        onInput={setNewPin}
        invalid={error === strings.pinTooShort || error === strings.pinTooLong}
        hint={strings.pinHint}
      />
      <PasswordField
        label={strings.confirmNewPinLabel}
        testid="confirm-new-pin"
        value={confirmation}
        onInput={setConfirmation}
        invalid={error === strings.pinMismatch}
      />
      {error !== null && <ErrorMessage>{error}</ErrorMessage>}
      <StatusNote message={done ? strings.pinChanged : null} />
      <button type="submit" class="button button-secondary" data-testid="change-pin" disabled={busy}>
        {strings.changePinButton}
      </button>
    </form>
  );
}
