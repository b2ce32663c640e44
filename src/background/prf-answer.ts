/**
 * An enrolled authenticator's answer as an extension page sends it (base64url), checked and
 * decoded before the vault sees it. Only pages of the extension's own origin reach this (the
 * popup's and the prompt's messages pass ./extension-pages.ts#isExtensionPage first): a web page
 * cannot ask Passkeep's authenticator credentials at all, their RP ID being the extension's.
 */
import { CeremonyError } from '../core/errors.js';
import { wireBytes } from './wire-bytes.js';
import { MAX_CREDENTIAL_ID_BYTES, MAX_LABEL_CHARS, PRF_OUTPUT_BYTES, PRF_SALT_BYTES, type PrfAnswer } from '../vault/unlock-keys.js';

/** undefined when absent; throws TypeError when present and malformed. */
export function prfAnswerFrom(wire: unknown): PrfAnswer | undefined {
  if (wire === undefined || wire === null) return undefined;
  if (typeof wire !== 'object') throw new CeremonyError('TypeError', 'Malformed authenticator answer.');
  const { credentialId, prf } = wire as Record<string, unknown>;
  return {
    credentialId: wireBytes(credentialId, 'credential id', 1, MAX_CREDENTIAL_ID_BYTES),
    prf: wireBytes(prf, 'PRF output', PRF_OUTPUT_BYTES, PRF_OUTPUT_BYTES),
  };
}

export function credentialIdFrom(value: unknown): Uint8Array {
  return wireBytes(value, 'credential id', 1, MAX_CREDENTIAL_ID_BYTES);
}

export function prfSaltFrom(value: unknown): Uint8Array {
  return wireBytes(value, 'PRF salt', PRF_SALT_BYTES, PRF_SALT_BYTES);
}

/** The person's name for an authenticator: trimmed, 1 to MAX_LABEL_CHARS characters. */
export function unlockKeyLabelFrom(value: unknown): string {
  const label = typeof value === 'string' ? value.trim() : '';
  if (label.length === 0 || [...label].length > MAX_LABEL_CHARS) {
    throw new CeremonyError('ConstraintError', `Give the authenticator a name of 1 to ${MAX_LABEL_CHARS} characters.`);
  }
  return label;
}
