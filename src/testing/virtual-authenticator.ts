/**
 * Virtual authenticators with the WebDriver WebAuthn extension's semantics
 * (https://w3c.github.io/webauthn/#sctn-automation), held by the testing build only.
 *
 * The state is plain JSON (bytes as base64url), so that it can live in storage.session and
 * survive a restart of the background, and so that Get Credentials can return it as it is. Pure:
 * no chrome.*, no DOM.
 */

/** https://w3c.github.io/webauthn/#sctn-automation-virtual-authenticators */
export const PROTOCOLS = ['ctap1/u2f', 'ctap2', 'ctap2_1'] as const;
/** https://w3c.github.io/webauthn/#enum-transport */
export const TRANSPORTS = ['usb', 'nfc', 'ble', 'smart-card', 'hybrid', 'internal'] as const;

export type Protocol = (typeof PROTOCOLS)[number];
export type Transport = (typeof TRANSPORTS)[number];

/** https://w3c.github.io/webauthn/#sctn-automation-virtual-authenticators, "Authenticator Configuration" */
export interface AuthenticatorConfiguration {
  protocol: Protocol;
  transport: Transport;
  hasResidentKey: boolean;
  hasUserVerification: boolean;
  /** every test of user presence passes (automatic presence); false: consent is refused */
  isUserConsenting: boolean;
  /** user verification succeeds (false: it fails) */
  isUserVerified: boolean;
  /** BE and BS of the credentials it creates */
  defaultBackupEligibility: boolean;
  defaultBackupState: boolean;
}

/** https://w3c.github.io/webauthn/#credential-parameters, as Get Credentials returns them. */
export interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId: string;
  /** PKCS#8, base64url */
  privateKey: string;
  userHandle: string | null;
  signCount: number;
  backupEligibility: boolean;
  backupState: boolean;
  userName: string;
  userDisplayName: string;
}

export interface VirtualAuthenticator {
  authenticatorId: string;
  configuration: AuthenticatorConfiguration;
  /** in the order they were added or created */
  credentials: VirtualCredential[];
}

export interface VirtualState {
  authenticators: VirtualAuthenticator[];
  /** the number in the next authenticatorId */
  nextId: number;
}

export function emptyVirtualState(): VirtualState {
  return { authenticators: [], nextId: 1 };
}

export type AutomationErrorCode = 'invalid argument' | 'unknown command' | 'unsupported operation';

/** A WebDriver error, named by its error code (https://w3c.github.io/webdriver/#errors). */
export class AutomationError extends Error {
  override readonly name: AutomationErrorCode;

  constructor(code: AutomationErrorCode, message: string) {
    super(message);
    this.name = code;
  }
}

export function findAuthenticator(state: VirtualState, authenticatorId: unknown): VirtualAuthenticator {
  const found = state.authenticators.find((a) => a.authenticatorId === authenticatorId);
  if (!found) throw new AutomationError('invalid argument', `no virtual authenticator ${JSON.stringify(authenticatorId)}`);
  return found;
}

/** Whether the authenticator is an internal (platform) one: https://w3c.github.io/webauthn/#platform-attachment */
export function isPlatform(a: VirtualAuthenticator): boolean {
  return a.configuration.transport === 'internal';
}
