import { GearIcon } from '../ui/gear-icon';
import { LockIcon } from '../ui/lock-icon';
import { useStrings } from '../i18n/strings-context';

export interface AppHeaderProps {
  /** Shown as the lock button when given (the vault is unlocked). */
  onLock?: (() => void) | undefined;
  /** Shown as the settings button when given. */
  onSettings?: (() => void) | undefined;
}

export function AppHeader({ onLock, onSettings }: AppHeaderProps) {
  const strings = useStrings();
  return (
    <header class="app-header">
      <h1 class="app-title">{strings.appName}</h1>
      <div class="header-actions">
        {onSettings && (
          <button
            type="button"
            class="icon-button"
            data-testid="settings"
            aria-label={strings.settingsButton}
            title={strings.settingsButton}
            onClick={onSettings}
          >
            <GearIcon />
          </button>
        )}
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
      </div>
    </header>
  );
}
