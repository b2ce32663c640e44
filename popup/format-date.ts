import { strings } from './strings';

const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** A day in the person's own locale; `null` (a passkey never used) reads "never". */
export function formatDate(epochMs: number | null): string {
  if (epochMs === null || !Number.isFinite(epochMs)) return strings.never;
  return format.format(new Date(epochMs));
}
