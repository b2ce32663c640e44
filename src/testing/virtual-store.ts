/**
 * Where the testing build keeps its virtual authenticators and its allowed origins.
 *
 * Virtual authenticators live in storage.session: in memory only (gone when the browser
 * quits, as a WebDriver session's are), kept across restarts of the service worker or event
 * page, and readable by the extension's own contexts only (src/background/vault-service.ts
 * restricts its access level). Every read-modify-write runs one after another in this
 * background, so that parallel ceremonies never lose a counter.
 *
 * The allowed origins are a setting of the testing build, in storage.local.
 */
import browser from 'webextension-polyfill';
import { DEFAULT_ALLOWED_ORIGINS, toAllowedOrigins } from './allowed-origins.js';
import { emptyVirtualState, type VirtualState } from './virtual-authenticator.js';

const STATE_KEY = 'testingVirtualAuthenticators';
const ORIGINS_KEY = 'testingAllowedOrigins';

let queue: Promise<unknown> | null = null;

/** Runs `change` on the current state, alone; the state is saved only when `change` succeeds. */
export function withVirtualState<T>(change: (state: VirtualState) => T | Promise<T>): Promise<T> {
  const run = async (): Promise<T> => {
    const stored = (await browser.storage.session.get(STATE_KEY))[STATE_KEY] as VirtualState | undefined;
    const state = stored ?? emptyVirtualState();
    const before = JSON.stringify(state);
    const result = await change(state);
    if (JSON.stringify(state) !== before) await browser.storage.session.set({ [STATE_KEY]: state });
    return result;
  };
  const next = (queue ?? Promise.resolve()).then(run, run);
  queue = next.catch(() => undefined);
  return next;
}

export async function readAllowedOrigins(): Promise<string[]> {
  const stored = (await browser.storage.local.get(ORIGINS_KEY))[ORIGINS_KEY];
  return Array.isArray(stored) ? toAllowedOrigins(stored) : [...DEFAULT_ALLOWED_ORIGINS];
}

export async function writeAllowedOrigins(entries: readonly unknown[]): Promise<string[]> {
  const list = toAllowedOrigins(entries);
  await browser.storage.local.set({ [ORIGINS_KEY]: list });
  return list;
}
