import type { PasskeySummary } from './protocol.js';
import { isCurrentSite } from './is-current-site.js';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

const byAccount = (a: PasskeySummary, b: PasskeySummary): number => collator.compare(a.userName, b.userName) || a.createdAt - b.createdAt;

/**
 * The display order: the current tab's site first, then sites alphabetically; within a site,
 * accounts alphabetically (oldest first among equals). Sorted once per list, not per keystroke:
 * filtering keeps this order.
 *
 * The same order as sorting every passkey by (current site, RP ID, user name, creation time),
 * but with far fewer collator comparisons: the distinct RP IDs are sorted once, the passkeys
 * are gathered per RP ID class (RP IDs the collator calls equal share one, as they would share
 * a place in that single sort), and only each class's own accounts are compared.
 */
export function sortPasskeys(
  passkeys: readonly PasskeySummary[],
  currentHost: string | null | undefined,
): PasskeySummary[] {
  const sites = [...new Set(passkeys.map((p) => p.rpId))].map((rpId) => ({ rpId, current: isCurrentSite(rpId, currentHost) }));
  sites.sort((a, b) => Number(b.current) - Number(a.current) || collator.compare(a.rpId, b.rpId));
  const classOf = new Map<string, number>();
  let classes = 0;
  sites.forEach((site, i) => {
    const before = sites[i - 1];
    const same = before !== undefined && before.current === site.current && collator.compare(before.rpId, site.rpId) === 0;
    classOf.set(site.rpId, same ? classes - 1 : classes++);
  });
  const buckets: PasskeySummary[][] = Array.from({ length: classes }, () => []);
  for (const passkey of passkeys) buckets[classOf.get(passkey.rpId)!]!.push(passkey);
  const out: PasskeySummary[] = [];
  for (const bucket of buckets) {
    // Array.prototype.sort is stable: equal passkeys keep their input order, as before.
    if (bucket.length > 1) bucket.sort(byAccount);
    for (const passkey of bucket) out.push(passkey);
  }
  return out;
}
