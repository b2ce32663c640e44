/**
 * What the background returns to the page hook, all bytes as base64url.
 * The hook turns these into objects shaped like the browser's own PublicKeyCredential.
 *
 * `clientExtensionResults` is JSON too; where the spec's output is an ArrayBuffer (prf
 * results.first/second, largeBlob.blob) the value is tagged exactly like wire bytes,
 * `{ "\u0000bytes": base64url }` (BYTES_TAG in wire-value.ts). The page hook must turn each tagged
 * value into a fresh ArrayBuffer in getClientExtensionResults() and into the bare base64url
 * string in toJSON() (https://w3c.github.io/webauthn/#dom-publickeycredential-tojson).
 */
import type { WireObject } from './wire-value.js';

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
  clientExtensionResults: WireObject;
}

export interface AssertionResult {
  kind: 'get';
  id: string;
  clientDataJSON: string;
  authenticatorData: string;
  signature: string;
  userHandle: string | null;
  authenticatorAttachment: 'platform' | 'cross-platform';
  clientExtensionResults: WireObject;
}

export type CeremonyResult = RegistrationResult | AssertionResult;
