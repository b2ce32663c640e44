/**
 * Reads authenticator data back into its parts, for the ceremony inspector:
 * https://w3c.github.io/webauthn/#sctn-authenticator-data
 *
 *   rpIdHash (32) | flags (1) | signCount (4, big-endian) | attestedCredentialData? | extensions?
 *
 * Strict like the rest of the core: the AT and ED flags must match what follows, the COSE key
 * and the extensions map must be canonical CBOR, and nothing may trail.
 */
import { FLAG_AT, FLAG_BE, FLAG_BS, FLAG_ED, FLAG_UP, FLAG_UV } from './authenticator-data.js';
import { decodeCbor, decodeCborPrefix, type CborValue } from './cbor.js';

/** Each flag bit by the spec's name (https://w3c.github.io/webauthn/#authdata-flags). */
export interface AuthenticatorDataFlags {
  /** bit 0, User Present */
  UP: boolean;
  /** bit 1, reserved for future use */
  RFU1: boolean;
  /** bit 2, User Verified */
  UV: boolean;
  /** bit 3, Backup Eligibility */
  BE: boolean;
  /** bit 4, Backup State */
  BS: boolean;
  /** bit 5, reserved for future use */
  RFU2: boolean;
  /** bit 6, Attested credential data included */
  AT: boolean;
  /** bit 7, Extension data included */
  ED: boolean;
}

export interface ParsedAuthenticatorData {
  rpIdHash: Uint8Array;
  /** the flags byte as it is */
  flagsByte: number;
  flags: AuthenticatorDataFlags;
  signCount: number;
  attestedCredentialData?: {
    aaguid: Uint8Array;
    credentialId: Uint8Array;
    /** the COSE_Key bytes as they appear */
    credentialPublicKey: Uint8Array;
  };
  /** the extension outputs map, decoded */
  extensions?: CborValue;
}

export function parseAuthenticatorData(bytes: Uint8Array): ParsedAuthenticatorData {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('authenticator data must be bytes');
  // https://w3c.github.io/webauthn/#sctn-authenticator-data: 37 bytes at least.
  if (bytes.length < 37) throw new RangeError(`authenticator data is ${bytes.length} bytes, shorter than 37`);
  const flagsByte = bytes[32]!;
  const flags: AuthenticatorDataFlags = {
    UP: (flagsByte & FLAG_UP) !== 0,
    RFU1: (flagsByte & 0x02) !== 0,
    UV: (flagsByte & FLAG_UV) !== 0,
    BE: (flagsByte & FLAG_BE) !== 0,
    BS: (flagsByte & FLAG_BS) !== 0,
    RFU2: (flagsByte & 0x20) !== 0,
    AT: (flagsByte & FLAG_AT) !== 0,
    ED: (flagsByte & FLAG_ED) !== 0,
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: ParsedAuthenticatorData = { rpIdHash: bytes.slice(0, 32), flagsByte, flags, signCount: view.getUint32(33, false) };
  let offset = 37;
  if (flags.AT) {
    // https://w3c.github.io/webauthn/#sctn-attested-credential-data: aaguid (16),
    // credentialIdLength (2, big-endian, at most 1023), credentialId, credentialPublicKey.
    if (bytes.length < offset + 18) throw new RangeError('authenticator data: attested credential data truncated');
    const aaguid = bytes.slice(offset, offset + 16);
    const idLength = view.getUint16(offset + 16, false);
    if (idLength > 1023) throw new RangeError(`authenticator data: credential id length ${idLength} is over 1023`);
    offset += 18;
    if (bytes.length < offset + idLength) throw new RangeError('authenticator data: credential id truncated');
    const credentialId = bytes.slice(offset, offset + idLength);
    offset += idLength;
    const key = decodeCborPrefix(bytes.subarray(offset));
    if (!(key.value instanceof Map)) throw new TypeError('authenticator data: the credential public key is not a CBOR map');
    out.attestedCredentialData = { aaguid, credentialId, credentialPublicKey: bytes.slice(offset, offset + key.length) };
    offset += key.length;
  }
  if (flags.ED) {
    if (offset >= bytes.length) throw new RangeError('authenticator data: ED is set but no extensions follow');
    const extensions = decodeCbor(bytes.subarray(offset));
    if (!(extensions instanceof Map)) throw new TypeError('authenticator data: extensions are not a CBOR map');
    out.extensions = extensions;
    offset = bytes.length;
  }
  if (offset !== bytes.length) throw new TypeError(`authenticator data: ${bytes.length - offset} trailing bytes`);
  return out;
}
