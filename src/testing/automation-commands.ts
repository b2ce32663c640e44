/**
 * The WebDriver WebAuthn extension's commands (https://w3c.github.io/webauthn/#sctn-automation),
 * applied to the testing build's virtual authenticators. Parameter names and defaults are the
 * spec's; errors carry its WebDriver error codes (`invalid argument`, `unsupported operation`).
 * No chrome.*, no DOM: the background runs these under its state lock (./virtual-store.ts).
 */
import { fromBase64url, toBase64url } from '../core/base64url.js';
import { keyFromPkcs8 } from './credential-key.js';
import {
  AutomationError,
  findAuthenticator,
  PROTOCOLS,
  TRANSPORTS,
  type AuthenticatorConfiguration,
  type VirtualCredential,
  type VirtualState,
} from './virtual-authenticator.js';

export const AUTOMATION_COMMANDS = [
  'addVirtualAuthenticator',
  'removeVirtualAuthenticator',
  'addCredential',
  'getCredentials',
  'removeCredential',
  'removeAllCredentials',
  'setUserVerified',
  'setCredentialProperties',
] as const;
export type AutomationCommand = (typeof AUTOMATION_COMMANDS)[number];

type Params = Record<string, unknown>;

/** https://w3c.github.io/webauthn/#credential-id: at most 1023 bytes. */
const MAX_CREDENTIAL_ID_BYTES = 1023;
/** https://w3c.github.io/webauthn/#user-handle: at most 64 bytes. */
const MAX_USER_HANDLE_BYTES = 64;
/** An RSA-4096 PKCS#8 is about 2.4 KB; anything far larger is not a key. */
const MAX_PRIVATE_KEY_BYTES = 8192;
/** Enough for any test suite; keeps storage.session bounded. */
const MAX_AUTHENTICATORS = 32;
const MAX_CREDENTIALS = 1024;
const MAX_NAME_CHARS = 256;

function invalid(message: string): never {
  throw new AutomationError('invalid argument', message);
}

function bool(params: Params, name: string, fallback?: boolean): boolean {
  const value = params[name];
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'boolean') invalid(`${name}: expected a boolean`);
  return value;
}

function oneOf<T extends string>(params: Params, name: string, values: readonly T[]): T {
  const value = params[name];
  if (typeof value !== 'string' || !values.includes(value as T)) invalid(`${name}: expected one of ${values.join(', ')}`);
  return value as T;
}

function bytes(params: Params, name: string, max: number): Uint8Array {
  const value = params[name];
  if (typeof value !== 'string') invalid(`${name}: expected a base64url string`);
  let decoded: Uint8Array;
  try {
    decoded = fromBase64url(value);
  } catch {
    invalid(`${name}: not base64url (RFC 4648 §5, no padding)`);
  }
  if (decoded.length === 0 || decoded.length > max) invalid(`${name}: expected 1 to ${max} bytes, got ${decoded.length}`);
  return decoded;
}

function text(params: Params, name: string, fallback?: string): string {
  const value = params[name] ?? fallback;
  if (typeof value !== 'string' || value.length > MAX_NAME_CHARS) invalid(`${name}: expected a string of at most ${MAX_NAME_CHARS} characters`);
  return value;
}

/** https://w3c.github.io/webauthn/#sctn-automation-add-virtual-authenticator */
function addVirtualAuthenticator(state: VirtualState, params: Params): string {
  const extensions = params.extensions;
  if (extensions !== undefined && !(Array.isArray(extensions) && extensions.length === 0)) {
    throw new AutomationError('unsupported operation', 'extensions: Passkeep Testing supports no authenticator extensions (credProps is answered by the client)');
  }
  const configuration: AuthenticatorConfiguration = {
    protocol: oneOf(params, 'protocol', PROTOCOLS),
    transport: oneOf(params, 'transport', TRANSPORTS),
    hasResidentKey: bool(params, 'hasResidentKey', false),
    hasUserVerification: bool(params, 'hasUserVerification', false),
    isUserConsenting: bool(params, 'isUserConsenting', true),
    isUserVerified: bool(params, 'isUserVerified', false),
    defaultBackupEligibility: bool(params, 'defaultBackupEligibility', false),
    defaultBackupState: bool(params, 'defaultBackupState', false),
  };
  if (configuration.defaultBackupState && !configuration.defaultBackupEligibility) invalid('defaultBackupState: BS requires BE');
  if (state.authenticators.length >= MAX_AUTHENTICATORS) invalid(`at most ${MAX_AUTHENTICATORS} virtual authenticators`);
  const authenticatorId = `passkeep-virtual-${state.nextId++}`;
  state.authenticators.push({ authenticatorId, configuration, credentials: [] });
  return authenticatorId;
}

