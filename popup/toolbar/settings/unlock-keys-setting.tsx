import { useId, useState } from 'preact/hooks';
import type { UnlockKeyInfo, UnlockKeyOutcome, VaultStatus } from '../../../src/core/protocol';
import { useApi } from '../../api/api-context';
import { messageOf } from '../../api/message-of';
import { useVaultStatus } from '../../api/use-vault-status';
import { NoPrfError, registerAuthenticator } from '../../api/unlock-authenticator';
import { useStrings } from '../../i18n/strings-context';
import { ErrorMessage } from '../../ui/error-message';
import { PasswordField } from '../../ui/password-field';
import { StatusNote } from '../../ui/status-note';

/**
 * "Unlock with a security key or this device" (issue 13): enrol an authenticator (this page asks
 * it, ../../api/unlock-authenticator.ts), remove one, keep or remove the PIN-only recovery path.
 * Every change needs the current PIN, checked and counted by the background like an unlock.
 */
export function UnlockKeysSetting() {
  const api = useApi();
  const strings = useStrings();
  const id = useId();
  const [keys, setKeys] = useState<UnlockKeyInfo[]>([]);
  const [pinOnly, setPinOnly] = useState(true);
  const [label, setLabel] = useState('');
  const [pin, setPin] = useState('');
  const [keep, setKeep] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function show(status: VaultStatus) {
    setKeys(status.unlockKeys ?? []);
    setPinOnly(status.pinOnly !== false);
  }

  useVaultStatus(show, (e) => setError(strings.unexpectedError(messageOf(e))));

  /** Runs one change; `ask` may call the authenticator first (its failure is explained, nothing is sent). */
  async function run(ask: () => Promise<UnlockKeyOutcome>, doneText: string) {
    if (busy) return;
    setDone(null);
    if (pin === '') return setError(strings.pinRequired);
    setError(null);
    setBusy(true);
    try {
      const outcome = await ask();
      if (outcome.ok) {
        show(outcome.status);
        setDone(doneText);
        setPin('');
        setLabel('');
      } else {
        setError(outcome.retryAfterSeconds > 0 ? `${strings.wrongPin} ${strings.waitBeforeRetry(outcome.retryAfterSeconds)}` : strings.wrongPin);
        setPin('');
      }
    } catch (e) {
      setError(
        e instanceof NoPrfError
          ? strings.authenticatorNoPrf
          : e instanceof DOMException && (e.name === 'NotAllowedError' || e.name === 'InvalidStateError' || e.name === 'AbortError')
            ? e.name === 'InvalidStateError'
              ? strings.authenticatorAlreadyEnrolled
              : strings.authenticatorCancelled
            : strings.unexpectedError(messageOf(e)),
      );
    } finally {
      setBusy(false);
    }
  }

  function enrol(event: Event) {
    event.preventDefault();
    const name = label.trim() || strings.unlockKeyDefaultLabel(String(keys.length + 1));
    void run(async () => {
      const { answer, salt } = await registerAuthenticator(name, keys);
      // Later enrolments leave the recovery path as it is; the first one follows the checkbox.
      const keepPinOnly = keys.length === 0 ? keep : pinOnly;
      return api.send({ type: 'unlock-key:enrol', pin, authenticator: answer, salt, label: name, keepPinOnly });
    }, strings.unlockKeyEnrolled(name));
  }

  return (
    <form class="stack" onSubmit={enrol} noValidate data-testid="unlock-keys-form">
      <p class="field-hint" data-testid="unlock-keys-explained">
        {strings.unlockKeysIntro}
      </p>
      <p class="note note-warning">{strings.unlockKeysCost}</p>
      {keys.length > 0 && (
        <>
          <ul class="site-list" aria-label={strings.unlockKeysListLabel}>
            {keys.map((k) => (
              <li key={k.id} class="site-list-item" data-testid="unlock-key">
                <span class="site-list-name">{k.label}</span>
                <button
                  type="button"
                  class="button button-secondary button-small"
                  data-testid="remove-unlock-key"
                  aria-label={strings.removeUnlockKey(k.label)}
                  disabled={busy}
                  onClick={() => void run(() => api.send({ type: 'unlock-key:remove', pin, id: k.id }), strings.unlockKeyRemoved(k.label))}
                >
                  {strings.removeUnlockKeyButton}
                </button>
              </li>
            ))}
          </ul>
          <p class={pinOnly ? 'note note-warning' : 'note'} data-testid="pin-only-state">
            {pinOnly ? strings.pinOnlyKept : strings.pinOnlyRemoved}
          </p>
        </>
      )}
      <label class="field-label" for={`${id}-label`}>
        {strings.unlockKeyLabel}
      </label>
      <input
        id={`${id}-label`}
        class="text-field"
        type="text"
        autocomplete="off"
        maxLength={64}
        data-testid="unlock-key-label"
        value={label}
        onInput={(e) => setLabel(e.currentTarget.value)}
      />
      <PasswordField label={strings.currentPinLabel} testid="unlock-key-pin" value={pin} onInput={setPin} invalid={error === strings.wrongPin} />
      {keys.length === 0 && (
        <>
          <label class="choice">
            <input type="checkbox" data-testid="keep-pin-only" checked={keep} onChange={(e) => setKeep(e.currentTarget.checked)} />
            {strings.keepPinOnlyLabel}
          </label>
          <p class="field-hint">{strings.keepPinOnlyCost}</p>
        </>
      )}
      {error !== null && <ErrorMessage>{error}</ErrorMessage>}
      <StatusNote message={done} />
      <button type="submit" class="button button-secondary" data-testid="enrol-unlock-key" disabled={busy}>
        {keys.length === 0 ? strings.enrolUnlockKeyButton : strings.enrolSpareUnlockKeyButton}
      </button>
      {keys.length > 0 && (
        <button
          type="button"
          class="button button-secondary"
          data-testid="pin-only-toggle"
          disabled={busy}
          onClick={() =>
            void run(() => api.send({ type: 'unlock-key:pin-only', pin, keep: !pinOnly }), pinOnly ? strings.pinOnlyRemovedDone : strings.pinOnlyKeptDone)
          }
        >
          {pinOnly ? strings.removePinOnlyButton : strings.keepPinOnlyButton}
        </button>
      )}
    </form>
  );
}
