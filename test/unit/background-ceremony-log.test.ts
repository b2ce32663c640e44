/**
 * Developer mode through the real background (fake browser, real vault on fake-indexeddb): a
 * ceremony is recorded in the inspector's log only while developer mode is on, with origin,
 * outcome, the options as passed and the result; the prompt's view says developer mode is on;
 * the log is never written to storage, and it is emptied by a lock and by turning developer
 * mode off.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { creationWire, requestWire } from './support/ceremony-fixtures';
import { freshBackground, popup, prompt, request, type Background } from './support/ceremony-driver';
import { localStorageArea, openedWindows, pageSender, sessionStorage } from './support/fake-extension';
import type { CeremonyLogEntry, ConsentView } from '../../src/core/protocol';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./support/fake-extension')).fakeBrowser }));
vi.mock('../../src/vault/kdf', async (original) => (await import('./support/fake-extension')).withFastKdf(await original<typeof import('../../src/vault/kdf')>()));

const RP = 'https://example.org';
const PIN = '482916';
const top = (tabId: number) => pageSender({ tabId, frameId: 0, origin: RP, url: `${RP}/login` });

let bg: Background;
beforeEach(async () => {
  bg = await freshBackground();
});

async function log(): Promise<CeremonyLogEntry[]> {
  return (await popup<{ entries: CeremonyLogEntry[] }>(bg, { type: 'dev:log' })).entries;
}

async function register(tabId: number): Promise<ConsentView> {
  const page = request(bg, top(tabId), 'create', creationWire());
  const consent = await prompt(bg, openedWindows().length);
  const view = (await consent.view()) as ConsentView;
  await consent.decide('approve', openedWindows().length === 1 ? { newPin: PIN } : { pin: PIN });
  await page.outcome;
  return view;
}

describe('the ceremony log (developer mode)', () => {
  it('off: nothing is recorded, the prompt does not mention it, and dev:log is refused', async () => {
    const view = await register(1);
    expect(view.developerMode).toBe(false);
    await expect(popup(bg, { type: 'dev:log' })).rejects.toThrow(/"NotAllowedError","message":"Developer mode is off."/);
    await popup(bg, { type: 'settings:set', settings: { developerMode: true } });
    expect(await log()).toEqual([]);
  }, 30_000);

  it('on: create and get are recorded with origin, outcome, options as passed and the result; the prompt says so', async () => {
    await popup(bg, { type: 'settings:set', settings: { developerMode: true } });
    const view = await register(1);
    expect(view.developerMode).toBe(true);
    const page = request(bg, top(3), 'get', requestWire());
    const consent = await prompt(bg, openedWindows().length);
    await consent.decide('cancel');
    await page.outcome;
    await vi.waitFor(async () => expect(await log()).toHaveLength(2));
    const [get, create] = await log();
    expect(create).toMatchObject({ op: 'create', origin: RP, topOrigin: RP, outcome: 'success', options: creationWire(), result: { kind: 'create' } });
    expect(create!.durationMs).toBeGreaterThanOrEqual(0);
    expect(get).toMatchObject({ op: 'get', outcome: 'error', error: { name: 'NotAllowedError' } });
    expect(get!.seq).toBeGreaterThan(create!.seq);
    // memory only: nothing of it in any storage area
    const stored = JSON.stringify([localStorageArea(), sessionStorage()]);
    expect(stored).not.toContain(create!.result!.id);
    expect(stored).not.toContain('"op":"create"');
  }, 30_000);

  it('a lock empties it, and so does turning developer mode off', async () => {
    await popup(bg, { type: 'settings:set', settings: { developerMode: true } });
    await register(1);
    await vi.waitFor(async () => expect(await log()).toHaveLength(1));
    await popup(bg, { type: 'vault:lock' });
    await popup(bg, { type: 'vault:unlock', pin: PIN });
    expect(await log()).toEqual([]);
    await register(2);
    await vi.waitFor(async () => expect(await log()).toHaveLength(1));
    await popup(bg, { type: 'settings:set', settings: { developerMode: false } });
    await popup(bg, { type: 'settings:set', settings: { developerMode: true } });
    expect(await log()).toEqual([]);
  }, 30_000);
});
