/**
 * What the background returns to the page hook, all bytes as base64url.
 * The hook turns these into objects shaped like the browser's own PublicKeyCredential.
 */
export interface RegistrationResult {
  kind: 'create';
  id: string;
  clientDataJSON: string;
  attestationObject: string;
  authenticatorData: string;
  /** SubjectPublicKeyInfo DER */
  publicKey: string;
  publicKeyAlgorithm: number;
  transports: string[];
  authenticatorAttachment: 'platform' | 'cross-platform';
  clientExtensionResults: Record<string, unknown>;
}

export interface AssertionResult {
  kind: 'get';
  id: string;
  clientDataJSON: string;
  authenticatorData: string;
  signature: string;
  userHandle: string | null;
  authenticatorAttachment: 'platform' | 'cross-platform';
  clientExtensionResults: Record<string, unknown>;
}

export type CeremonyResult = RegistrationResult | AssertionResult;
