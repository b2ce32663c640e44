/**
 * Requests from the extension's own pages (popup, consent prompt). Privilege is decided from
 * `sender.url`: only documents of the extension's origin are served; a content script's
 * sender carries the web page's URL and gets nothing.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { PASSKEEP_AAGUID_STRING } from '../core/aaguid.js';
import { fromBase64url } from '../core/base64url.js';
import { CeremonyError, toWireError } from '../core/errors.js';
import type {
  ConsentReplies,
  ConsentRequest,
  DevReplies,
  DevRequest,
  PopupReplies,
  PopupRequest,
  Reply,
  SettingsReplies,
  Settings,
  SettingsRequest,
  UnlockKeyOutcome,
  VaultStatus,
} from '../core/protocol.js';
import { checkPinShape } from '../vault/pin-rules.js';
import { VaultPinError, type UnlockResult, type Vault } from '../vault/vault.js';
import { noteActivity } from './auto-lock.js';
import { consentDecide, consentView } from './ceremony.js';
import { ceremonyLog } from './ceremony-log.js';
import { handleDevRequest } from './dev-requests.js';
import { autofillChoose, autofillView } from './autofill.js';
import type { AutofillReplies, AutofillRequest } from '../core/autofill-protocol.js';
import { firstRows } from './first-rows.js';
import { isPersonActivity } from './person-activity.js';
import { forgetDisabledSites, readDisabledSites, writeDisabledSites } from './disabled-sites.js';
import { loadSettings, updateSettings } from './settings-store.js';
import { credentialIdFrom, prfAnswerFrom, prfSaltFrom, unlockKeyLabelFrom } from './prf-answer.js';
import { exportVault, importIntoVault } from './vault-transfer.js';
import { getVault, lockVault, pendingDeletes, persistLockState } from './vault-service.js';

type AnyRequest = PopupRequest | ConsentRequest | SettingsRequest | DevRequest | AutofillRequest;
type AnyReplies = PopupReplies & ConsentReplies & SettingsReplies & DevReplies & AutofillReplies;

export function isExtensionPage(sender: Runtime.MessageSender): boolean {
  return sender.id === browser.runtime.id && typeof sender.url === 'string' && sender.url.startsWith(browser.runtime.getURL(''));
}

export async function onExtensionPageMessage(raw: unknown, sender: Runtime.MessageSender): Promise<Reply<unknown> | undefined> {
  if (!isExtensionPage(sender)) return undefined;
  const message = raw as AnyRequest;
  if (!message || typeof message !== 'object' || typeof message.type !== 'string') return undefined;
  try {
    const value = await handle(message, sender);
    // Only the person's own actions push the auto-lock back, never what a page can cause
    // (SECURITY.md case 27, ./person-activity.ts).
    if (isPersonActivity(message.type)) await noteActivity().catch(() => undefined);
    return { ok: true, value };
  } catch (error) {
    const wire = error instanceof Error && !(error instanceof CeremonyError) ? { name: 'UnknownError' as const, message: error.message } : toWireError(error);
    return { ok: false, error: wire };
  }
}

function requireString(value: unknown): string {
  if (typeof value !== 'string') throw new CeremonyError('TypeError', 'Expected a string.');
  return value;
}

function requirePinShape(pin: unknown): string {
  const problem = typeof pin === 'string' ? checkPinShape(pin) : 'Enter a PIN.';
  if (problem) throw new CeremonyError('ConstraintError', problem);
  return pin as string;
}

/**
 * Carries the lock state into storage.session and answers the status; a failed check throws
 * VaultPinError, except for an unlock (`throwOnFailure` false), whose status says it is still locked.
 */
async function afterPinCheck(vault: Vault, result: Awaited<ReturnType<Vault['unlock']>>, throwOnFailure = true): Promise<VaultStatus> {
  await persistLockState(vault);
  if (!result.ok && (throwOnFailure || result.reason === 'needs-authenticator')) throw new VaultPinError(result.reason, result.retryAfterSeconds);
  return vault.status();
}

/** A change to the enrolled authenticators (the vault stays unlocked): its outcome, for the settings to show. */
async function unlockKeyOutcome(change: (vault: Vault) => Promise<UnlockResult>): Promise<UnlockKeyOutcome> {
  const vault = await getVault();
  const result = await change(vault);
  if (result.ok) return { ok: true, status: await vault.status() };
  // Only an unlocked vault gets here, which always has its PIN check: never needs-authenticator.
  if (result.reason === 'needs-authenticator') throw new VaultPinError(result.reason, 0);
  return { ok: false, reason: result.reason, retryAfterSeconds: result.retryAfterSeconds };
}

/** Runs a change to the vault's lock state, carries it into storage.session, answers the new status. */
async function changeLockState(change: (vault: Vault) => unknown): Promise<VaultStatus> {
  const vault = await getVault();
  await change(vault);
  await persistLockState(vault);
  return vault.status();
}

/** The unlocked vault seals and opens the disabled sites (./disabled-sites.ts); locked, nothing can. */
async function siteSealer(): Promise<Vault | null> {
  const vault = await getVault();
  return vault.isUnlocked() ? vault : null;
}

/** The settings; the disabled sites are empty while the vault is locked (the popup shows settings only unlocked). */
async function currentSettings(): Promise<Settings> {
  const sites = await readDisabledSites(browser.storage.local, await siteSealer());
  return { ...(await loadSettings(browser.storage.local)), disabledSites: sites ?? [] };
}

