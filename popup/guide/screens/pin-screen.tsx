import { useEffect, useState } from 'preact/hooks';
import type { VaultStatus } from '../../../src/core/protocol';
import { useApi } from '../../api/api-context';
import { messageOf } from '../../api/message-of';
import { useStrings } from '../../i18n/strings-context';
import { ErrorMessage } from '../../ui/error-message';
import { SetPinForm } from '../../ui/set-pin-form';
import { ScreenHeading } from './screen-heading';

type PinState =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'no-pin' }
  /** set here, just now */
  | { kind: 'set' }
  /** set before the guide got here (in the popup, the prompt, or an earlier visit) */
  | { kind: 'already' };

function stateOf(status: VaultStatus): PinState {
  return status.state === 'no-pin' ? { kind: 'no-pin' } : { kind: 'already' };
}

/**
 * The guide's last screen: choose the PIN with the popup's own form (same rules, same
 * `vault:set-pin` request), or, when a PIN exists, say so and offer to close.
 */
export function PinScreen({ headingId, onClose }: { headingId: string; onClose: () => void }) {
  const strings = useStrings();
  const { t } = strings;
  const api = useApi();
  const [state, setState] = useState<PinState>({ kind: 'loading' });

  // Asked on arrival, not when the guide opened: a PIN may have been set in the popup since.
  useEffect(() => {
    api.send({ type: 'vault:status' }).then(
      (status) => setState(stateOf(status)),
      (e: unknown) => setState({ kind: 'failed', message: messageOf(e) }),
    );
  }, [api]);

  if (state.kind === 'loading') {
    return (
      <p class="guide-text" role="status" data-testid="loading">
        {strings.loading}
      </p>
    );
  }
  if (state.kind === 'set' || state.kind === 'already') {
    const set = state.kind === 'set';
    return (
      <div data-testid={set ? 'guide-pin-set' : 'guide-pin-already'}>
        <ScreenHeading key={state.kind} id={headingId}>
          {t(set ? 'guidePinSetTitle' : 'guidePinAlreadyTitle')}
        </ScreenHeading>
        <p class="guide-text">{t(set ? 'guidePinSetText' : 'guidePinAlreadyText')}</p>
        <p class="guide-text guide-muted">{t('guideLater')}</p>
        <button type="button" class="button button-primary guide-close" data-testid="guide-close" onClick={onClose}>
          {t('guideClose')}
        </button>
      </div>
    );
  }
  return (
    <>
      <ScreenHeading id={headingId}>{t('guidePinStepTitle')}</ScreenHeading>
      <p class="guide-text">{t('guidePinStepIntro')}</p>
      {state.kind === 'failed' && <ErrorMessage>{strings.unexpectedError(state.message)}</ErrorMessage>}
      <SetPinForm headingId={headingId} onStatus={(status) => setState(status.state === 'no-pin' ? { kind: 'no-pin' } : { kind: 'set' })} />
    </>
  );
}
