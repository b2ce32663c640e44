import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { SECRET_FIELD } from './secret-field';

export interface PasswordFieldProps {
  label: string;
  testid: string;
  value: string;
  onInput: (value: string) => void;
  invalid?: boolean;
  hint?: ComponentChildren;
  /** `password` (default): masked, a PIN or passphrase; `text`: shown, e.g. a confirmation word. */
  type?: 'password' | 'text';
}

/**
 * A labelled secret field (a PIN or a passphrase), with an optional hint tied to it for screen
 * readers. Masked, and never a browser password field (./secret-field.ts).
 */
export function PasswordField({ label, testid, value, onInput, invalid = false, hint, type = 'password' }: PasswordFieldProps) {
  const id = useId();
  return (
    <>
      <label class="field-label" for={id}>
        {label}
      </label>
      <input
        id={id}
        class="text-field"
        {...(type === 'password' ? SECRET_FIELD : { type: 'text', autocomplete: 'off', spellcheck: false })}
        data-testid={testid}
        aria-invalid={invalid}
        aria-describedby={hint === undefined ? undefined : `${id}-hint`}
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      {hint !== undefined && (
        <p id={`${id}-hint`} class="field-hint">
          {hint}
        </p>
      )}
    </>
  );
}
