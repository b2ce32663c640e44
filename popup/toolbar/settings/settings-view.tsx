import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Settings, VaultStatus } from '../../../src/core/protocol';
import { AboutSection } from './about-section';
import { useApi } from '../../api/api-context';
import { AutoLockSetting } from './auto-lock-setting';
import { PanelHeader } from '../../ui/panel-header';
import { ChangePinForm } from './change-pin-form';
import { DisabledSitesSetting } from './disabled-sites-setting';
import { DeveloperModeSetting } from '../developer/developer-mode-setting';
import { ImportKeyForm } from '../developer/import-key-form';
import { ErrorMessage } from '../../ui/error-message';
import { ExportForm } from './export-form';
import { ImportForm } from './import-form';
import { messageOf } from '../../api/message-of';
import { ResetForm } from '../pin/reset-form';
import { SettingsSection } from './settings-section';
import { UnlockKeysSetting } from './unlock-keys-setting';
import { StatusNote } from '../../ui/status-note';
import { useStrings } from '../../i18n/strings-context';

export interface SettingsViewProps {
  currentHost: string | null | undefined;
  onBack: () => void;
  /** Passkeys were imported: the list reads the vault again. */
  onImported: () => void;
  /** The vault was reset: the app follows its new state. */
  onStatus: (status: VaultStatus) => void;
  /** The settings as saved (developer mode shows in the header at once). */
  onSettings?: (settings: Settings) => void;
}

/** Auto-lock, per-site disable, developer mode, change PIN, export, import, reset and about, in one scrolling panel. */
export function SettingsView({ currentHost, onBack, onImported, onStatus, onSettings }: SettingsViewProps) {
  const api = useApi();
  const strings = useStrings();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<'auto-lock' | 'sites' | 'developer' | null>(null);

  useEffect(() => {
    let live = true;
    api.send({ type: 'settings:get' }).then(
      (value) => live && setSettings(value),
      (e: unknown) => live && setError(strings.unexpectedError(messageOf(e))),
    );
    return () => {
      live = false;
    };
  }, [api]);

  async function save(change: Partial<Settings>, which: 'auto-lock' | 'sites' | 'developer') {
    setSaved(null);
    try {
      const next = await api.send({ type: 'settings:set', settings: change });
      setSettings(next);
      onSettings?.(next);
      setError(null);
      setSaved(which);
    } catch (e) {
      setError(strings.unexpectedError(messageOf(e)));
    }
  }

  const settingsBody = (render: (s: Settings) => ComponentChildren) =>
    settings === null ? error === null ? <div class="skeleton skeleton-block" aria-hidden="true" /> : null : render(settings);

  return (
    <section
      class="panel"
      data-testid="settings-view"
      aria-labelledby="settings-title"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !(event.target instanceof HTMLSelectElement)) {
          event.preventDefault();
          onBack();
        }
      }}
    >
      <PanelHeader id="settings-title" title={strings.settingsTitle} onBack={onBack} />
      {error !== null && <ErrorMessage>{error}</ErrorMessage>}
      <SettingsSection title={strings.autoLockHeading} testid="auto-lock-section">
        {settingsBody((s) => (
          <AutoLockSetting minutes={s.autoLockMinutes} onChange={(autoLockMinutes) => void save({ autoLockMinutes }, 'auto-lock')} />
        ))}
        <StatusNote message={saved === 'auto-lock' ? strings.saved : null} />
      </SettingsSection>
      <SettingsSection title={strings.sitesHeading} testid="sites-section">
        {settingsBody((s) => (
          <DisabledSitesSetting
            sites={s.disabledSites}
            currentHost={currentHost}
            onChange={(disabledSites) => void save({ disabledSites }, 'sites')}
          />
        ))}
        <StatusNote message={saved === 'sites' ? strings.saved : null} />
      </SettingsSection>
      <SettingsSection title={strings.devModeHeading} testid="developer-section">
        {settingsBody((s) => (
          <DeveloperModeSetting on={s.developerMode === true} onChange={(developerMode) => void save({ developerMode }, 'developer')} />
        ))}
        <StatusNote message={saved === 'developer' ? strings.saved : null} />
      </SettingsSection>
      {settings?.developerMode === true && (
        <SettingsSection title={strings.devImportHeading} testid="dev-import-section">
          <ImportKeyForm onImported={onImported} />
        </SettingsSection>
      )}
      <SettingsSection title={strings.unlockKeysHeading} testid="unlock-keys-section">
        <UnlockKeysSetting />
      </SettingsSection>
      <SettingsSection title={strings.changePinHeading} testid="change-pin-section">
        <ChangePinForm />
      </SettingsSection>
      <SettingsSection title={strings.exportHeading} testid="export-section">
        <ExportForm />
      </SettingsSection>
      <SettingsSection title={strings.importHeading} testid="import-section">
        <ImportForm onImported={onImported} />
      </SettingsSection>
      <SettingsSection title={strings.aboutHeading} testid="about">
        <AboutSection />
      </SettingsSection>
      <SettingsSection title={strings.resetHeading} testid="reset-section">
        <ResetForm onStatus={onStatus} />
      </SettingsSection>
    </section>
  );
}
