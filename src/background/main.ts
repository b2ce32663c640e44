/**
 * Background entry (Chrome: service worker; Firefox: event page). Every listener is
 * registered synchronously at the top level so that an event which wakes the background
 * finds its handler; no state that a restart would lose lives in module scope except
 * in-flight ceremonies, whose pages are answered with NotAllowedError when the port drops
 * (pending deletes keep their list in storage.session and get their timers back on start).
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { onAlarm } from './auto-lock.js';
import { onCeremonyPort, onWindowRemoved } from './ceremony.js';
import { onConsentPort } from './consent-port.js';
import { isExtensionPage, onExtensionPageMessage } from './extension-pages.js';
import { watchHeaderPolicies } from './header-policies.js';
import { readDisabledSites } from './disabled-sites.js';
import { isStoodBackReport, onStoodBack, onTopFrameCommitted } from './stood-back.js';
import { getVault, onUnlocked, pendingDeletes, restrictSessionStorage } from './vault-service.js';
import { isTestingMessage, onTestingMessage } from '../testing/testing-background.js';
import { reachOpenTabs } from './reach-open-tabs.js';

restrictSessionStorage();
watchHeaderPolicies();
// Pages open since before this run of the extension get the hook and the bridge now.
void reachOpenTabs().catch(() => undefined);
// Deletes still waiting from before a restart get their timers back; after an unlock, any
// that could not run while the vault was locked go through.
void pendingDeletes.resume().catch(() => undefined);
onUnlocked(() => pendingDeletes.resume());
// A plain disabled-sites list from an earlier build is sealed, and the plain one deleted, at
// the first unlock (SECURITY.md case 30, ./disabled-sites.ts).
onUnlocked(async () => {
  const vault = await getVault();
  if (vault.isUnlocked()) await readDisabledSites(browser.storage.local, vault);
});

browser.runtime.onConnect.addListener((port) => {
  const sender = port.sender;
  if (port.name === 'ceremony' && sender?.tab?.id !== undefined && sender.id === browser.runtime.id && !isExtensionPage(sender)) {
    onCeremonyPort(port);
  } else if (port.name === 'popup' && sender && isExtensionPage(sender)) {
    // The popup holds this port while open. When it closes, its undo window ends: the browser
    // reports the disconnect, where a message sent from the unloading page might never leave.
    port.onDisconnect.addListener(() => void pendingDeletes.commitAll().catch(() => undefined));
  } else if (port.name === 'consent' && sender && isExtensionPage(sender)) {
    // The open prompt keeps this port: its pings keep the background alive while the person
    // decides, and its decision comes over it (./consent-port.ts).
    onConsentPort(port);
  } else {
    port.disconnect();
  }
});

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  // The testing build's automation and settings (src/testing/); absent from the store build.
  typeof __PASSKEEP_TESTING__ !== 'undefined' && __PASSKEEP_TESTING__ && isTestingMessage(message)
    ? onTestingMessage(message, sender)
    : isStoodBackReport(message, sender)
      ? onStoodBack(sender)
      : onExtensionPageMessage(message, sender),
);
browser.webNavigation.onCommitted.addListener(onTopFrameCommitted);

browser.windows.onRemoved.addListener(onWindowRemoved);

browser.alarms.onAlarm.addListener((alarm) => {
  void onAlarm(alarm);
});

// A new install opens the guide (popup/guide/) in a tab; updates and browser updates do not.
browser.runtime.onInstalled.addListener(({ reason }) => {
  if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('guide.html') });
});
