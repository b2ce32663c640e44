/**
 * Ceremony timeouts, clamped as https://w3c.github.io/webauthn/#sctn-timeout-recommended-range
 * allows: long enough for a person to read the prompt and type a PIN, never endless.
 */
export const DEFAULT_TIMEOUT_MS = 300_000;
export const MIN_TIMEOUT_MS = 30_000;
export const MAX_TIMEOUT_MS = 600_000;

export function clampTimeout(requested: number | undefined): number {
  if (requested === undefined) return DEFAULT_TIMEOUT_MS;
  return Math.min(MAX_TIMEOUT_MS, Math.max(MIN_TIMEOUT_MS, requested));
}
