import { useId, useState } from 'preact/hooks';
import type { VaultStatus } from '../../src/core/protocol';
import { useApi } from '../api/api-context';
import { ErrorMessage } from './error-message';
import { messageOf } from '../api/message-of';
import { newPinProblem } from './new-pin-problem';
import { useStrings } from '../i18n/strings-context';
import { SECRET_FIELD } from './secret-field';
import { useAutofocus } from './use-autofocus';

export interface SetPinFormProps {
  /** Called with the vault's state once the PIN is set. */
  onStatus: (status: VaultStatus) => void;
  /**
   * The id of a heading outside the form that names it (the guide's last step). The form then
   * shows no title of its own and leaves the focus where the page put it (on that heading).
   */
  headingId?: string;
}

/** First run: the person chooses the PIN that will unlock the vault (toolbar popup and guide). */
export function SetPinForm({ onStatus, headingId }: SetPinFormProps) {
  const strings = useStrings();
  const api = useApi();
  const id = useId();
  const [pin, setPin] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const firstField = useAutofocus<HTMLInputElement>();

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    const problem = newPinProblem(pin, confirmation, strings);
    if (problem !== null) {
      setError(problem);
      return;
    }
    setError(null);
    setBusy(true);
    try {
      onStatus(await api.send({ type: 'vault:set-pin', pin }));
    } catch (e) {
      setError(strings.unexpectedError(messageOf(e)));
      setBusy(false);
    }
  }

  return (
    <form class="pin-form" onSubmit={submit} noValidate aria-labelledby={headingId}>
      {headingId === undefined && (
        <>
          <h2 class="form-title">{strings.setPinTitle}</h2>
          <p class="form-intro">{strings.setPinIntro}</p>
        </>
      )}
      <label class="field-label" for={`${id}-new`}>
        {strings.newPinLabel}
      </label>
      <input
        ref={headingId === undefined ? firstField : undefined}
        id={`${id}-new`}
        class="text-field"
        {...SECRET_FIELD}
        data-testid="pin-new"
        aria-describedby={`${id}-hint`}
        aria-invalid={error === strings.pinTooShort || error === strings.pinTooLong}
        value={pin}
        onInput={(e) => setPin(e.currentTarget.value)}
      />
      <p id={`${id}-hint`} class="field-hint">
        {strings.pinHint}
      </p>
      <label class="field-label" for={`${id}-confirm`}>
        {strings.confirmPinLabel}
      </label>
      <input
        id={`${id}-confirm`}
        class="text-field"
        {...SECRET_FIELD}
        data-testid="pin-confirm"
        aria-invalid={error === strings.pinMismatch}
        value={confirmation}
        onInput={(e) => setConfirmation(e.currentTarget.value)}
      />
      <p class="note">{strings.pinOfflineNote}</p>
      {error !== null && <ErrorMessage>{error}</ErrorMessage>}
      <button type="submit" class="button button-primary" data-testid="set-pin" disabled={busy}>
        {strings.setPinButton}
      </button>
    </form>
  );
}
