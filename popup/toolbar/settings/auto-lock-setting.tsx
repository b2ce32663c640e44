import { useId } from 'preact/hooks';
import { useStrings } from '../../i18n/strings-context';

/** The choices offered, in idle minutes; 0 locks only on browser restart or "Lock". */
export const AUTO_LOCK_CHOICES = [1, 5, 15, 30, 60, 0] as const;

export interface AutoLockSettingProps {
  minutes: number;
  onChange: (minutes: number) => void;
}

export function AutoLockSetting({ minutes, onChange }: AutoLockSettingProps) {
  const strings = useStrings();
  const id = useId();
  // A value set elsewhere (an older version, another device's import) is still shown.
  const choices: number[] = AUTO_LOCK_CHOICES.includes(minutes as never) ? [...AUTO_LOCK_CHOICES] : [minutes, ...AUTO_LOCK_CHOICES];
  return (
    <div class="field-row">
      <label class="field-label" for={id}>
        {strings.autoLockLabel}
      </label>
      <select
        id={id}
        class="select"
        data-testid="auto-lock"
        value={String(minutes)}
        onChange={(e) => onChange(Number(e.currentTarget.value))}
      >
        {choices.map((n) => (
          <option key={n} value={String(n)}>
            {n === 0 ? strings.autoLockNever : strings.minutes(n)}
          </option>
        ))}
      </select>
    </div>
  );
}
