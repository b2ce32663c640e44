/**
 * Client extension outputs (getClientExtensionResults()) for the extensions Passkeep implements.
 * Byte values are tagged exactly like wire bytes ({ "\u0000bytes": base64url }, see results.ts):
 * the page hook turns them into ArrayBuffers, or base64url strings in toJSON().
 *
 * None of these extensions has an authenticator extension output at the WebAuthn layer
 * (prf's hmac-secret and largeBlob's largeBlobKey are CTAP-internal), so authenticator data
 * never carries an extensions map and ED stays 0.
 */
import { toBase64url } from './base64url.js';
import type { CreationExtensions, RequestExtensions } from './extension-inputs.js';
import type { PasskeyRecord } from './passkey-record.js';
import { evaluatePrf, prfSecretFor, type PrfValues } from './prf.js';
import { BYTES_TAG, type WireObject } from './wire-value.js';

/** The most a largeBlob write may store per passkey; larger writes report written: false. */
export const LARGE_BLOB_MAX_BYTES = 4096;

const tagged = (bytes: Uint8Array): WireObject => ({ [BYTES_TAG]: toBase64url(bytes) });

function prfResults(values: PrfValues): WireObject {
  return values.second === undefined ? { first: tagged(values.first) } : { first: tagged(values.first), second: tagged(values.second) };
}

export function creationExtensionResults(ext: CreationExtensions, record: PasskeyRecord, userVerified: boolean): WireObject {
  const out: WireObject = {};
  // https://w3c.github.io/webauthn/#sctn-authenticator-credential-properties-extension:
  // every Passkeep credential is discoverable (client-side discoverable, "resident").
  if (ext.credProps) out.credProps = { rk: true };
  if (ext.prf) {
    // https://w3c.github.io/webauthn/#prf-extension, registration: enabled, and results when
    // eval was given (hmac-secret-mc: the secret exists from creation on).
    const secret = prfSecretFor(record, userVerified);
    const prf: WireObject = { enabled: secret !== null };
    if (secret && ext.prf.eval) prf.results = prfResults(evaluatePrf(secret, ext.prf.eval));
    out.prf = prf;
  }
  // https://w3c.github.io/webauthn/#sctn-large-blob-extension, registration: whatever `support`
  // says (required, preferred, or a value this version does not know), every credential can
  // hold a blob, kept encrypted in its vault record.
  if (ext.largeBlob) out.largeBlob = { supported: true };
  return out;
}

/** The blob a get() asks to store, when it fits; null when there is nothing to write. */
export function largeBlobToWrite(ext: RequestExtensions): Uint8Array | null {
  const write = ext.largeBlob?.write;
  return write !== undefined && write.length <= LARGE_BLOB_MAX_BYTES ? write : null;
}

/**
 * `record` is the record after this assertion's write (so a largeBlob just written is in it);
 * `written` says whether a requested largeBlob write was stored.
 */
export function assertionExtensionResults(
  ext: RequestExtensions,
  record: PasskeyRecord,
  userVerified: boolean,
  written: boolean,
): WireObject {
  const out: WireObject = {};
  if (ext.prf) {
    // https://w3c.github.io/webauthn/#prf-extension, authentication steps 3–4: evalByCredential
    // for this credential id wins over eval.
    const prf: WireObject = {};
    const ev = ext.prf.evalByCredential?.get(toBase64url(record.credentialId)) ?? ext.prf.eval;
    const secret = prfSecretFor(record, userVerified);
    if (ev && secret) prf.results = prfResults(evaluatePrf(secret, ev));
    out.prf = prf;
  }
  const largeBlob = ext.largeBlob;
  if (largeBlob) {
    if (largeBlob.read === true) {
      // Step 3: the stored blob, or no blob member when there is none.
      out.largeBlob = record.largeBlob ? { blob: tagged(record.largeBlob) } : {};
    } else if (largeBlob.write !== undefined) {
      // Step 4: written says whether the blob was stored.
      out.largeBlob = { written };
    } else {
      out.largeBlob = {};
    }
  }
  return out;
}
