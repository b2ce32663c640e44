/**
 * Auto-lock: the vault locks after `autoLockMinutes` without the person using Passkeep. Only the
 * person's own actions in the popup or the prompt count as use (./person-activity.ts); a site's
 * request, and the prompt opening for it, do not, so a page cannot keep the vault open. One `alarms` alarm, re-armed on each use: alarms
 * survive a service-worker or event-page restart, where a setTimeout would not.
 *
 * On browser restart the vault is locked anyway: `storage.session` starts empty.
 */
import browser from 'webextension-polyfill';
import { autoLockAt, loadSettings } from './settings-store.js';
import { getVault, lockVault, persistLockState } from './vault-service.js';

export const AUTO_LOCK_ALARM = 'passkeep-auto-lock';

/** The person used Passkeep: push the auto-lock back (or clear it when locked / disabled). */
export async function noteActivity(now: number = Date.now()): Promise<void> {
  const vault = await getVault();
  const when = vault.isUnlocked() ? autoLockAt(now, (await loadSettings(browser.storage.local)).autoLockMinutes) : null;
  if (when === null) await browser.alarms.clear(AUTO_LOCK_ALARM);
  else await browser.alarms.create(AUTO_LOCK_ALARM, { when });
}

export async function onAlarm(alarm: { name: string }): Promise<void> {
  if (alarm.name !== AUTO_LOCK_ALARM) return;
  const vault = await getVault();
  await lockVault(vault);
  await persistLockState(vault);
}
