/**
 * Every piece of text the popup shows, in one place so that i18n can replace this module later
 * (with `browser.i18n.getMessage` and `_locales/`) without touching the components.
 */

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/** "45 seconds", "2 minutes", "1 minute 30 seconds": how long to wait before the next PIN try. */
function formatWait(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return plural(s, 'second', 'seconds');
  const minutes = Math.floor(s / 60);
  const rest = s % 60;
  const m = plural(minutes, 'minute', 'minutes');
  return rest === 0 ? m : `${m} ${plural(rest, 'second', 'seconds')}`;
}

export const strings = {
  appName: 'Passkeep',
  loading: 'Loading…',
  tryAgain: 'Try again',
  unexpectedError: (message: string) => `Something went wrong: ${message}`,

  // First run
  setPinTitle: 'Choose a PIN',
  setPinIntro: 'Your PIN unlocks your passkeys. Passkeep asks for it before a site can use one.',
  newPinLabel: 'PIN',
  confirmPinLabel: 'Confirm PIN',
  pinHint: '4 to 63 bytes: plain letters, digits and spaces take one byte each, accented letters and emoji more.',
  pinOfflineNote:
    'Anyone with a copy of your browser profile can try PINs offline; a longer passphrase protects better.',
  setPinButton: 'Set PIN',
  pinTooShort: 'The PIN is too short: use at least 4 bytes.',
  pinTooLong: 'The PIN is too long: use at most 63 bytes (some characters take more than one).',
  pinMismatch: 'The two PINs do not match.',

  // Locked
  unlockTitle: 'Unlock Passkeep',
  pinLabel: 'PIN',
  unlockButton: 'Unlock',
  wrongPin: 'Wrong PIN.',
  pinRequired: 'Enter your PIN.',
  waitBeforeRetry: (seconds: number) => `Too many attempts. Wait ${formatWait(seconds)} before trying again.`,

  // Unlocked
  lockButton: 'Lock',
  searchLabel: 'Search passkeys',
  searchPlaceholder: 'Search sites and accounts',
  listLabel: 'Passkeys',
  empty: 'No passkeys yet. When a site offers to create a passkey, Passkeep will ask you.',
  noMatches: (query: string) => `No passkeys match “${query}”.`,
  count: (shown: number, total: number) =>
    shown === total ? plural(total, 'passkey', 'passkeys') : `${shown.toLocaleString('en')} of ${plural(total, 'passkey', 'passkeys')}`,
  thisSite: 'This site',
  created: (date: string) => `Created ${date}`,
  lastUsed: (date: string) => `Last used ${date}`,
  never: 'never',
  algorithm: (name: string) => `Algorithm: ${name}`,
  deleteButton: (userName: string, site: string) => `Delete passkey for ${userName} on ${site}`,

  // Delete confirmation
  deleteTitle: 'Delete this passkey?',
  deleteAccount: (userName: string, site: string) => `${userName} on ${site}`,
  deleteExplanation: (site: string) =>
    `The site will no longer accept this passkey. Remove it from your account settings on ${site} too.`,
  confirmDelete: 'Delete',
  cancel: 'Cancel',
  deleted: (userName: string, site: string) => `Deleted the passkey for ${userName} on ${site}.`,
} as const;
