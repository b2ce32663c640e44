/**
 * The vault's typed errors. Each message is written for the person reading it in the popup.
 */

/** A stored record failed to decrypt or does not match its indexes (fails closed). */
export class VaultIntegrityError extends Error {
  override readonly name = 'VaultIntegrityError';
}

export class VaultLockedError extends Error {
  override readonly name = 'VaultLockedError';
}

/** The browser refused a write for lack of space; the transaction was rolled back. */
export class VaultStorageFullError extends Error {
  override readonly name = 'VaultStorageFullError';
  constructor() {
    super('The browser has no room left for Passkeep’s data. Nothing was changed and no passkey was lost; free some disk space and try again.');
  }
}

/** An older copy of Passkeep (another window or tab) holds the database open during an upgrade. */
export class VaultUpgradeBlockedError extends Error {
  override readonly name = 'VaultUpgradeBlockedError';
  constructor() {
    super('Passkeep’s storage needs an upgrade, but another Passkeep page still has it open. Close other Passkeep windows and try again; no passkey was changed.');
  }
}

/** A PIN check failed (wrong PIN or a wait is in force). */
export class VaultPinError extends Error {
  override readonly name = 'VaultPinError';
  constructor(
    readonly reason: 'wrong-pin' | 'wait',
    readonly retryAfterSeconds: number,
  ) {
    super(
      (reason === 'wait' ? 'Too many wrong PINs.' : 'Wrong PIN.') +
        (retryAfterSeconds > 0 ? ` Try again in ${retryAfterSeconds} s.` : ''),
    );
  }
}

export function isQuotaError(error: unknown): boolean {
  return (error instanceof DOMException || error instanceof Error) && error.name === 'QuotaExceededError';
}
