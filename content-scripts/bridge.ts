/**
 * Isolated-world relay: page hook ⇄ background, one `runtime.connect` port per request.
 *
 * It adds a single message listener at document_start and does nothing else until the page
 * calls the API. It forwards only the page's own options; origin, tab and frame are taken by
 * the background from the port's `sender`. If the background goes away mid-ceremony, the port
 * disconnects and the page's promise settles with NotAllowedError instead of hanging.
 */
import type { Outcome } from './page-channel.js';
import { ABORT, REQUEST, RESPONSE, type PageAbort, type PageRequest } from './page-channel.js';

// Firefox exposes promise-based `browser`; Chrome's `chrome` has the same port API.
const runtime = ((globalThis as { browser?: typeof chrome }).browser ?? chrome).runtime;
const ports = new Map<string, chrome.runtime.Port>();

function answer(id: string, outcome: Outcome): void {
  window.postMessage({ t: RESPONSE, id, ...outcome }, '*');
}

window.addEventListener('message', (event: MessageEvent) => {
  // Only messages the frame posted to itself (SECURITY.md case 10).
  if (event.source !== window) return;
  const data = event.data as PageRequest | PageAbort | null;
  if (!data || typeof data !== 'object' || typeof data.id !== 'string' || data.id.length > 64) return;
  if (data.t === ABORT) {
    const port = ports.get(data.id);
    if (port) {
      port.postMessage({ type: 'abort' });
      ports.delete(data.id);
      port.disconnect();
    }
    return;
  }
  if (data.t !== REQUEST || (data.op !== 'create' && data.op !== 'get') || ports.has(data.id)) return;
  const id = data.id;
  let port: chrome.runtime.Port;
  try {
    port = runtime.connect({ name: 'ceremony' });
  } catch {
    // The extension was reloaded or removed under this page.
    answer(id, { ok: false, error: { name: 'NotAllowedError', message: 'Passkeep is not available.' } });
    return;
  }
  ports.set(id, port);
  port.onMessage.addListener((message: Outcome) => {
    if (!ports.delete(id)) return;
    answer(id, message);
    port.disconnect();
  });
  port.onDisconnect.addListener(() => {
    if (!ports.delete(id)) return;
    answer(id, { ok: false, error: { name: 'NotAllowedError', message: 'The request ended before it was answered.' } });
  });
  port.postMessage({
    type: 'request',
    op: data.op,
    mediation: typeof data.mediation === 'string' ? data.mediation : null,
    // Re-serialized with this world's own JSON: a plain copy, free of page wrappers (Firefox Xrays).
    options: JSON.parse(JSON.stringify(data.options ?? null)),
  });
});
