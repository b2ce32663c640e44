import type { VaultStatus } from '../../../src/core/protocol';
import { PanelHeader } from '../../ui/panel-header';
import { ResetForm } from './reset-form';
import { useStrings } from '../../i18n/strings-context';

export interface ResetViewProps {
  onBack: () => void;
  onStatus: (status: VaultStatus) => void;
}

/** "Forgot your PIN?" from the locked screen: the reset, with a way back. */
export function ResetView({ onBack, onStatus }: ResetViewProps) {
  const strings = useStrings();
  return (
    <section class="panel" data-testid="reset-view" aria-labelledby="reset-title">
      <PanelHeader id="reset-title" title={strings.resetHeading} onBack={onBack} />
      <ResetForm onStatus={onStatus} />
    </section>
  );
}
