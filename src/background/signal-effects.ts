/**
 * What a signal does to the vault (no browser APIs here, so it is unit-tested in Node).
 * https://w3c.github.io/webauthn/#sctn-signal-methods — see ./signals.ts for the decisions.
 *
 * A signal never deletes (SECURITY.md case 25): any origin that may claim the RP ID can send
 * one, so what the site no longer knows or accepts is hidden, restorable by the person, and
 * shown again when the site lists it. Every change is applied inside the vault's lock to the
 * record as it is then (SECURITY.md case 29).
 */
import { toBase64url } from '../core/base64url.js';
import type { PasskeyRecord } from '../core/passkey-record.js';
import type { SignalOptions } from '../core/signal-options.js';
import { VaultIntegrityError, type Vault } from '../vault/vault.js';

/** Who sent the signal and when: recorded on what it hides or renames, for the popup and the prompt to show. */
export interface SignalSource {
  /** the calling origin, from the browser's sender */
  origin: string;
  /** epoch milliseconds */
  at: number;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Acts on the vault for one signal, touching only `signal.rpId` (and its user). */
export async function applySignal(vault: Vault, signal: SignalOptions, source: SignalSource): Promise<void> {
  if (signal.kind === 'unknown') {
    // https://w3c.github.io/webauthn/#dom-publickeycredential-signalunknowncredential: the
    // authenticator may hide the credential instead of removing it.
    await vault.hide(signal.rpId, signal.credentialId, { reason: 'unknown-credential', ...source });
    return;
  }
  const mine = (await vault.findForRp(signal.rpId, { includeHidden: true })).filter((r: PasskeyRecord) => sameBytes(r.userId, signal.userId));
  if (signal.kind === 'accepted') {
    // https://w3c.github.io/webauthn/#dom-publickeycredential-signalallacceptedcredentials:
    // the user's passkeys missing from the list are hidden; those listed again are shown again.
    // A Set of spellings, not a scan of the list per passkey: linear (SECURITY.md case 24).
    const accepted = new Set(signal.allAcceptedCredentialIds.map(toBase64url));
    for (const r of mine) {
      if (accepted.has(toBase64url(r.credentialId))) await vault.restore(r.rpId, r.credentialId);
      else await vault.hide(r.rpId, r.credentialId, { reason: 'not-accepted', ...source });
    }
    return;
  }
  // https://w3c.github.io/webauthn/#dom-publickeycredential-signalcurrentuserdetails
  // Only the names change, on the record as it is inside the vault's lock (SECURITY.md case 29),
  // and the record keeps which origin set them, for the prompt to show (case 25): a sibling
  // subdomain may rename, but not unseen.
  for (const r of mine) {
    await vault
      .modify(r.rpId, r.credentialId, (current) =>
        current.userName === signal.name && current.userDisplayName === signal.displayName
          ? null
          : { ...current, userName: signal.name, userDisplayName: signal.displayName, namedBy: { origin: source.origin, at: source.at } },
      )
      .catch(ignoreMissing);
  }
}

/** A passkey the person deleted meanwhile is no longer there to rename: the others still are. */
function ignoreMissing(error: unknown): void {
  if (!(error instanceof VaultIntegrityError)) throw error;
}
