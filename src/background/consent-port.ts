/**
 * The consent prompt's port (popup/consent/consent.tsx): opened as the prompt loads and held
 * while it is open. Its pings keep the background alive while the person decides, and the
 * person's decision comes over it: already open, it reaches the background with one hop less
 * than `runtime.sendMessage`, which opens a new channel for every message (README "Benchmarks").
 *
 * Trust is as for any message from an extension page: the port's sender comes from the browser
 * (the prompt's URL names its request, ./ceremony.ts sessionFor), never from the message.
 */
import type { Runtime } from 'webextension-polyfill';
import { onExtensionPageMessage } from './extension-pages.js';

/** What the prompt posts besides its pings: one request, numbered so that the reply finds it. */
interface PortCall {
  call: number;
  message: { type: 'consent:decide' };
}

function isPortCall(raw: unknown): raw is PortCall {
  const m = raw as Partial<PortCall> | null;
  return !!m && typeof m === 'object' && Number.isSafeInteger(m.call) && !!m.message && typeof m.message === 'object' && m.message.type === 'consent:decide';
}

export function onConsentPort(port: Runtime.Port): void {
  const sender = port.sender!;
  port.onMessage.addListener((raw: unknown) => {
    if (!isPortCall(raw)) return;
    void onExtensionPageMessage(raw.message, sender).then((reply) => {
      try {
        port.postMessage({ call: raw.call, reply: reply ?? null });
      } catch {
        // the prompt closed meanwhile; nothing to tell
      }
    });
  });
}
