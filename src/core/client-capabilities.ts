/**
 * What PublicKeyCredential.getClientCapabilities() reports: every capability the spec and
 * Chrome define, each true to what the person can use with Passkeep installed. A request
 * Passkeep answers gets Passkeep's ceremony; a request Passkeep steps aside for
 * (./step-aside.ts) gets the browser's own. So a capability that only the browser's side can
 * serve is the browser's own answer (`browserOwn`, the native getClientCapabilities() record,
 * read in the page), and one Passkeep serves is Passkeep's.
 * https://w3c.github.io/webauthn/#sctn-getClientCapabilities and #enumdef-clientcapability;
 * `immediateGet`: https://developer.chrome.com/docs/identity/immediate-ui-mode
 */
import type { WireValue } from './wire-value.js';

/**
 * Client extensions Passkeep processes (src/core/extension-inputs.ts), reported as
 * `extension:<identifier>`.
 */
export const SUPPORTED_EXTENSIONS: readonly string[] = ['credProps', 'largeBlob', 'prf'];

/** The browser's own record, as the page read it: only boolean members count. */
export type BrowserCapabilities = Readonly<Record<string, boolean>>;

export function toBrowserCapabilities(insecure: WireValue | undefined): BrowserCapabilities {
  if (!insecure || typeof insecure !== 'object' || Array.isArray(insecure)) return {};
  return Object.fromEntries(Object.entries(insecure).filter(([, v]) => typeof v === 'boolean')) as Record<string, boolean>;
}

export function clientCapabilities(extensions: readonly string[] = SUPPORTED_EXTENSIONS, browserOwn: BrowserCapabilities = {}): Record<string, boolean> {
  const caps: Record<string, boolean> = {
    // Conditional create (automatic passkey upgrades) needs a password just used in the
    // browser's password manager; Passkeep holds none and steps aside: the browser's answer.
    conditionalCreate: browserOwn.conditionalCreate === true,
    // passkey autofill: Passkeep's list at the site's webauthn fields (src/background/autofill.ts),
    // beside the browser's own; isConditionalMediationAvailable() says the same
    conditionalGet: true,
    // A phone (hybrid): `hints: ["hybrid"]` goes to the browser, and the prompt hands any
    // request to the browser's own authenticator: the browser's answer.
    hybridTransport: browserOwn.hybridTransport === true,
    // Passkeep answers immediate mediation itself (./step-aside.ts).
    immediateGet: true,
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
  // Extensions Passkeep does not process are the browser's: the authenticators that use them
  // (appid for U2F security keys, for example) are those Passkeep steps aside for.
  for (const [key, value] of Object.entries(browserOwn)) if (key.startsWith('extension:')) caps[key] = value;
  for (const id of extensions) caps[`extension:${id}`] = true;
  // The spec's record is ordered by key.
  return Object.fromEntries(Object.entries(caps).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
