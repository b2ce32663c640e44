/**
 * What an import file may cost, checked before the work it would cause (SECURITY.md case 28).
 * A file comes from anyone: a 0.7 MB CXF file once made the background inflate a largeBlob to
 * 512 MiB before its size was looked at. Every limit here is far above what a real export
 * needs (a 10,000-passkey export is about 5 MB; Passkeep's own largeBlob is at most 4 KiB),
 * and work is bounded either way:
 *  - a file-wide limit (size, nesting, number of entries) or a largeBlob that claims or inflates
 *    past its cap refuses the whole file (`ImportLimitError`): it is not a damaged export but a
 *    hostile one, and nothing from it reaches the vault;
 *  - one field over its cap (a name, an id, a key) skips that passkey with the reason, like any
 *    other invalid entry, and nothing of that field is decoded.
 */
import { readCapped } from '../core/read-capped.js';
import { LARGE_BLOB_MAX_BYTES } from '../core/extension-results.js';

/** The file's text, in UTF-16 code units (what `File.text()` and the message carry). */
export const MAX_IMPORT_CHARS = 32 * 1024 * 1024;
/** Passkeys and other entries (accounts, items, credentials) one file may list, all together. */
export const MAX_IMPORT_ENTRIES = 20_000;
/** Nesting of arrays and objects; the formats we read need fewer than ten levels. */
export const MAX_JSON_DEPTH = 32;
/**
 * Objects and arrays, and values (each container and each comma), in the whole file: JSON.parse
 * of 32 MiB of `[[],[],…]` builds 11 million arrays and stalled the background for seconds.
 * A real export has fewer than 10 containers and 100 values per entry.
 */
export const MAX_JSON_CONTAINERS = 400_000;
export const MAX_JSON_VALUES = 2_000_000;
/** A name, title or display name. https://w3c.github.io/webauthn/#sctn-strings-langdir lets authenticators truncate at 64 bytes; we keep more. */
export const MAX_NAME_CHARS = 1024;
/** A PKCS#8 private key (P-256 is 138 bytes; room for other exporters' encodings). */
export const MAX_KEY_BYTES = 2048;
/** https://w3c.github.io/webauthn/#credential-id: at most 1023 bytes. */
export const MAX_CREDENTIAL_ID_BYTES = 1023;
/** https://w3c.github.io/webauthn/#dom-publickeycredentialuserentity-id: at most 64 bytes. */
export const MAX_USER_HANDLE_BYTES = 64;
/** A largeBlob once inflated: what Passkeep itself stores (../core/extension-results.ts). */
export const MAX_LARGE_BLOB_BYTES = LARGE_BLOB_MAX_BYTES;
/** Its deflated form: raw deflate never grows data by more than 5 bytes per 16 KiB block plus a little. */
export const MAX_DEFLATED_BLOB_BYTES = MAX_LARGE_BLOB_BYTES + 1024;

/** A file that asks for more than Passkeep will spend on it. */
export class ImportLimitError extends RangeError {
  override name = 'ImportLimitError';
}

/** The number of base64 characters (unpadded) that encode `bytes` bytes. */
export function base64CharsFor(bytes: number): number {
  return Math.ceil((bytes * 4) / 3);
}

/**
 * The file's size, its JSON nesting and how many containers and values it holds, in one linear
 * pass before `JSON.parse` builds anything. Strings are skipped (brackets inside them do not count).
 */
export function checkJsonText(text: string, what: string): void {
  if (text.length > MAX_IMPORT_CHARS) throw new ImportLimitError(`${what}: the file is larger than ${MAX_IMPORT_CHARS / 1024 / 1024} MiB`);
  // Jump from one structural character to the next, and over each string with indexOf: a
  // file that is mostly one long string (a padded or bloated field) costs almost nothing here.
  const structural = /[[\]{}",]/g;
  let depth = 0;
  let containers = 0;
  let values = 0;
  for (let m = structural.exec(text); m !== null; m = structural.exec(text)) {
    const c = m[0];
    if (c === '"') {
      const end = closingQuote(text, m.index + 1);
      if (end === -1) return; // unterminated: JSON.parse refuses it
      structural.lastIndex = end + 1;
    } else if (c === ']' || c === '}') depth--;
    else {
      if (++values > MAX_JSON_VALUES) throw new ImportLimitError(`${what}: the file holds more than ${MAX_JSON_VALUES} values`);
      if (c === ',') continue;
      if (++containers > MAX_JSON_CONTAINERS) throw new ImportLimitError(`${what}: the file holds more than ${MAX_JSON_CONTAINERS} objects and arrays`);
      if (++depth > MAX_JSON_DEPTH) throw new ImportLimitError(`${what}: the file nests deeper than ${MAX_JSON_DEPTH} levels`);
    }
  }
}

/** The index of the quote that ends a JSON string starting at `from`, or -1 (each backslash run is counted once). */
function closingQuote(text: string, from: number): number {
  for (let q = text.indexOf('"', from); q !== -1; q = text.indexOf('"', q + 1)) {
    let backslashes = 0;
    while (q - 1 - backslashes >= from && text.charCodeAt(q - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return q;
  }
  return -1;
}

/** Counts entries against the file's budget before any of them is read. */
export class EntryBudget {
  private used = 0;
  constructor(private readonly what: string) {}

  /** `list` when it is an array (its length is taken from the budget), else an empty list. */
  take(list: unknown): unknown[] {
    if (!Array.isArray(list)) return [];
    this.used += list.length;
    if (this.used > MAX_IMPORT_ENTRIES) throw new ImportLimitError(`${this.what}: the file lists more than ${MAX_IMPORT_ENTRIES} entries`);
    return list;
  }
}

/** A text field, refused (the passkey skipped) when longer than `max` characters. */
export function cappedText(value: unknown, field: string, max: number = MAX_NAME_CHARS): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.length > max) throw new RangeError(`${field} is longer than ${max} characters`);
  return value;
}

/**
 * Inflates raw deflate (RFC 1951) as a stream and stops as soon as the output passes
 * `maxBytes`: a bomb costs at most one chunk beyond the cap, never its full size.
 */
export async function inflateRawCapped(deflated: Uint8Array, maxBytes: number, field: string): Promise<Uint8Array> {
  const stream = new Blob([deflated.slice()]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  let inflated: Uint8Array | null;
  try {
    inflated = await readCapped(stream, maxBytes);
  } catch {
    throw new TypeError(`${field} is not valid deflate data`);
  }
  if (inflated === null) throw new ImportLimitError(`${field} inflates to more than ${maxBytes} bytes`);
  return inflated;
}
