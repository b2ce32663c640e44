import { useStrings } from '../../i18n/strings-context';

export interface DeveloperModeSettingProps {
  on: boolean;
  onChange: (on: boolean) => void;
}

/** The developer mode switch (off by default), with what it does. */
export function DeveloperModeSetting({ on, onChange }: DeveloperModeSettingProps) {
  const strings = useStrings();
  return (
    <div class="stack">
      <label class="choice">
        <input type="checkbox" data-testid="developer-mode" checked={on} onChange={(e) => onChange(e.currentTarget.checked)} />
        {strings.devModeLabel}
      </label>
      <p class="field-hint">{strings.devModeIntro}</p>
    </div>
  );
}
