/**
 * The passkeys a get() may sign with, and how they are shown: to the prompt (./ceremony.ts) and
 * to the autofill list (./autofill.ts).
 * https://w3c.github.io/webauthn/#sctn-op-get-assertion step 3 (credentialOptions)
 */
import { toBase64url } from '../core/base64url.js';
import type { PasskeyRecord } from '../core/passkey-record.js';
import type { PreparedGet } from '../core/prepare-get.js';
import type { AccountChoice } from '../core/protocol.js';
import type { Vault } from '../vault/vault.js';

/** The RP's discoverable passkeys, or those of allowCredentials the vault holds; hidden ones never. */
export async function candidates(vault: Vault, prepared: PreparedGet): Promise<PasskeyRecord[]> {
  const { rpId, allowCredentialIds, allowListIgnored } = prepared;
  // Every descriptor of an unknown type: nothing is eligible (src/core/prepare-get.ts).
  if (allowListIgnored) return [];
  if (allowCredentialIds.length === 0) return vault.findForRp(rpId);
  const found = await Promise.all(allowCredentialIds.map((id) => vault.findById(rpId, id)));
  return found.filter((r): r is PasskeyRecord => r !== null);
}

export function toChoice(r: PasskeyRecord): AccountChoice {
  const choice: AccountChoice = { id: toBase64url(r.credentialId), userName: r.userName, userDisplayName: r.userDisplayName, lastUsedAt: r.lastUsedAt };
  // A name a site's signal set is shown with that site, so a sibling subdomain cannot rename unseen.
  return r.namedBy ? { ...choice, namedBy: r.namedBy.origin } : choice;
}
