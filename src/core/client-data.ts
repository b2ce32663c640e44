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
 * The spec's limited-verification serialization: members in a fixed order, each string
 * serialized as JSON does (CCDToString), so relying parties can verify without a JSON parser.
 */
/**
 * https://w3c.github.io/webauthn/#ccdtostring: `"` and `\` escaped, code points below U+0020
 * as \u00XX (lower-case hex), everything else as it is.
 */
function ccdToString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (code < 0x20) out += '\\u' + code.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

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
