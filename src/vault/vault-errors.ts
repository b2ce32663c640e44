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

/** A PIN check failed (wrong PIN, a wait is in force, or only an enrolled authenticator can unlock). */
export class VaultPinError extends Error {
  override readonly name = 'VaultPinError';
  constructor(
    readonly reason: 'wrong-pin' | 'wait' | 'needs-authenticator',
    readonly retryAfterSeconds: number,
  ) {
    super(pinFailureText(reason, retryAfterSeconds));
  }
}

/** The sentence the popup and the prompt show for a failed PIN check. */
export function pinFailureText(reason: 'wrong-pin' | 'wait' | 'needs-authenticator', retryAfterSeconds: number): string {
  const text =
    reason === 'needs-authenticator'
      ? 'Use your enrolled security key or passkey together with the PIN.'
      : reason === 'wait'
        ? 'Too many wrong PINs.'
        : 'Wrong PIN.';
  return text + (retryAfterSeconds > 0 ? ` Try again in ${retryAfterSeconds} s.` : '');
}

export function isQuotaError(error: unknown): boolean {
  return (error instanceof DOMException || error instanceof Error) && error.name === 'QuotaExceededError';
}
