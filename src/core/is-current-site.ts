/**
 * Whether a passkey for `rpId` can sign in on `host`: the RP ID is the host itself or a
 * registrable suffix of it.
 * https://w3c.github.io/webauthn/#rp-id ("… or a registrable domain suffix of the origin's effective domain")
 */
export function isCurrentSite(rpId: string, host: string | null | undefined): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  const r = rpId.toLowerCase();
  return h === r || h.endsWith(`.${r}`);
}
