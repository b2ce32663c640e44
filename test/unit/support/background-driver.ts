/**
 * Drives ceremonies through the real background listeners (loaded with the fake polyfill of
 * ./fake-browser.ts): a page's request on a `ceremony` port, its prompt's window, the person's
 * decision, the page's answer.
 */
import { fromBase64url } from '../../../src/core/base64url';
import type { WireValue } from '../../../src/core/wire-value';
import { connect, extensionSender, fakeBrowser, pageSender, sendMessage, type FakePort, type FakeWindow } from './fake-browser';

let nextTab = 10_000;

/** Waits (macrotask turns, so fake-indexeddb progresses) until `done()` holds, at most `ms`. */
export async function until(done: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`hang: ${what} did not happen within ${ms} ms`);
    await new Promise((r) => setImmediate(r));
  }
}

export interface Running {
  port: FakePort;
  /** the prompt's window, if one opened */
  window: FakeWindow | null;
  /** the request id the prompt was opened for */
  request: string | null;
}

/** A top-level page at `url` in a tab of its own sends one request; resolves once it is answered or prompting. */
export async function startCeremony(url: string, op: 'create' | 'get', options: WireValue): Promise<Running> {
  const tabId = nextTab++;
  fakeBrowser.webNavigation.trees.set(tabId, [{ frameId: 0, parentFrameId: -1, url }]);
  const before = new Set(fakeBrowser.windows.all.keys());
  const port = connect('ceremony', pageSender(url, tabId));
  port.send({ type: 'request', op, mediation: null, options, stop: null, allow: null });
  const opened = () => [...fakeBrowser.windows.all.values()].find((w) => !before.has(w.id)) ?? null;
  await until(() => port.received.length > 0 || opened() !== null, 'an answer or a prompt');
  const window = opened();
  return { port, window, request: window ? (new URL(window.url).searchParams.get('request') ?? null) : null };
}

/** The prompt of `running` sends `consent:decide`. */
export function decide(running: Running, decision: 'approve' | 'cancel', extra: { pin?: string; newPin?: string; account?: string } = {}): Promise<unknown> {
  const request = running.request ?? '';
  return sendMessage({ type: 'consent:decide', request, decision, ...extra }, extensionSender(`consent.html?request=${request}`));
}

/** The page's one answer. */
export async function answerOf(running: Running): Promise<Record<string, unknown>> {
  await until(() => running.port.received.length > 0, 'the page’s answer');
  return running.port.received[0] as Record<string, unknown>;
}

/** The signature counter in an answer's authenticatorData (bytes 33–36, big-endian). */
export function signCountOf(answer: Record<string, unknown>): number {
  const value = answer.value as { authenticatorData: string };
  const data = fromBase64url(value.authenticatorData);
  return new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(33);
}

/** Runs `ceremony` and approves it with `extra`; the page's answer. */
export async function approved(url: string, op: 'create' | 'get', options: WireValue, extra: Parameters<typeof decide>[2] = {}): Promise<Record<string, unknown>> {
  const running = await startCeremony(url, op, options);
  if (running.request) await decide(running, 'approve', extra);
  return answerOf(running);
}

/** Whether every window the background ever opened is closed again. */
export function noPromptLeft(): boolean {
  return [...fakeBrowser.windows.all.values()].every((w) => !w.open);
}