/** Validates every field first, then stores the plain ones and seals the disabled sites. */
async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
  const changesSites = !!patch && typeof patch === 'object' && patch.disabledSites !== undefined;
  const sealer = await siteSealer();
  if (changesSites && !sealer) throw new CeremonyError('NotAllowedError', 'Unlock Passkeep to change the disabled sites.');
  const next = await updateSettings(browser.storage.local, patch);
  // Developer mode off: the inspector's log goes at once (it is recorded only while it is on).
  if (!next.developerMode) ceremonyLog.clear();
  if (changesSites) await writeDisabledSites(browser.storage.local, sealer!, next.disabledSites);
  return currentSettings();
}

async function handle(message: AnyRequest, sender: Runtime.MessageSender): Promise<AnyReplies[keyof AnyReplies]> {
  switch (message.type) {
    case 'consent:view':
      return consentView(message.request, sender);
    case 'consent:decide':
      return consentDecide(message, sender);
    case 'autofill:view':
      return autofillView(message.session, sender);
    case 'autofill:choose':
      return autofillChoose(message, sender);
    case 'vault:status':
      return (await getVault()).status();
    case 'vault:set-pin': {
      const pin = requirePinShape(message.pin);
      return changeLockState((vault) => vault.setPin(pin));
    }
    case 'vault:unlock': {
      // The PRF output comes from this extension page's own WebAuthn call (isExtensionPage above).
      const answer = prfAnswerFrom(message.authenticator);
      const vault = await getVault();
      return afterPinCheck(vault, await vault.unlock(String(message.pin ?? ''), Date.now(), answer), false);
    }
    case 'unlock-key:enrol': {
      const answer = prfAnswerFrom(message.authenticator);
      if (!answer) throw new CeremonyError('TypeError', 'No authenticator answered.');
      const enrolment = { ...answer, salt: prfSaltFrom(message.salt), label: unlockKeyLabelFrom(message.label) };
      return unlockKeyOutcome((vault) => vault.enrolUnlockKey(String(message.pin ?? ''), enrolment, message.keepPinOnly === true));
    }
    case 'unlock-key:remove': {
      const id = credentialIdFrom(message.id);
      return unlockKeyOutcome((vault) => vault.removeUnlockKey(String(message.pin ?? ''), id));
    }
    case 'unlock-key:pin-only':
      return unlockKeyOutcome((vault) => vault.setPinOnly(String(message.pin ?? ''), message.keep === true));
    case 'vault:lock':
      return changeLockState((vault) => lockVault(vault));
    case 'vault:list': {
      // One record that fails its integrity check does not hide the others; it is counted.
      const { passkeys, unreadable } = await (await getVault()).listWithProblems();
      return unreadable > 0 ? { passkeys, unreadable } : { passkeys };
    }
    case 'vault:list-first':
      return firstRows(await getVault(), message.count, message.currentHost);
    case 'vault:delete':
      return { deleted: await pendingDeletes.commit(message.id) };
    case 'vault:delete-later':
      return pendingDeletes.schedule(message.id, message.undoMs);
    case 'vault:undo-delete':
      return pendingDeletes.undo(message.id);
    case 'vault:restore':
      return { restored: await (await getVault()).restore(requireString(message.rpId), fromBase64url(requireString(message.id))) };
    case 'settings:get':
      return currentSettings();
    case 'settings:set':
      return saveSettings(message.settings);
    case 'vault:change-pin': {
      const newPin = requirePinShape(message.newPin);
      const vault = await getVault();
      return afterPinCheck(vault, await vault.changePin(String(message.oldPin ?? ''), newPin));
    }
    case 'vault:reset':
      return changeLockState(async (vault) => {
        await vault.reset(message.confirm);
        await pendingDeletes.clear();
        // sealed under the old vault key: it could never be opened again
        await forgetDisabledSites(browser.storage.local);
      });
    case 'vault:export': {
      const vault = await getVault();
      try {
        const answer = prfAnswerFrom(message.authenticator);
        const prf = answer ? { ...answer, salt: prfSaltFrom(message.authenticator?.salt) } : undefined;
        return await exportVault(vault, { format: message.format, pin: message.pin, passphrase: message.passphrase, prf });
      } finally {
        await persistLockState(vault);
      }
    }
    case 'vault:import':
      return importIntoVault(await getVault(), {
        format: message.format,
        data: message.data,
        passphrase: message.passphrase,
        prf: prfAnswerFrom(message.authenticator),
      });
    case 'dev:log':
    case 'dev:clear-log':
    case 'dev:passkey':
    case 'dev:set-counter':
    case 'dev:export-key':
    case 'dev:import-key': {
      const vault = await getVault();
      const developerMode = (await loadSettings(browser.storage.local)).developerMode;
      try {
        return await handleDevRequest(message, { vault, log: ceremonyLog, developerMode });
      } finally {
        // the PIN entered for an export counts like an unlock (attempts, lock state)
        if (message.type === 'dev:export-key') await persistLockState(vault);
      }
    }
    case 'about:get': {
      const vault = await getVault();
      const kdf = await vault.kdfParams();
      return {
        version: browser.runtime.getManifest().version,
        aaguid: PASSKEEP_AAGUID_STRING,
        storage:
          'Passkeys are kept in this browser profile only (IndexedDB), encrypted with a key that your PIN unlocks (together with an enrolled security key or passkey, once you enrol one). Sites and account names are stored encrypted too, and so is the list of sites where Passkeep is turned off; the auto-lock time is in the extension’s local storage.',
        kdf: kdf ? `Argon2id, ${Math.round(kdf.m / 1024)} MiB, ${kdf.t} passes, ${kdf.p} lane${kdf.p === 1 ? '' : 's'}` : 'No PIN set yet',
      };
    }
    default:
      throw new CeremonyError('NotSupportedError', 'Unknown request.');
  }
}
