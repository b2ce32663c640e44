import { LockIcon } from './lock-icon';
import { useStrings } from './strings-context';

export interface AppHeaderProps {
  /** Shown as the lock button when given (the vault is unlocked). */
  onLock?: (() => void) | undefined;
}

export function AppHeader({ onLock }: AppHeaderProps) {
  const strings = useStrings();
  return (
    <header class="app-header">
      <h1 class="app-title">{strings.appName}</h1>
      {onLock && (
        <button
          type="button"
          class="icon-button"
          data-testid="lock"
          aria-label={strings.lockButton}
          title={strings.lockButton}
          onClick={onLock}
        >
          <LockIcon />
        </button>
      )}
    </header>
  );
}
