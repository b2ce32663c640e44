import type { PasskeySummary } from '../src/core/protocol';
import { isCurrentSite } from './is-current-site';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * The display order: the current tab's site first, then sites alphabetically; within a site,
 * accounts alphabetically (oldest first among equals). Sorted once per list, not per keystroke:
 * filtering keeps this order.
 */
export function sortPasskeys(
  passkeys: readonly PasskeySummary[],
  currentHost: string | null | undefined,
): PasskeySummary[] {
  const current = new Map<string, boolean>();
  const isCurrent = (rpId: string): boolean => {
    let value = current.get(rpId);
    if (value === undefined) current.set(rpId, (value = isCurrentSite(rpId, currentHost)));
    return value;
  };
  return [...passkeys].sort(
    (a, b) =>
      Number(isCurrent(b.rpId)) - Number(isCurrent(a.rpId)) ||
      collator.compare(a.rpId, b.rpId) ||
      collator.compare(a.userName, b.userName) ||
      a.createdAt - b.createdAt,
  );
}
