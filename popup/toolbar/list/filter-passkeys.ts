import type { PasskeySummary } from '../../../src/core/protocol';

const haystacks = new WeakMap<PasskeySummary, string>();

function haystack(passkey: PasskeySummary): string {
  let text = haystacks.get(passkey);
  if (text === undefined) {
    text = `${passkey.rpId}\n${passkey.userName}\n${passkey.userDisplayName}`.toLowerCase();
    haystacks.set(passkey, text);
  }
  return text;
}

/**
 * The passkeys whose site, user name or display name contain every word of `query`
 * (case-insensitive), in their original order. An empty query keeps them all.
 */
export function filterPasskeys(passkeys: readonly PasskeySummary[], query: string): readonly PasskeySummary[] {
  const terms = query.toLowerCase().split(/\s+/).filter((term) => term !== '');
  if (terms.length === 0) return passkeys;
  return passkeys.filter((passkey) => {
    const text = haystack(passkey);
    return terms.every((term) => text.includes(term));
  });
}
