/**
 * The popup's first rows (`vault:list-first`): the first page of the display order
 * (../core/sort-passkeys.ts) for the popup's current site, from the vault's list memo.
 *
 * The host-less sort of every listed passkey is kept for as long as the vault's listing array is
 * the same object (the vault makes a new one whenever the list changes), so that opening the
 * popup again sorts nothing; the current site's passkeys are moved to the front by a linear pass
 * (../core/first-in-display-order.ts). One sorted copy (of references) per listing array: the
 * memory is the list's own, bounded by the vault, and goes with the listing when the vault locks.
 */
import { CeremonyError } from '../core/errors.js';
import { firstInDisplayOrder } from '../core/first-in-display-order.js';
import { MAX_FIRST_ROWS, type PasskeySummary, type PopupReplies } from '../core/protocol.js';
import { sortPasskeys } from '../core/sort-passkeys.js';
import type { Vault } from '../vault/vault.js';

/**
 * Keyed weakly by the vault's listing array: when the vault drops its listing (it locks, or the
 * list changed), the sorted copy is unreachable with it; nothing here outlives the vault's memo.
 */
const sorted = new WeakMap<readonly PasskeySummary[], PasskeySummary[]>();

function sortedForNoHost(all: readonly PasskeySummary[]): PasskeySummary[] {
  let order = sorted.get(all);
  if (order === undefined) {
    order = sortPasskeys(all, null);
    sorted.set(all, order);
  }
  return order;
}

export async function firstRows(vault: Vault, count: unknown, currentHost: unknown): Promise<PopupReplies['vault:list-first']> {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_FIRST_ROWS) {
    throw new CeremonyError('TypeError', `count must be an integer from 1 to ${MAX_FIRST_ROWS}.`);
  }
  if (currentHost !== undefined && currentHost !== null && typeof currentHost !== 'string') {
    throw new CeremonyError('TypeError', 'currentHost must be a string or null.');
  }
  const host = currentHost ?? null;
  return vault.listFirst((all) => firstInDisplayOrder(sortedForNoHost(all), host, count));
}
