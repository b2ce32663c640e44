import { useEffect, useId, useState } from 'preact/hooks';
import type { PrfAnswerWire, UnlockKeyInfo, VaultStatus } from '../../../src/core/protocol';
import { askEnrolledAuthenticator, NoPrfError } from '../../api/unlock-authenticator';
import { useApi } from '../../api/api-context';
import { ErrorMessage } from '../../ui/error-message';
import { messageOf } from '../../api/message-of';
import { useStrings } from '../../i18n/strings-context';
import { SECRET_FIELD } from '../../ui/secret-field';
import { useAutofocus } from '../../ui/use-autofocus';

export interface UnlockFormProps {
  /** Seconds the background still refuses PIN attempts for (when the popup opens mid-lockout). */
  retryAfterSeconds: number;
  /** The authenticators enrolled to unlock (issue 13): asked together with the PIN. Empty: the PIN alone. */
  unlockKeys?: UnlockKeyInfo[];
  /** With `unlockKeys`: the PIN alone still unlocks (the recovery path the person kept). */
  pinOnly?: boolean;
  /** Called with the vault's new state once it is no longer locked. */
  onStatus: (status: VaultStatus) => void;
  /** The person forgot the PIN: show the reset. */
  onForgot: () => void;
}

interface Failure {
  message: string | null;
  retryAfterSeconds: number;
  /** no enrolled authenticator answered: offer to try again (another one), or the recovery path */
  noAuthenticator?: boolean;
}

/** The vault is locked: the person types the PIN. */
export function UnlockForm({ retryAfterSeconds, unlockKeys = [], pinOnly = true, onStatus, onForgot }: UnlockFormProps) {
  const strings = useStrings();
  const api = useApi();
  const id = useId();
  const [pin, setPin] = useState('');
  const [failure, setFailure] = useState<Failure | null>(
    retryAfterSeconds > 0 ? { message: null, retryAfterSeconds } : null,
  );
  const [busy, setBusy] = useState(false);
  const field = useAutofocus<HTMLInputElement>();

  // The wait message is written once (a ticking count in an alert would be re-announced every
  // second) and taken away when the wait is over. The background enforces the wait either way.
  const wait = failure?.retryAfterSeconds ?? 0;
  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(
      () => setFailure((f) => (f === null ? f : f.message === null ? null : { ...f, retryAfterSeconds: 0 })),
      wait * 1000,
    );
    return () => clearTimeout(timer);
  }, [failure]);

  const withAuthenticator = unlockKeys.length > 0;

  async function submit(event: Event, recovery = false) {
    event.preventDefault();
    if (busy) return;
    if (pin === '') {
      setFailure({ message: strings.pinRequired, retryAfterSeconds: 0 });
      field.current?.focus();
      return;
    }
    setBusy(true);
    let authenticator: PrfAnswerWire | undefined;
    if (withAuthenticator && !recovery) {
      try {
        authenticator = await askEnrolledAuthenticator(unlockKeys);
      } catch (e) {
        // Nothing was sent and nothing counted: the PIN stays typed for another try.
        setFailure({
          message: e instanceof NoPrfError ? strings.authenticatorNoPrf : strings.authenticatorMissing(unlockKeys.map((k) => k.label).join(', ')),
          retryAfterSeconds: 0,
          noAuthenticator: true,
        });
        setBusy(false);
        return;
      }
    }
    try {
      const status = await api.send(authenticator ? { type: 'vault:unlock', pin, authenticator } : { type: 'vault:unlock', pin });
      if (status.state !== 'locked') {
        onStatus(status);
        return;
      }
      fail(strings.wrongPin, status.retryAfterSeconds);
    } catch (e) {
      // A refused PIN may also come back as an error; the status says how long to wait.
      let status: VaultStatus | undefined;
      try {
        status = await api.send({ type: 'vault:status' });
      } catch {
        // Keep the first error: it is the one that explains what happened.
      }
      if (status !== undefined && status.state !== 'locked') {
        onStatus(status);
        return;
      }
      const wrongPin = e instanceof Error && e.name === 'NotAllowedError';
      fail(wrongPin ? strings.wrongPin : strings.unexpectedError(messageOf(e)), status?.retryAfterSeconds ?? 0);
    }
  }

  function fail(message: string, retry: number) {
    setFailure({ message, retryAfterSeconds: retry });
    setPin('');
    setBusy(false);
    field.current?.focus();
  }

  return (
    <form class="pin-form" onSubmit={submit} noValidate>
      <h2 class="form-title">{strings.unlockTitle}</h2>
      {withAuthenticator && (
        <p class="note" data-testid="unlock-with-authenticator">
          {strings.unlockWithAuthenticatorNote(unlockKeys.map((k) => k.label).join(', '))}
        </p>
      )}
      <label class="field-label" for={`${id}-pin`}>
        {strings.pinLabel}
      </label>
      <input
        ref={field}
        id={`${id}-pin`}
        class="text-field"
        {...SECRET_FIELD}
        data-testid="pin"
        aria-invalid={failure?.message != null}
        value={pin}
        onInput={(e) => setPin(e.currentTarget.value)}
      />
      {failure !== null && (failure.message !== null || failure.retryAfterSeconds > 0) && (
        <ErrorMessage>
          {[failure.message, failure.retryAfterSeconds > 0 ? strings.waitBeforeRetry(failure.retryAfterSeconds) : null]
            .filter((part) => part !== null)
            .join(' ')}
        </ErrorMessage>
      )}
      <button type="submit" class="button button-primary" data-testid="unlock" disabled={busy}>
        {withAuthenticator ? strings.unlockWithAuthenticatorButton : strings.unlockButton}
      </button>
      {withAuthenticator && pinOnly && failure?.noAuthenticator === true && (
        <button type="button" class="button button-secondary" data-testid="unlock-recovery" disabled={busy} onClick={(e) => void submit(e, true)}>
          {strings.unlockRecoveryButton}
        </button>
      )}
      <button type="button" class="link-button" data-testid="forgot-pin" onClick={onForgot}>
        {strings.forgotPin}
      </button>
    </form>
  );
}
