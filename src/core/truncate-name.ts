/**
 * https://w3c.github.io/webauthn/#sctn-strings-truncation: an authenticator may shorten the
 * strings it stores (user.name, user.displayName, rp.name) as long as it keeps at least 64 bytes,
 * and should cut on a grapheme-cluster boundary so that no character is broken. Passkeep keeps
 * MAX_STORED_NAME_BYTES of UTF-8 (./limits.ts), so a page cannot bloat the vault or the prompt
 * with one enormous name. Linear: each grapheme is measured once, and the walk stops at the bound.
 */
import { MAX_STORED_NAME_BYTES } from './limits.js';

const encoder = new TextEncoder();
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function truncateName(text: string, maxBytes = MAX_STORED_NAME_BYTES): string {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: anything this short fits without measuring.
  if (text.length * 3 <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const { segment, index } of graphemes.segment(text)) {
    bytes += encoder.encode(segment).length;
    if (bytes > maxBytes) return text.slice(0, index);
    end = index + segment.length;
  }
  return text.slice(0, end);
}
