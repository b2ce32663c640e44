import { useLayoutEffect, useRef } from 'preact/hooks';
import type { VaultStatus } from '../src/core/protocol';
import { BackIcon } from './back-icon';
import { ResetForm } from './reset-form';
import { useStrings } from './strings-context';

export interface ResetViewProps {
  onBack: () => void;
  onStatus: (status: VaultStatus) => void;
}

/** "Forgot your PIN?" from the locked screen: the reset, with a way back. */
export function ResetView({ onBack, onStatus }: ResetViewProps) {
  const strings = useStrings();
  const heading = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => heading.current?.focus(), []);
  return (
    <section class="panel" data-testid="reset-view" aria-labelledby="reset-title">
      <div class="panel-header">
        <button type="button" class="icon-button" data-testid="back" aria-label={strings.back} title={strings.back} onClick={onBack}>
          <BackIcon />
        </button>
        <h2 id="reset-title" class="panel-title" tabIndex={-1} ref={heading}>
          {strings.resetHeading}
        </h2>
      </div>
      <ResetForm onStatus={onStatus} />
    </section>
  );
}