/** https://w3c.github.io/webauthn/#sctn-automation-add-credential */
async function addCredential(state: VirtualState, params: Params): Promise<null> {
  const authenticator = findAuthenticator(state, params.authenticatorId);
  const { configuration } = authenticator;
  const credentialId = bytes(params, 'credentialId', MAX_CREDENTIAL_ID_BYTES);
  const isResidentCredential = bool(params, 'isResidentCredential');
  const rpId = params.rpId;
  if (typeof rpId !== 'string' || rpId.length === 0 || rpId.length > 253) invalid('rpId: expected a domain');
  const privateKey = bytes(params, 'privateKey', MAX_PRIVATE_KEY_BYTES);
  try {
    await keyFromPkcs8(privateKey);
  } catch (error) {
    invalid(`privateKey: ${(error as Error).message}`);
  }
  const userHandle = params.userHandle === undefined || params.userHandle === null ? null : bytes(params, 'userHandle', MAX_USER_HANDLE_BYTES);
  const signCount = params.signCount;
  if (typeof signCount !== 'number' || !Number.isInteger(signCount) || signCount < 0 || signCount > 0xffffffff) {
    invalid('signCount: expected an unsigned 32-bit integer');
  }
  if (params.largeBlob !== undefined) throw new AutomationError('unsupported operation', 'largeBlob: not supported by Passkeep Testing');
  if (isResidentCredential && (!configuration.hasResidentKey || configuration.protocol === 'ctap1/u2f')) {
    invalid('isResidentCredential: this authenticator has no resident key support');
  }
  if (isResidentCredential && userHandle === null) invalid('userHandle: required for a resident credential');
  const backupEligibility = bool(params, 'backupEligibility', configuration.defaultBackupEligibility);
  const backupState = bool(params, 'backupState', configuration.defaultBackupState);
  if (backupState && !backupEligibility) invalid('backupState: BS requires BE');
  const credential: VirtualCredential = {
    credentialId: toBase64url(credentialId),
    isResidentCredential,
    rpId: rpId.toLowerCase(),
    privateKey: toBase64url(privateKey),
    userHandle: userHandle && toBase64url(userHandle),
    signCount,
    backupEligibility,
    backupState,
    userName: text(params, 'userName', ''),
    userDisplayName: text(params, 'userDisplayName', ''),
  };
  storeCredential(state, authenticator.authenticatorId, credential);
  return null;
}

/**
 * Puts a credential in an authenticator: one with the same id is replaced, and so is a resident
 * one of the same RP ID and user handle (the spec's credentials map:
 * https://w3c.github.io/webauthn/#credentials-map).
 */
export function storeCredential(state: VirtualState, authenticatorId: string, credential: VirtualCredential): void {
  const authenticator = findAuthenticator(state, authenticatorId);
  const replaced = (c: VirtualCredential) =>
    c.credentialId === credential.credentialId ||
    (credential.isResidentCredential && c.isResidentCredential && c.rpId === credential.rpId && c.userHandle === credential.userHandle);
  const kept = authenticator.credentials.filter((c) => !replaced(c));
  if (state.authenticators.reduce((n, a) => n + a.credentials.length, 0) - (authenticator.credentials.length - kept.length) >= MAX_CREDENTIALS) {
    invalid(`at most ${MAX_CREDENTIALS} virtual credentials`);
  }
  authenticator.credentials = [...kept, credential];
}

function findCredential(state: VirtualState, params: Params): { list: VirtualCredential[]; index: number } {
  const list = findAuthenticator(state, params.authenticatorId).credentials;
  const id = params.credentialId;
  const index = list.findIndex((c) => c.credentialId === id);
  if (index < 0) invalid(`credentialId: no credential ${JSON.stringify(id)} in this authenticator`);
  return { list, index };
}

/** Runs one command on `state` (changing it in place) and returns the command's result. */
export async function runAutomationCommand(state: VirtualState, command: unknown, raw: unknown): Promise<unknown> {
  if (!AUTOMATION_COMMANDS.includes(command as AutomationCommand)) {
    throw new AutomationError('unknown command', `unknown command ${JSON.stringify(command)} (known: ${AUTOMATION_COMMANDS.join(', ')})`);
  }
  const params = (raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Params;
  switch (command as AutomationCommand) {
    case 'addVirtualAuthenticator':
      return addVirtualAuthenticator(state, params);
    // https://w3c.github.io/webauthn/#sctn-automation-remove-virtual-authenticator
    case 'removeVirtualAuthenticator': {
      const authenticator = findAuthenticator(state, params.authenticatorId);
      state.authenticators = state.authenticators.filter((a) => a !== authenticator);
      return null;
    }
    case 'addCredential':
      return addCredential(state, params);
    // https://w3c.github.io/webauthn/#sctn-automation-get-credentials
    case 'getCredentials':
      return findAuthenticator(state, params.authenticatorId).credentials.map((c) => ({ ...c }));
    // https://w3c.github.io/webauthn/#sctn-automation-remove-credential
    case 'removeCredential': {
      const { list, index } = findCredential(state, params);
      list.splice(index, 1);
      return null;
    }
    // https://w3c.github.io/webauthn/#sctn-automation-remove-all-credentials
    case 'removeAllCredentials':
      findAuthenticator(state, params.authenticatorId).credentials = [];
      return null;
    // https://w3c.github.io/webauthn/#sctn-automation-set-user-verified
    case 'setUserVerified':
      findAuthenticator(state, params.authenticatorId).configuration.isUserVerified = bool(params, 'isUserVerified');
      return null;
    // https://w3c.github.io/webauthn/#sctn-automation-set-credential-properties
    case 'setCredentialProperties': {
      const { list, index } = findCredential(state, params);
      const credential = list[index]!;
      const backupEligibility = bool(params, 'backupEligibility', credential.backupEligibility);
      const backupState = bool(params, 'backupState', credential.backupState);
      if (backupState && !backupEligibility) invalid('backupState: BS requires BE');
      list[index] = { ...credential, backupEligibility, backupState };
      return null;
    }
  }
}
