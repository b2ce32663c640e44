/**
 * A fake `webextension-polyfill` for driving the real background (src/background/main.ts) in
 * Node: the listeners main.ts registers are kept, ports and senders are made by the test, and
 * every window the background opens or closes is recorded. Only what the background calls is
 * implemented; anything else is undefined, so a new call shows up as a TypeError in the test.
 *
 * Use: `vi.mock('webextension-polyfill', async () => ({ default: (await import('./support/fake-browser')).fakeBrowser }))`.
 */
import type { Runtime } from 'webextension-polyfill';

type Listener<A extends unknown[]> = (...args: A) => unknown;

class FakeEvent<A extends unknown[]> {
  readonly listeners: Listener<A>[] = [];
  addListener(listener: Listener<A>): void {
    this.listeners.push(listener);
  }
  removeListener(listener: Listener<A>): void {
    const i = this.listeners.indexOf(listener);
    if (i >= 0) this.listeners.splice(i, 1);
  }
  hasListener(listener: Listener<A>): boolean {
    return this.listeners.includes(listener);
  }
  /** Calls every listener; returns what they returned. */
  fire(...args: A): unknown[] {
    return this.listeners.map((l) => l(...args));
  }
}

class FakeStorageArea {
  readonly data = new Map<string, unknown>();
  async get(key?: string | string[] | null): Promise<Record<string, unknown>> {
    const keys = key === undefined || key === null ? [...this.data.keys()] : Array.isArray(key) ? key : [key];
    const out: Record<string, unknown> = {};
    // A structured clone, as the real storage returns a copy.
    for (const k of keys) if (this.data.has(k)) out[k] = structuredClone(this.data.get(k));
    return out;
  }
  async set(items: Record<string, unknown>): Promise<void> {
    for (const [k, v] of Object.entries(items)) this.data.set(k, structuredClone(v));
  }
  async remove(key: string | string[]): Promise<void> {
    for (const k of Array.isArray(key) ? key : [key]) this.data.delete(k);
  }
  async clear(): Promise<void> {
    this.data.clear();
  }
  async setAccessLevel(): Promise<void> {}
}

export const EXTENSION_ID = 'passkeep-test-id';
export const EXTENSION_ORIGIN = `chrome-extension://${EXTENSION_ID}`;

/** One end of a `runtime.connect` port as the background sees it; the test holds the other. */
export class FakePort {
  readonly onMessage = new FakeEvent<[unknown, FakePort]>();
  readonly onDisconnect = new FakeEvent<[FakePort]>();
  /** What the background posted to the other end. */
  readonly received: unknown[] = [];
  disconnected = false;
  /** the background called disconnect() */
  disconnectedByBackground = false;
  constructor(
    readonly name: string,
    readonly sender: Runtime.MessageSender,
  ) {}
  postMessage(message: unknown): void {
    if (this.disconnected) throw new Error('Attempting to use a disconnected port object');
    // Extension messaging is JSON in Chrome: what cannot survive it must not be sent.
    this.received.push(JSON.parse(JSON.stringify(message)));
  }
  disconnect(): void {
    if (this.disconnected) return;
    this.disconnected = true;
    this.disconnectedByBackground = true;
  }
  /** The other end (the bridge) sends `message`. */
  send(message: unknown): void {
    if (this.disconnected) return;
    this.onMessage.fire(JSON.parse(JSON.stringify(message ?? null)), this);
  }
  /** The other end goes away (page navigated, frame removed). */
  drop(): void {
    if (this.disconnected) return;
    this.disconnected = true;
    this.onDisconnect.fire(this);
  }
}

export interface FakeWindow {
  id: number;
  url: string;
  open: boolean;
}

export interface FakeFrame {
  frameId: number;
  parentFrameId: number;
  url: string;
}

function createFakeBrowser() {
  let nextWindowId = 100;
  const windows = new Map<number, FakeWindow>();
  const frames = new Map<number, FakeFrame[]>();
  const alarms = new Map<string, unknown>();
  const onRemoved = new FakeEvent<[number]>();
  return {
    runtime: {
      id: EXTENSION_ID,
      getURL: (path: string) => `${EXTENSION_ORIGIN}/${path.replace(/^\//, '')}`,
      getManifest: () => ({ manifest_version: 3, name: 'Passkeep', version: '0.1.0' }),
      onConnect: new FakeEvent<[FakePort]>(),
      onMessage: new FakeEvent<[unknown, Runtime.MessageSender]>(),
      onInstalled: new FakeEvent<[{ reason: string }]>(),
    },
    storage: { local: new FakeStorageArea(), session: new FakeStorageArea() },
    windows: {
      /** every window the background opened, by id */
      all: windows,
      onRemoved,
      async create(options: { url?: string }): Promise<{ id: number }> {
        const id = nextWindowId++;
        windows.set(id, { id, url: options.url ?? '', open: true });
        return { id };
      },
      async remove(id: number): Promise<void> {
        const window = windows.get(id);
        if (!window?.open) throw new Error(`No window with id: ${id}.`);
        window.open = false;
        // The browser tells every listener, the background's own included.
        queueMicrotask(() => onRemoved.fire(id));
      },
    },
    webNavigation: {
      /** the frame tree per tab, set by the test; a tab with none answers null, as for a closed tab */
      trees: frames,
      onCommitted: new FakeEvent<[{ tabId: number; frameId: number }]>(),
      async getAllFrames({ tabId }: { tabId: number }): Promise<FakeFrame[] | null> {
        return frames.get(tabId) ?? null;
      },
    },
    tabs: {
      async sendMessage(): Promise<unknown> {
        // No embedder content script answers: the policy stays unknown (null).
        throw new Error('Could not establish connection. Receiving end does not exist.');
      },
    },
    alarms: {
      all: alarms,
      onAlarm: new FakeEvent<[{ name: string }]>(),
      async create(name: string, info: unknown): Promise<void> {
        alarms.set(name, info);
      },
      async clear(name: string): Promise<boolean> {
        return alarms.delete(name);
      },
    },
  };
}

export type FakeBrowser = ReturnType<typeof createFakeBrowser>;
export const fakeBrowser: FakeBrowser = createFakeBrowser();

/** A sender as the browser reports a content script in `tabId`'s frame `frameId`. */
export function pageSender(url: string, tabId: number, frameId = 0): Runtime.MessageSender {
  return { id: EXTENSION_ID, url, origin: new URL(url).origin, tab: { id: tabId, index: 0, highlighted: false, active: true, pinned: false, incognito: false }, frameId } as Runtime.MessageSender;
}

/** A sender as the browser reports one of the extension's own pages. */
export function extensionSender(path: string): Runtime.MessageSender {
  return { id: EXTENSION_ID, url: fakeBrowser.runtime.getURL(path), origin: EXTENSION_ORIGIN } as Runtime.MessageSender;
}

/** The bridge (or anyone) opens a port named `name` from `sender`. */
export function connect(name: string, sender: Runtime.MessageSender): FakePort {
  const port = new FakePort(name, sender);
  fakeBrowser.runtime.onConnect.fire(port);
  return port;
}

/** An extension page (or anyone) sends `message` with runtime.sendMessage; the first answer wins. */
export async function sendMessage(message: unknown, sender: Runtime.MessageSender): Promise<unknown> {
  const answers = fakeBrowser.runtime.onMessage.fire(JSON.parse(JSON.stringify(message ?? null)), sender);
  for (const answer of answers) {
    const value = await answer;
    if (value !== undefined) return JSON.parse(JSON.stringify(value));
  }
  return undefined;
}
