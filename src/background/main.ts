/**
 * Background entry (Chrome: service worker; Firefox: event page). Every listener is
 * registered synchronously at the top level so that an event which wakes the background
 * finds its handler; no state that a restart would lose lives in module scope except
 * in-flight ceremonies, whose pages are answered with NotAllowedError when the port drops.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { onAlarm } from './auto-lock.js';
import { onCeremonyPort, onWindowRemoved } from './ceremony.js';
import { isExtensionPage, onExtensionPageMessage } from './extension-pages.js';
import { restrictSessionStorage } from './vault-service.js';

restrictSessionStorage();

browser.runtime.onConnect.addListener((port) => {
  const sender = port.sender;
  if (port.name === 'ceremony' && sender?.tab?.id !== undefined && sender.id === browser.runtime.id && !isExtensionPage(sender)) {
    onCeremonyPort(port);
  } else if (port.name === 'consent' && sender && isExtensionPage(sender)) {
    // The open prompt keeps this port and pings it, which keeps the background alive
    // while the person decides.
    port.onMessage.addListener(() => undefined);
  } else {
    port.disconnect();
  }
});

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  onExtensionPageMessage(message, sender),
);

browser.windows.onRemoved.addListener(onWindowRemoved);

browser.alarms.onAlarm.addListener((alarm) => {
  void onAlarm(alarm);
});

// A new install opens the guide (popup/guide/) in a tab; updates and browser updates do not.
browser.runtime.onInstalled.addListener(({ reason }) => {
  if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('guide.html') });
});
