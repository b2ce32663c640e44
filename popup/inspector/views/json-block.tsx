import type { Json } from '../../../src/core/json-of-wire';

/** A JSON value, indented, as text (never HTML). */
export function JsonBlock({ value, testid }: { value: Json | undefined; testid?: string }) {
  return (
    <pre class="json" data-testid={testid}>
      {JSON.stringify(value ?? null, null, 2)}
    </pre>
  );
}
