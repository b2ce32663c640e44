/**
 * What PublicKeyCredential.getClientCapabilities() reports: Passkeep's own capabilities, true to
 * the ceremony Passkeep runs (not merged with the browser's: a page that sees `hybridTransport`
 * would expect a phone option that Passkeep's prompt does not offer; the person can still hand
 * a request to the browser's own authenticator from the prompt).
 * https://w3c.github.io/webauthn/#sctn-getClientCapabilities and #enumdef-clientcapability
 */

/**
 * Client extensions Passkeep processes (src/core/extension-inputs.ts), reported as
 * `extension:<identifier>`.
 */
export const SUPPORTED_EXTENSIONS: readonly string[] = ['credProps', 'largeBlob', 'prf'];

export function clientCapabilities(extensions: readonly string[] = SUPPORTED_EXTENSIONS): Record<string, boolean> {
  const caps: Record<string, boolean> = {
    // no autofill UI of our own (isConditionalMediationAvailable() is false too)
    conditionalCreate: false,
    conditionalGet: false,
    // no phone-as-authenticator (caBLE) in Passkeep's prompt
    hybridTransport: false,
    // a passkey platform authenticator that verifies the user with its PIN
    passkeyPlatformAuthenticator: true,
    userVerifyingPlatformAuthenticator: true,
    // related origin requests: the RP ID's .well-known/webauthn is fetched by the background
    // (src/background/related-origin-check.ts)
    relatedOrigins: true,
    signalAllAcceptedCredentials: true,
    signalCurrentUserDetails: true,
    signalUnknownCredential: true,
  };
  for (const id of extensions) caps[`extension:${id}`] = true;
  // The spec's record is ordered by key.
  return Object.fromEntries(Object.entries(caps).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
