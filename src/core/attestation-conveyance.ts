/**
 * Which attestation statement the relying party gets, from its `attestation` member.
 * https://w3c.github.io/webauthn/#enum-attestation-convey
 *
 * The authenticator's own statement is `packed` self attestation (it has no attestation CA:
 * a certificate shared by every Passkeep install would only add a fingerprint). The client then
 * applies https://w3c.github.io/webauthn/#sctn-createCredential's conveyance step:
 *  - "none" (the default, and what unknown values fall back to, since enums are DOMStrings that
 *    ignore unknown values: https://w3c.github.io/webauthn/#sct-domstring-backwards-compatibility):
 *    fmt "none" and an empty attStmt (our AAGUID is not zero, so the self-attestation exemption
 *    of that step does not apply). Level 3 no longer zeroes a platform authenticator's AAGUID
 *    (w3c/webauthn pull request 2058; the spec's own none.ES256 vectors carry one), so
 *    Passkeep's AAGUID stays visible and relying parties can name the authenticator.
 *  - "indirect": the client MAY replace the statement; self attestation identifies nothing
 *    beyond the AAGUID, so it is conveyed as is.
 *  - "direct", "enterprise": conveyed as is. Enterprise attestation needs an RP ID the
 *    authenticator is configured for; there is none, so the ordinary statement goes.
 */
export type AttestationFormat = 'none' | 'packed';

export function attestationFormatFor(conveyance: string): AttestationFormat {
  return conveyance === 'direct' || conveyance === 'enterprise' || conveyance === 'indirect' ? 'packed' : 'none';
}
