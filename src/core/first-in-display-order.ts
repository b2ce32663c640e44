import { isCurrentSite } from './is-current-site.js';
import type { PasskeySummary } from './protocol.js';

/**
 * The first `count` passkeys of the popup's display order for `currentHost`
 * (./sort-passkeys.ts), taken from `sortedForNoHost`, the same passkeys already sorted for no
 * current site. Sorting for a host only moves that site's passkeys to the front: each part keeps
 * the order it has in the host-less sort (sites by name, accounts by name, oldest first among
 * equals). So one sort serves every host, and this pass is linear with no comparison at all,
 * which is what lets the background answer the popup's first page without sorting again.
 */
export function firstInDisplayOrder(
  sortedForNoHost: readonly PasskeySummary[],
  currentHost: string | null | undefined,
  count: number,
): PasskeySummary[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  const out: PasskeySummary[] = [];
  if (currentHost) {
    for (const passkey of sortedForNoHost) {
      if (out.length === count) return out;
      if (isCurrentSite(passkey.rpId, currentHost)) out.push(passkey);
    }
  }
  for (const passkey of sortedForNoHost) {
    if (out.length === count) break;
    if (!currentHost || !isCurrentSite(passkey.rpId, currentHost)) out.push(passkey);
  }
  return out;
}
