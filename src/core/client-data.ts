/**
 * CollectedClientData and its JSON serialization, built only in the background from the
 * browser-reported origin (never from the page's payload).
 * https://w3c.github.io/webauthn/#clientdatajson-serialization
 */
import { toBase64url } from './base64url.js';
import { utf8 } from './bytes.js';

export interface CollectedClientData {
  type: 'webauthn.create' | 'webauthn.get';
  challenge: Uint8Array;
  origin: string;
  /** true when the caller is not same-origin with all its ancestors */
  crossOrigin: boolean;
  /** the top-level origin, present only when crossOrigin is true */
  topOrigin?: string;
}

/**
 * CCDToString: https://w3c.github.io/webauthn/#ccdtostring. Like JSON.stringify, except that
 * every code point below U+0020 is written \uXXXX (lowercase hex), never \b \t \n \f \r.
 */
export function ccdToString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code === 0x22) out += '\\"';
    else if (code === 0x5c) out += '\\\\';
    else if (code < 0x20) out += '\\u' + code.toString(16).padStart(4, '0');
    else out += char;
  }
  return out + '"';
}

/**
 * The spec's limited-verification serialization: members in a fixed order, each string
 * serialized with CCDToString, so relying parties can verify without a JSON parser.
 * https://w3c.github.io/webauthn/#clientdatajson-serialization
 */
export function serializeClientData(data: CollectedClientData): Uint8Array {
  let json = '{"type":' + ccdToString(data.type);
  json += ',"challenge":' + ccdToString(toBase64url(data.challenge));
  json += ',"origin":' + ccdToString(data.origin);
  json += ',"crossOrigin":' + (data.crossOrigin ? 'true' : 'false');
  if (data.crossOrigin && data.topOrigin !== undefined) {
    json += ',"topOrigin":' + ccdToString(data.topOrigin);
  }
  json += '}';
  return utf8(json);
}
