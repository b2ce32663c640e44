/**
 * A stand-in for `webextension-polyfill` in the background's unit tests: only the APIs the
 * background calls, in memory, with the browser's side (the `sender` of a port or message,
 * the tab's frame tree, prompt windows) set by the test.
 *
 * Use: `vi.mock('webextension-polyfill', () => import('./support/fake-extension-module'))`, then
 * `resetFakeBrowser()` and `vi.resetModules()` before each test so that the background's
 * module state (pending ceremonies, rate limit, the open vault) starts empty. The state lives
 * on globalThis so the test and the re-imported background modules share one fake.
 */
import type { Runtime } from 'webextension-polyfill';

export const EXTENSION_ID = 'passkeep-test-id';
export const EXTENSION_BASE = `chrome-extension://${EXTENSION_ID}/`;

export interface FakeFrame {
  frameId: number;
  parentFrameId: number;
  url: string;
}

interface FakeState {
  frames: Map<number, FakeFrame[]>;
  windows: { id: number; url: string; type?: string; focused?: boolean }[];
  removedWindows: number[];
  windowWaiters: (() => void)[];
  local: Map<string, unknown>;
  session: Map<string, unknown>;
  alarms: Map<string, { when?: number }>;
  /** answers `tabs.sendMessage` (the embedder's bridge in Firefox); null: nobody answers */
  tabMessage: ((message: unknown, options: { frameId?: number }) => unknown) | null;
  nextWindowId: number;
  listeners: Map<string, ((...args: never[]) => unknown)[]>;
}

function freshState(): FakeState {
  return {
    frames: new Map(),
    windows: [],
    removedWindows: [],
    windowWaiters: [],
    local: new Map(),
    session: new Map(),
    alarms: new Map(),
    tabMessage: null,
    nextWindowId: 100,
    listeners: new Map(),
  };
}

const holder = globalThis as typeof globalThis & { __passkeepFakeBrowser?: FakeState };
function state(): FakeState {
  holder.__passkeepFakeBrowser ??= freshState();
  return holder.__passkeepFakeBrowser;
}

export function resetFakeBrowser(): void {
  holder.__passkeepFakeBrowser = freshState();
}

/** The frame tree `webNavigation.getAllFrames({ tabId })` reports. */
export function setFrames(tabId: number, frames: FakeFrame[]): void {
  state().frames.set(tabId, frames);
}

export function setTabMessageHandler(handler: FakeState['tabMessage']): void {
  state().tabMessage = handler;
}

export function openedWindows(): readonly { id: number; url: string; type?: string; focused?: boolean }[] {
  return state().windows;
}

export function removedWindows(): readonly number[] {
  return state().removedWindows;
}

export function sessionStorage(): Map<string, unknown> {
  return state().session;
}

export function localStorageArea(): Map<string, unknown> {
  return state().local;
}

/** Resolves once `count` prompt windows have been opened in total. */
export function windowsOpened(count: number): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (state().windows.length >= count) resolve();
      else state().windowWaiters.push(check);
    };
    check();
  });
}

/** The listeners the background registered on `event` (e.g. "runtime.onConnect"). */
export function listenersOf(event: string): ((...args: never[]) => unknown)[] {
  return state().listeners.get(event) ?? [];
}

function event(name: string) {
  return {
    addListener(listener: (...args: never[]) => unknown) {
      const all = state().listeners;
      all.set(name, [...(all.get(name) ?? []), listener]);
    },
  };
}

function area(pick: () => Map<string, unknown>) {
  return {
    async get(key?: string | string[] | null): Promise<Record<string, unknown>> {
      const map = pick();
      const keys = key == null ? [...map.keys()] : Array.isArray(key) ? key : [key];
      const out: Record<string, unknown> = {};
      for (const k of keys) if (map.has(k)) out[k] = structuredClone(map.get(k));
      return out;
    },
    async set(items: Record<string, unknown>): Promise<void> {
      for (const [k, v] of Object.entries(items)) pick().set(k, structuredClone(v));
    },
    async remove(key: string | string[]): Promise<void> {
      for (const k of Array.isArray(key) ? key : [key]) pick().delete(k);
    },
  };
}

export const fakeBrowser = {
  runtime: {
    id: EXTENSION_ID,
    getURL: (path: string) => `${EXTENSION_BASE}${path.replace(/^\//, '')}`,
    getManifest: () => ({ version: '0.0.0-test' }),
    onConnect: event('runtime.onConnect'),
    onMessage: event('runtime.onMessage'),
    onInstalled: event('runtime.onInstalled'),
  },
  webNavigation: {
    onCommitted: event('webNavigation.onCommitted'),
    async getAllFrames({ tabId }: { tabId: number }) {
      return state().frames.get(tabId) ?? null;
    },
  },
  windows: {
    async create(options: { url: string; type?: string; focused?: boolean }) {
      const s = state();
      const window = { id: s.nextWindowId++, url: options.url, type: options.type, focused: options.focused };
      s.windows.push(window);
      const waiters = s.windowWaiters.splice(0);
      for (const waiter of waiters) waiter();
      return window;
    },
    async remove(id: number) {
      state().removedWindows.push(id);
    },
    onRemoved: event('windows.onRemoved'),
  },
  tabs: {
    async sendMessage(_tabId: number, message: unknown, options: { frameId?: number } = {}) {
      const handler = state().tabMessage;
      if (!handler) throw new Error('Could not establish connection. Receiving end does not exist.');
      return handler(message, options);
    },
  },
  storage: {
    local: area(() => state().local),
    session: { ...area(() => state().session), setAccessLevel: async (_: { accessLevel: string }) => undefined },
  },
  alarms: {
    async create(name: string, info: { when?: number }) {
      state().alarms.set(name, info);
    },
    async clear(name: string) {
      return state().alarms.delete(name);
    },
    onAlarm: event('alarms.onAlarm'),
  },
};

/** A web page's sender as the browser fills it in: `origin` is the browser's, `url` the document's. */
export function pageSender(fields: { tabId?: number; frameId?: number; origin?: string; url?: string }): Runtime.MessageSender {
  const sender: Runtime.MessageSender & { origin?: string } = { id: EXTENSION_ID };
  if (fields.tabId !== undefined) sender.tab = { id: fields.tabId, index: 0, highlighted: false, active: true, pinned: false, incognito: false };
  if (fields.frameId !== undefined) sender.frameId = fields.frameId;
  if (fields.url !== undefined) sender.url = fields.url;
  if (fields.origin !== undefined) sender.origin = fields.origin;
  return sender;
}

/** The sender of one of the extension's own pages (popup, consent prompt). */
export function extensionSender(path: string): Runtime.MessageSender {
  return { id: EXTENSION_ID, url: `${EXTENSION_BASE}${path}` };
}

/**
 * For `vi.mock('../../src/vault/kdf', async (original) => withFastKdf(await original()))`: the
 * shipped KDF cost (64 MiB, 3 passes) would make each PIN check about a second here; OWASP's
 * floor (MIN_KDF) runs the same code.
 */
export function withFastKdf<T extends { MIN_KDF: unknown }>(actual: T): T & { DEFAULT_KDF: T['MIN_KDF'] } {
  return { ...actual, DEFAULT_KDF: actual.MIN_KDF };
}
