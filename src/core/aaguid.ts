/**
 * Passkeep's AAGUID, fixed so that relying parties can name the authenticator.
 * https://w3c.github.io/webauthn/#aaguid
 */
export const PASSKEEP_AAGUID_STRING = '65678ece-e948-4e5b-b6ac-293a1fbd5976';

export const PASSKEEP_AAGUID = Uint8Array.from(
  PASSKEEP_AAGUID_STRING.replaceAll('-', '').match(/../g)!.map((h) => parseInt(h, 16)),
);
