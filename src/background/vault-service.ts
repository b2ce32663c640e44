/**
 * The background's one vault, with its unlocked key carried across service-worker restarts
 * through `storage.session` (memory only, never on disk, trusted extension contexts only).
 */
import browser from 'webextension-polyfill';
import { fromBase64url, toBase64url } from '../core/base64url.js';
import { Vault } from '../vault/vault.js';
import { ceremonyLog } from './ceremony-log.js';
import { PendingDeletes } from './pending-deletes.js';

const SESSION_KEY = 'vaultKey';
const SESSION_PIN_CHECK = 'vaultPinCheck';
let opened: Promise<Vault> | null = null;

/**
 * Content scripts must never read the session store. Chrome's default is TRUSTED_CONTEXTS;
 * we set it explicitly in case a later default changes. Firefox has no setAccessLevel and
 * never exposes `storage.session` to content scripts.
 * https://developer.chrome.com/docs/extensions/reference/api/storage#method-StorageArea-setAccessLevel
 */
export function restrictSessionStorage(): void {
  const session = browser.storage.session as typeof browser.storage.session & {
    setAccessLevel?: (o: { accessLevel: string }) => Promise<void>;
  };
  session.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => undefined);
}

export function getVault(): Promise<Vault> {
  opened ??= (async () => {
    const vault = await Vault.open(undefined, {
      // A newer Passkeep (after an update) is upgrading the database: reopen on next use.
      onClosed: () => {
        opened = null;
      },
    });
    const session = await browser.storage.session.get([SESSION_KEY, SESSION_PIN_CHECK]);
    const stored = session[SESSION_KEY];
    const check = session[SESSION_PIN_CHECK];
    if (typeof stored === 'string') await vault.restoreSessionKey(fromBase64url(stored), typeof check === 'string' ? fromBase64url(check) : null);
    return vault;
  })();
  opened.catch(() => {
    opened = null;
  });
  return opened;
}

/** The popup's deletes waiting out their undo window: in memory and `storage.session` only. */
export const pendingDeletes = new PendingDeletes(browser.storage.session, async (id) => (await getVault()).delete(id));

/** Locks the vault, after the deletes the person already asked for (locking ends their undo window). */
export async function lockVault(vault: Vault): Promise<void> {
  await pendingDeletes.commitAll().catch(() => undefined);
  vault.lock();
  // The inspector's log names sites and accounts: it goes with the lock (developer mode).
  ceremonyLog.clear();
}

const unlockListeners: Array<() => Promise<void>> = [];

/** `listener` runs (and is awaited) after every unlock (or PIN set) that persistLockState records. */
export function onUnlocked(listener: () => Promise<void>): void {
  unlockListeners.push(listener);
}

/** Call after every unlock or lock so a restarted background sees the same state. */
export async function persistLockState(vault: Vault): Promise<void> {
  const raw = vault.sessionKey();
  const check = vault.sessionPinCheck();
  if (raw) await browser.storage.session.set({ [SESSION_KEY]: toBase64url(raw), ...(check ? { [SESSION_PIN_CHECK]: toBase64url(check) } : {}) });
  else await browser.storage.session.remove([SESSION_KEY, SESSION_PIN_CHECK]);
  if (raw) for (const listener of unlockListeners) await listener().catch(() => undefined);
  if (raw) warmListSoon(vault);
}

let warmTimer: ReturnType<typeof setTimeout> | null = null;

/**
 * After an unlock, once whatever asked for it has had its turn: decrypt the list the popup
 * will show, so that opening the popup finds it memoised (Vault#listWithProblems). Off every
 * critical path; the vault drops the memo when it locks.
 */
function warmListSoon(vault: Vault): void {
  if (warmTimer !== null) clearTimeout(warmTimer);
  warmTimer = setTimeout(() => {
    warmTimer = null;
    if (vault.isUnlocked() && !vault.isClosed()) vault.listWithProblems().catch(() => undefined);
  }, 1000);
}
