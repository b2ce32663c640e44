/**
 * The shape in which the page hook hands a page's options across `postMessage` and extension
 * messaging: a JSON-safe snapshot taken in the page, where every BufferSource becomes a tagged
 * base64url string so that the background can still tell bytes from text (Web IDL must reject
 * a string where a BufferSource is required).
 *
 * Everything in a WireValue is untrusted: it is whatever the page wrote.
 */
export const BYTES_TAG = '\u0000bytes';

export type WireValue =
  | null
  | boolean
  | number
  | string
  | WireBytes
  | WireValue[]
  | { [key: string]: WireValue };

export interface WireBytes {
  [BYTES_TAG]: string;
}

export type WireObject = { [key: string]: WireValue };

export function isWireBytes(value: WireValue | undefined): value is WireBytes {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as WireBytes)[BYTES_TAG] === 'string';
}

export function isWireObject(value: WireValue | undefined): value is WireObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isWireBytes(value);
}
