/**
 * Failure scenarios through the real background (fake browser, real vault on fake-indexeddb):
 * offered to the prompt only in developer mode, refused by the background itself when developer
 * mode is off (whatever the prompt page sends), applied once to the ceremony whose prompt chose
 * them, after the approve, and marked in the inspector's log. A counter that goes back leaves
 * the stored counter as it was; a timeout closes the prompt and answers only when the request's
 * own timer runs out.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fromBase64url } from '../../src/core/base64url';
import type { CeremonyLogEntry, ConsentView, PasskeyDevDetails, PasskeySummary } from '../../src/core/protocol';
import type { AssertionResult, RegistrationResult } from '../../src/core/results';
import { creationWire, requestWire } from './support/ceremony-fixtures';
import { errorName, flagsOf, freshBackground, popup, prompt, request, resultOf, type Background } from './support/ceremony-driver';
import { openedWindows, pageSender, removedWindows } from './support/fake-extension';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./support/fake-extension')).fakeBrowser }));
vi.mock('../../src/vault/kdf', async (original) => (await import('./support/fake-extension')).withFastKdf(await original<typeof import('../../src/vault/kdf')>()));

const RP = 'https://example.org';
const PIN = '482916';
const top = (tabId: number) => pageSender({ tabId, frameId: 0, origin: RP, url: `${RP}/login` });
const counterOf = (result: AssertionResult) => new DataView(fromBase64url(result.authenticatorData).buffer).getUint32(33);

let bg: Background;
let nextTab = 1;
beforeEach(async () => {
  bg = await freshBackground();
});
afterEach(() => {
  vi.useRealTimers();
});

async function developerMode(on: boolean): Promise<void> {
  await popup(bg, { type: 'settings:set', settings: { developerMode: on } });
}

/** One ceremony up to its prompt: the page, the prompt and the prompt's first view. */
async function ceremony(op: 'create' | 'get', options = op === 'create' ? creationWire({ authenticatorSelection: { userVerification: 'required' } }) : requestWire({ userVerification: 'required' })) {
  const page = request(bg, top(nextTab++), op, options);
  const consent = await prompt(bg, openedWindows().length);
  const view = await consent.view();
  return { page, consent, view };
}

const pinFields = (view: ConsentView) => (view.needsNewPin ? { newPin: PIN } : { pin: PIN });

async function log(): Promise<CeremonyLogEntry[]> {
  return (await popup<{ entries: CeremonyLogEntry[] }>(bg, { type: 'dev:log' })).entries;
}

async function storedCounter(): Promise<number> {
  const { passkeys } = await popup<{ passkeys: PasskeySummary[] }>(bg, { type: 'vault:list' });
  return (await popup<PasskeyDevDetails>(bg, { type: 'dev:passkey', rpId: passkeys[0]!.rpId, id: passkeys[0]!.id })).signCount;
}

describe('failure scenarios in the background', () => {
  it('developer mode off: the view offers none, and a decision naming one is refused; nothing is made, and the request still waits', async () => {
    const { page, consent, view } = await ceremony('create');
    expect(view.developerMode).toBe(false);
    expect(view.scenarios).toBeUndefined();
    await expect(consent.decide('approve', { ...pinFields(view), scenario: 'uv-false' })).rejects.toMatchObject({ name: 'NotAllowedError', message: /only in developer mode/ });
    expect(page.posted).toEqual([]);
    expect(removedWindows()).toEqual([]);
    expect((await popup<{ state: string }>(bg, { type: 'vault:status' })).state).toBe('no-pin');
    // the person's own approve, without a scenario, still works: the flags tell the truth
    await consent.decide('approve', pinFields(view));
    expect(flagsOf(resultOf(await page.outcome) as RegistrationResult)).toEqual({ up: true, uv: true });
  }, 30_000);

  it('developer mode on: the view lists what this request offers; a scenario it does not offer is refused', async () => {
    await developerMode(true);
    const { consent, view } = await ceremony('create');
    expect(view.scenarios).toEqual(['uv-false', 'up-false', 'attestation:packed', 'flags:be0-bs0', 'flags:be1-bs1', 'flags:be0-bs1', 'timeout']);
    await expect(consent.decide('approve', { ...pinFields(view), scenario: 'counter-back' })).rejects.toMatchObject({ name: 'NotSupportedError' });
    await expect(consent.decide('approve', { ...pinFields(view), scenario: 7 })).rejects.toMatchObject({ name: 'TypeError' });
  }, 30_000);

  it('UV not performed: applied to that ceremony only, after the approve, and the inspector marks it', async () => {
    await developerMode(true);
    const first = await ceremony('create');
    await first.consent.decide('approve', { ...pinFields(first.view), scenario: 'uv-false' });
    expect(flagsOf(resultOf(await first.page.outcome) as RegistrationResult)).toEqual({ up: true, uv: false });
    const second = await ceremony('get');
    await second.consent.decide('approve', pinFields(second.view));
    expect(flagsOf(resultOf(await second.page.outcome) as AssertionResult)).toEqual({ up: true, uv: true });
    await vi.waitFor(async () => expect(await log()).toHaveLength(2));
    const [get, create] = await log();
    expect(create).toMatchObject({ op: 'create', outcome: 'success', scenario: 'uv-false' });
    expect(get!.scenario).toBeUndefined();
  }, 30_000);

  it('a counter that goes back: one below the stored counter, which stays as it was; the next sign-in goes on from it', async () => {
    await developerMode(true);
    const create = await ceremony('create');
    await create.consent.decide('approve', pinFields(create.view));
    await create.page.outcome;
    // a new passkey's counter is 0: nothing to go back to, said in the prompt, which stays open
    const early = await ceremony('get');
    const retry = await early.consent.decide('approve', { ...pinFields(early.view), scenario: 'counter-back' });
    expect(retry).toMatchObject({ status: 'retry', message: /counter is 0/ });
    await early.consent.decide('approve', pinFields(early.view));
    expect(counterOf(resultOf(await early.page.outcome) as AssertionResult)).toBe(1);
    const back = await ceremony('get');
    await back.consent.decide('approve', { ...pinFields(back.view), scenario: 'counter-back' });
    expect(counterOf(resultOf(await back.page.outcome) as AssertionResult)).toBe(0);
    expect(await storedCounter()).toBe(1);
    const after = await ceremony('get');
    await after.consent.decide('approve', pinFields(after.view));
    expect(counterOf(resultOf(await after.page.outcome) as AssertionResult)).toBe(2);
    await vi.waitFor(async () => expect((await log()).map((e) => e.scenario ?? null)).toEqual([null, 'counter-back', null, null]));
  }, 30_000);

  it('a timeout: the prompt closes at the approve, the page is answered NotAllowedError only when the request’s timer runs out', async () => {
    await developerMode(true);
    const create = await ceremony('create');
    await create.consent.decide('approve', pinFields(create.view));
    await create.page.outcome;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { page, consent, view } = await ceremony('get', requestWire({ timeout: 60_000 }));
    expect(await consent.decide('approve', { ...pinFields(view), scenario: 'timeout' })).toEqual({ status: 'done' });
    expect(removedWindows()).toContain(consent.windowId);
    expect(page.posted).toEqual([]);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(page.posted).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(errorName(await page.outcome)).toBe('NotAllowedError');
    vi.useRealTimers();
    await vi.waitFor(async () => expect((await log())[0]).toMatchObject({ op: 'get', outcome: 'error', scenario: 'timeout', error: { name: 'NotAllowedError' } }));
  }, 30_000);
});
