import type { PasskeySummary } from '../../../src/core/protocol';
import { isCurrentSite } from '../../../src/core/is-current-site';

export type ListItem =
  | { kind: 'site'; rpId: string; count: number; current: boolean }
  | { kind: 'passkey'; passkey: PasskeySummary };

/**
 * The rows of the list: a site heading before each run of passkeys with the same RP ID.
 * Expects the passkeys already in display order (see src/core/sort-passkeys.ts).
 */
export function toListItems(passkeys: readonly PasskeySummary[], currentHost: string | null | undefined): ListItem[] {
  const items: ListItem[] = [];
  let heading: Extract<ListItem, { kind: 'site' }> | undefined;
  for (const passkey of passkeys) {
    if (heading === undefined || heading.rpId !== passkey.rpId) {
      heading = { kind: 'site', rpId: passkey.rpId, count: 0, current: isCurrentSite(passkey.rpId, currentHost) };
      items.push(heading);
    }
    heading.count += 1;
    items.push({ kind: 'passkey', passkey });
  }
  return items;
}
