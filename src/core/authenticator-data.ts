/**
 * Authenticator data: https://w3c.github.io/webauthn/#sctn-authenticator-data
 *
 *   rpIdHash (32) | flags (1) | signCount (4, big-endian) | attestedCredentialData? | extensions?
 */
import { concatBytes, uint32BE } from './bytes.js';

/** https://w3c.github.io/webauthn/#authdata-flags */
export const FLAG_UP = 0x01;
export const FLAG_UV = 0x04;
export const FLAG_BE = 0x08;
export const FLAG_BS = 0x10;
export const FLAG_AT = 0x40;
export const FLAG_ED = 0x80;

export interface AuthenticatorDataFields {
  rpIdHash: Uint8Array;
  userPresent: boolean;
  userVerified: boolean;
  backupEligible: boolean;
  backedUp: boolean;
  signCount: number;
  attestedCredentialData?: {
    aaguid: Uint8Array;
    credentialId: Uint8Array;
    /** COSE_Key bytes */
    credentialPublicKey: Uint8Array;
  };
  /** CBOR-encoded extension outputs map */
  extensions?: Uint8Array;
}

export function encodeAuthenticatorData(fields: AuthenticatorDataFields): Uint8Array {
  if (fields.rpIdHash.length !== 32) throw new TypeError('rpIdHash must be 32 bytes');
  // https://w3c.github.io/webauthn/#sctn-credential-backup: BS may only be set when BE is.
  if (fields.backedUp && !fields.backupEligible) throw new TypeError('BS requires BE');
  let flags = 0;
  if (fields.userPresent) flags |= FLAG_UP;
  if (fields.userVerified) flags |= FLAG_UV;
  if (fields.backupEligible) flags |= FLAG_BE;
  if (fields.backedUp) flags |= FLAG_BS;
  const parts = [fields.rpIdHash, Uint8Array.of(0), uint32BE(fields.signCount)];
  const acd = fields.attestedCredentialData;
  if (acd) {
    flags |= FLAG_AT;
    if (acd.aaguid.length !== 16) throw new TypeError('AAGUID must be 16 bytes');
    if (acd.credentialId.length > 1023) throw new TypeError('credential id longer than 1023 bytes');
    // https://w3c.github.io/webauthn/#sctn-attested-credential-data
    const idLength = Uint8Array.of(acd.credentialId.length >> 8, acd.credentialId.length & 0xff);
    parts.push(acd.aaguid, idLength, acd.credentialId, acd.credentialPublicKey);
  }
  if (fields.extensions) {
    flags |= FLAG_ED;
    parts.push(fields.extensions);
  }
  parts[1] = Uint8Array.of(flags);
  return concatBytes(...parts);
}
