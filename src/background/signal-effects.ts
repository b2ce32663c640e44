/**
 * What a signal does to the vault (no browser APIs here, so it is unit-tested in Node).
 * https://w3c.github.io/webauthn/#sctn-signal-methods — see ./signals.ts for the decisions.
 */
import { toBase64url } from '../core/base64url.js';
import type { PasskeyRecord } from '../core/passkey-record.js';
import type { SignalOptions } from '../core/signal-options.js';
import type { Vault } from '../vault/vault.js';

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Acts on the vault for one signal, touching only `signal.rpId` (and its user). */
export async function applySignal(vault: Vault, signal: SignalOptions): Promise<void> {
  if (signal.kind === 'unknown') {
    // https://w3c.github.io/webauthn/#dom-publickeycredential-signalunknowncredential
    const found = await vault.findById(signal.rpId, signal.credentialId);
    if (found) await vault.delete(toBase64url(found.credentialId));
    return;
  }
  const mine = (await vault.findForRp(signal.rpId)).filter((r: PasskeyRecord) => sameBytes(r.userId, signal.userId));
  if (signal.kind === 'accepted') {
    // https://w3c.github.io/webauthn/#dom-publickeycredential-signalallacceptedcredentials
    // A Set of spellings, not a scan of the list per passkey: linear (SECURITY.md case 24).
    const accepted = new Set(signal.allAcceptedCredentialIds.map(toBase64url));
    for (const r of mine) {
      if (!accepted.has(toBase64url(r.credentialId))) await vault.delete(toBase64url(r.credentialId));
    }
    return;
  }
  // https://w3c.github.io/webauthn/#dom-publickeycredential-signalcurrentuserdetails
  for (const r of mine) {
    if (r.userName !== signal.name || r.userDisplayName !== signal.displayName) {
      await vault.update({ ...r, userName: signal.name, userDisplayName: signal.displayName });
    }
  }
}

