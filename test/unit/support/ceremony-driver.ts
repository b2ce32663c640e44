/**
 * Drives the background as the browser would: a bridge's `ceremony` port from a page's frame,
 * then the consent prompt's messages from the prompt's own extension page. Everything goes
 * through the background's public entry points (onCeremonyPort, onExtensionPageMessage,
 * onWindowRemoved); the test decides only what the browser would report.
 *
 * Needs `vi.mock('webextension-polyfill', …)` with ./fake-browser.ts in the test file.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import type { Runtime } from 'webextension-polyfill';
import { vi } from 'vitest';
import type { Outcome } from '../../../content-scripts/page-channel';
import { fromBase64url } from '../../../src/core/base64url';
import type { ConsentOutcome, ConsentView, Reply } from '../../../src/core/protocol';
import type { AssertionResult, CeremonyResult, RegistrationResult } from '../../../src/core/results';
import type { WireValue } from '../../../src/core/wire-value';
import { extensionSender, openedWindows, resetFakeBrowser, windowsOpened } from './fake-extension';

export type Background = {
  onCeremonyPort: (port: Runtime.Port) => void;
  onWindowRemoved: (windowId: number) => void;
  onExtensionPageMessage: (message: unknown, sender: Runtime.MessageSender) => Promise<Reply<unknown> | undefined>;
};

/** A fresh background: empty module state, empty IndexedDB, empty browser storage. */
export async function freshBackground(): Promise<Background> {
  resetFakeBrowser();
  globalThis.indexedDB = new IDBFactory();
  vi.resetModules();
  // main.ts registers the browser's listeners (tests reach them with listenersOf()).
  await import('../../../src/background/main');
  const ceremony = await import('../../../src/background/ceremony');
  const pages = await import('../../../src/background/extension-pages');
  return { onCeremonyPort: ceremony.onCeremonyPort, onWindowRemoved: ceremony.onWindowRemoved, onExtensionPageMessage: pages.onExtensionPageMessage };
}

export interface FakePort {
  port: Runtime.Port;
  /** every message the background posted to the bridge */
  posted: Outcome[];
  /** resolves with the first message the background posts */
  outcome: Promise<Outcome>;
  send(message: unknown): void;
  /** the page went away */
  disconnect(): void;
  /** false once either side disconnected */
  connected(): boolean;
}

export function fakePort(name: string, sender: Runtime.MessageSender): FakePort {
  const onMessage: ((message: unknown) => void)[] = [];
  const onDisconnect: (() => void)[] = [];
  const posted: Outcome[] = [];
  let resolveFirst: (o: Outcome) => void = () => undefined;
  const outcome = new Promise<Outcome>((resolve) => {
    resolveFirst = resolve;
  });
  let connected = true;
  const port = {
    name,
    sender,
    postMessage(message: Outcome) {
      if (!connected) throw new Error('Attempting to use a disconnected port object');
      posted.push(structuredClone(message));
      resolveFirst(message);
    },
    disconnect() {
      connected = false;
    },
    onMessage: { addListener: (l: (message: unknown) => void) => onMessage.push(l) },
    onDisconnect: { addListener: (l: () => void) => onDisconnect.push(l) },
  } as unknown as Runtime.Port;
  return {
    port,
    posted,
    outcome,
    send: (message) => onMessage.forEach((l) => l(structuredClone(message))),
    disconnect: () => {
      connected = false;
      onDisconnect.forEach((l) => l());
    },
    connected: () => connected,
  };
}

/** A bridge's request: `policy` is what the bridge read of its frame's permissions policy (null: not exposed). */
export function request(bg: Background, sender: Runtime.MessageSender, op: string, options: WireValue, extra: Record<string, unknown> = {}): FakePort {
  const page = fakePort('ceremony', sender);
  bg.onCeremonyPort(page.port);
  page.send({ type: 'request', op, options, policy: true, ...extra });
  return page;
}

/** The consent prompt opened for the `index`-th request (0-based), as its own page talks. */
export interface Prompt {
  request: string;
  windowId: number;
  view(): Promise<ConsentView>;
  decide(decision: 'approve' | 'cancel' | 'other-authenticator', fields?: { pin?: string; newPin?: string; account?: string; scenario?: unknown }): Promise<ConsentOutcome>;
}

export async function prompt(bg: Background, index = 0): Promise<Prompt> {
  await windowsOpened(index + 1);
  const window = openedWindows()[index]!;
  const request = new URL(window.url).searchParams.get('request')!;
  const sender = extensionSender(`consent.html?request=${request}`);
  const ask = async <T>(message: Record<string, unknown>): Promise<T> => {
    const reply = await bg.onExtensionPageMessage({ ...message, request }, sender);
    if (!reply) throw new Error('the background did not answer the prompt');
    if (!reply.ok) throw Object.assign(new Error(reply.error.message), { name: reply.error.name });
    return reply.value as T;
  };
  return {
    request,
    windowId: window.id,
    view: () => ask<ConsentView>({ type: 'consent:view' }),
    decide: (decision, fields = {}) => ask<ConsentOutcome>({ type: 'consent:decide', decision, ...fields }),
  };
}

/** The popup's request, as the popup page sends it. */
export async function popup<T>(bg: Background, message: Record<string, unknown>): Promise<T> {
  const reply = await bg.onExtensionPageMessage(message, extensionSender('popup.html'));
  if (!reply?.ok) throw new Error(`popup request failed: ${JSON.stringify(reply)}`);
  return reply.value as T;
}

export function resultOf(outcome: Outcome): CeremonyResult {
  if (!outcome.ok || !('value' in outcome)) throw new Error(`no credential: ${JSON.stringify(outcome)}`);
  return outcome.value;
}

export function clientDataOf(result: RegistrationResult | AssertionResult): Record<string, unknown> {
  return JSON.parse(new TextDecoder().decode(fromBase64url(result.clientDataJSON))) as Record<string, unknown>;
}

/** https://w3c.github.io/webauthn/#sctn-authenticator-data: flags byte after the 32-byte rpIdHash. */
export function flagsOf(result: RegistrationResult | AssertionResult): { up: boolean; uv: boolean } {
  const flags = fromBase64url(result.authenticatorData)[32]!;
  return { up: (flags & 0x01) !== 0, uv: (flags & 0x04) !== 0 };
}

export function errorName(outcome: Outcome): string | null {
  return outcome.ok ? null : outcome.error.name;
}
