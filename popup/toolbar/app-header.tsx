import { GearIcon } from '../ui/gear-icon';
import { HelpIcon } from '../ui/help-icon';
import { LockIcon } from '../ui/lock-icon';
import { useStrings } from '../i18n/strings-context';
import { appTitle } from '../ui/app-title';

export interface AppHeaderProps {
  /** Shown as the lock button when given (the vault is unlocked). */
  onLock?: (() => void) | undefined;
  /** Shown as the settings button when given. */
  onSettings?: (() => void) | undefined;
  /** Opens the guide in a tab (`tabs.create`); without it the link opens it as a plain link does. */
  onGuide?: (() => void) | undefined;
  /** Developer mode is on: a badge says so, and a link opens the ceremony inspector. */
  developerMode?: boolean;
  /** Opens the inspector in a tab (`tabs.create`), as onGuide does for the guide. */
  onInspector?: (() => void) | undefined;
}

/**
 * A link's click that opens its page through `open` (`tabs.create`) when given: Firefox opens no
 * tab for a target="_blank" link in an extension page opened in a tab.
 */
function inTab(open: (() => void) | undefined) {
  return (
    open &&
    ((event: MouseEvent) => {
      event.preventDefault();
      open();
    })
  );
}

export function AppHeader({ onLock, onSettings, onGuide, developerMode = false, onInspector }: AppHeaderProps) {
  const strings = useStrings();
  return (
    <header class="app-header">
      <h1 class="app-title" data-testid="app-title">{appTitle(strings.appName)}</h1>
      {developerMode && (
        <a
          class="dev-badge"
          href="inspector.html"
          target="_blank"
          rel="noopener"
          data-testid="developer-badge"
          title={strings.inspectorLink}
          onClick={inTab(onInspector)}
        >
          {strings.devModeBadge}
        </a>
      )}
      <div class="header-actions">
        {/* The guide (popup/guide/), in a tab of its own; shown in every state, first run included. */}
        <a
          class="icon-button"
          href="guide.html"
          target="_blank"
          rel="noopener"
          data-testid="guide-link"
          aria-label={strings.guideLink}
          title={strings.guideLink}
          onClick={inTab(onGuide)}
        >
          <HelpIcon />
        </a>
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
