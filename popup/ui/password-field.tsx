import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

export interface PasswordFieldProps {
  label: string;
  testid: string;
  value: string;
  onInput: (value: string) => void;
  autocomplete: 'current-password' | 'new-password' | 'off';
  invalid?: boolean;
  hint?: ComponentChildren;
  type?: 'password' | 'text';
}

/** A labelled secret field, with an optional hint tied to it for screen readers. */
export function PasswordField({ label, testid, value, onInput, autocomplete, invalid = false, hint, type = 'password' }: PasswordFieldProps) {
  const id = useId();
  return (
    <>
      <label class="field-label" for={id}>
        {label}
      </label>
      <input
        id={id}
        class="text-field"
        type={type}
        autocomplete={autocomplete}
        spellcheck={false}
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
