/**
 * The client extension inputs Passkeep implements, from the page's `extensions` dictionary:
 * Web IDL conversion first (wrong types are TypeErrors, as the browser's bindings throw), then the
 * spec's client extension processing checks (NotSupportedError, SyntaxError).
 * https://w3c.github.io/webauthn/#sctn-extensions
 *
 * Extensions not listed here (appid, uvm, credentialProtectionPolicy, and anything unknown) are
 * ignored, as https://w3c.github.io/webauthn/#sctn-extension-id asks of clients.
 */
import { toBase64url } from './base64url.js';
import { CeremonyError } from './errors.js';
import type { PrfValues } from './prf.js';
import { boolean, bufferSource, dictionary, domString, requiredBufferSource } from './webidl.js';
import { isWireObject, type WireObject, type WireValue } from './wire-value.js';

export interface CreationExtensions {
  /** https://w3c.github.io/webauthn/#sctn-authenticator-credential-properties-extension */
  credProps: boolean;
  /** present when the page passed `prf` */
  prf?: { eval?: PrfValues; evalByCredential?: Map<string, PrfValues> };
  /** present when the page passed `largeBlob` */
  largeBlob?: { support?: string; read?: boolean; write?: Uint8Array };
}

export interface RequestExtensions {
  prf?: { eval?: PrfValues; evalByCredential?: Map<string, PrfValues> };
  largeBlob?: { support?: string; read?: boolean; write?: Uint8Array };
}

/** AuthenticationExtensionsPRFValues: https://w3c.github.io/webauthn/#dictdef-authenticationextensionsprfvalues */
function prfValues(value: WireValue | undefined, path: string): PrfValues | undefined {
  if (value === undefined) return undefined;
  const dict = dictionary(value, path);
  const first = requiredBufferSource(dict.first, `${path}.first`);
  const second = bufferSource(dict.second, `${path}.second`);
  return second === undefined ? { first } : { first, second };
}

/** AuthenticationExtensionsPRFInputs: https://w3c.github.io/webauthn/#dictdef-authenticationextensionsprfinputs */
function prfInputs(value: WireValue | undefined): CreationExtensions['prf'] {
  if (value === undefined) return undefined;
  const dict = dictionary(value, 'extensions.prf');
  const out: NonNullable<CreationExtensions['prf']> = {};
  const evalValues = prfValues(dict.eval, 'extensions.prf.eval');
  if (evalValues) out.eval = evalValues;
  const byCredential = dict.evalByCredential;
  if (byCredential !== undefined) {
    // Web IDL record<DOMString, AuthenticationExtensionsPRFValues>: https://webidl.spec.whatwg.org/#js-record
    if (byCredential !== null && !isWireObject(byCredential)) {
      throw new CeremonyError('TypeError', 'extensions.prf.evalByCredential: expected a record.');
    }
    const map = new Map<string, PrfValues>();
    for (const [key, item] of Object.entries(byCredential ?? {})) {
      map.set(key, prfValues(item, `extensions.prf.evalByCredential[${JSON.stringify(key)}]`) ?? throwRequired(key));
    }
    out.evalByCredential = map;
  }
  return out;
}

function throwRequired(key: string): never {
  throw new CeremonyError('TypeError', `extensions.prf.evalByCredential[${JSON.stringify(key)}] must be a dictionary.`);
}

/** AuthenticationExtensionsLargeBlobInputs: https://w3c.github.io/webauthn/#dictdef-authenticationextensionslargeblobinputs */
function largeBlobInputs(value: WireValue | undefined): CreationExtensions['largeBlob'] {
  if (value === undefined) return undefined;
  const dict = dictionary(value, 'extensions.largeBlob');
  const out: NonNullable<CreationExtensions['largeBlob']> = {};
  if (dict.read !== undefined) out.read = boolean(dict.read, false);
  const support = domString(dict.support, 'extensions.largeBlob.support');
  if (support !== undefined) out.support = support;
  const write = bufferSource(dict.write, 'extensions.largeBlob.write');
  if (write !== undefined) out.write = write;
  return out;
}

/** Web IDL conversion of the members Passkeep reads; `extensions` is already a dictionary. */
function convert(extensions: WireObject): RequestExtensions & { credProps: boolean } {
  // Dictionary members convert in lexicographic order: credProps, largeBlob, prf.
  const credProps = boolean(extensions.credProps, false);
  const largeBlob = largeBlobInputs(extensions.largeBlob);
  const prf = prfInputs(extensions.prf);
  return { credProps, ...(largeBlob ? { largeBlob } : {}), ...(prf ? { prf } : {}) };
}

export function toCreationExtensions(extensions: WireObject): CreationExtensions {
  return convert(extensions);
}

export function toRequestExtensions(extensions: WireObject): RequestExtensions {
  const { prf, largeBlob } = convert(extensions);
  return { ...(prf ? { prf } : {}), ...(largeBlob ? { largeBlob } : {}) };
}

/** Client extension processing at registration: the checks that reject the call. */
export function checkCreationExtensions(ext: CreationExtensions): void {
  // https://w3c.github.io/webauthn/#prf-extension, registration step 1.
  if (ext.prf?.evalByCredential !== undefined) {
    throw new CeremonyError('NotSupportedError', 'prf.evalByCredential cannot be used when creating a credential.');
  }
  // https://w3c.github.io/webauthn/#sctn-large-blob-extension, registration step 1.
  if (ext.largeBlob && (ext.largeBlob.read !== undefined || ext.largeBlob.write !== undefined)) {
    throw new CeremonyError('NotSupportedError', 'largeBlob.read and largeBlob.write are for get(), not create().');
  }
}

/** Client extension processing at authentication: the checks that reject the call. */
export function checkRequestExtensions(ext: RequestExtensions, allowCredentialIds: Uint8Array[]): void {
  const byCredential = ext.prf?.evalByCredential;
  if (byCredential && byCredential.size > 0) {
    // https://w3c.github.io/webauthn/#prf-extension, authentication step 1.
    if (allowCredentialIds.length === 0) {
      throw new CeremonyError('NotSupportedError', 'prf.evalByCredential needs allowCredentials.');
    }
    // Step 2: every key names an allowed credential in base64url. The strict decoder accepts
    // exactly one spelling per byte string, the one toBase64url writes, so comparing spellings
    // through a Set is the same test as decoding each key and comparing bytes, in linear time
    // (a scan of the list per key was quadratic: SECURITY.md case 24).
    const allowed = new Set(allowCredentialIds.map(toBase64url));
    for (const key of byCredential.keys()) {
      if (key === '' || !allowed.has(key)) {
        throw new CeremonyError('SyntaxError', `prf.evalByCredential key ${JSON.stringify(key.slice(0, 64))} is not an allowed credential id.`);
      }
    }
  }
  const largeBlob = ext.largeBlob;
  if (largeBlob) {
    // https://w3c.github.io/webauthn/#sctn-large-blob-extension, authentication steps 1–2 and 4.
    if (largeBlob.support !== undefined) {
      throw new CeremonyError('NotSupportedError', 'largeBlob.support is for create(), not get().');
    }
    if (largeBlob.read !== undefined && largeBlob.write !== undefined) {
      throw new CeremonyError('NotSupportedError', 'largeBlob.read and largeBlob.write cannot both be given.');
    }
    if (largeBlob.write !== undefined && allowCredentialIds.length !== 1) {
      throw new CeremonyError('NotSupportedError', 'largeBlob.write needs exactly one entry in allowCredentials.');
    }
  }
}
