const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dayAndTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A day in the person's own locale; `null` (a passkey never used) reads as `never`. */
export function formatDate(epochMs: number | null, never: string): string {
  if (epochMs === null || !Number.isFinite(epochMs)) return never;
  return day.format(new Date(epochMs));
}

/** A day and time, for the details view. */
export function formatDateTime(epochMs: number | null, never: string): string {
  if (epochMs === null || !Number.isFinite(epochMs)) return never;
  return dayAndTime.format(new Date(epochMs));
}
