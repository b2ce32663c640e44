/** Shared by the tests of the work done while the prompt is open (sign-ahead, key-ahead). */
import type { Runtime } from 'webextension-polyfill';
import { pageSender } from './fake-extension';

export const RP = 'https://example.org';
/** Waits for the background's work ahead (it starts a moment after the prompt has its view). */
export const WAIT = { timeout: 10_000, interval: 20 };
export const PIN = '482916';
/** The top-level page of `tabId` on RP. */
export const top = (tabId: number): Runtime.MessageSender => pageSender({ tabId, frameId: 0, origin: RP, url: `${RP}/login` });
