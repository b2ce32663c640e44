/**
 * SECURITY.md case 27: only the person keeps the vault open. The background's real message
 * handler for extension pages (src/background/extension-pages.ts) and its real auto-lock
 * (auto-lock.ts), with fake time, a fake `alarms` API that fires when the clock passes the alarm,
 * and a fake vault; the prompt's own handlers (ceremony.ts) answer as a prompt would.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const EXTENSION = 'chrome-extension://passkeep-test-id/';
const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

const alarms = new Map<string, number>();
const alarmHistory: Array<number | null> = [];
const vault = {
  unlocked: false,
  isUnlocked: () => vault.unlocked,
  unlock: async () => {
    vault.unlocked = true;
    return { ok: true };
  },
  lock: () => {
    vault.unlocked = false;
  },
  status: () => ({ hasPin: true, unlocked: vault.unlocked }),
};

vi.mock('webextension-polyfill', () => ({
  default: {
    runtime: { id: 'passkeep-test-id', getURL: (path: string) => `chrome-extension://passkeep-test-id/${path}` },
    storage: { local: { get: async () => ({}), set: async () => undefined } },
    alarms: {
      create: async (name: string, info: { when: number }) => {
        alarms.set(name, info.when);
        alarmHistory.push(info.when);
      },
      clear: async (name: string) => {
        alarms.delete(name);
        alarmHistory.push(null);
        return true;
      },
    },
  },
}));
vi.mock('../../src/background/vault-service.js', () => ({
  getVault: async () => vault,
  persistLockState: async () => undefined,
  lockVault: async (v: { lock(): void }) => v.lock(),
}));
vi.mock('../../src/background/ceremony.js', () => ({
  consentView: async () => ({ op: 'get', rpId: 'example.org', origin: 'https://example.org', accounts: [] }),
  consentDecide: async () => ({ status: 'done' }),
}));

const { onExtensionPageMessage } = await import('../../src/background/extension-pages.js');
const { AUTO_LOCK_ALARM, onAlarm } = await import('../../src/background/auto-lock.js');

const fromPrompt = { id: 'passkeep-test-id', url: `${EXTENSION}consent.html?request=r1` };
const fromPopup = { id: 'passkeep-test-id', url: `${EXTENSION}popup.html` };

/** Moves the clock to `T0 + minutes`, firing the auto-lock alarm if its time has come. */
async function at(minutes: number): Promise<void> {
  vi.setSystemTime(T0 + minutes * MINUTE);
  const when = alarms.get(AUTO_LOCK_ALARM);
  if (when !== undefined && when <= Date.now()) {
    alarms.delete(AUTO_LOCK_ALARM);
    await onAlarm({ name: AUTO_LOCK_ALARM });
  }
}

async function send(message: object, sender: object): Promise<void> {
  const reply = await onExtensionPageMessage(message, sender);
  expect(reply).toMatchObject({ ok: true });
}

describe('case 27: only the person keeps the vault open', () => {
  beforeEach(async () => {
    vi.useFakeTimers();
    alarms.clear();
    alarmHistory.length = 0;
    vault.unlocked = false;
    await at(0);
    // The person unlocks in the popup: the 15-minute default starts now.
    await send({ type: 'vault:unlock', pin: 'the PIN' }, fromPopup);
    expect(alarms.get(AUTO_LOCK_ALARM)).toBe(T0 + 15 * MINUTE);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('case 27: a stream of prompts a page opened and aborted (consent:view) does not postpone the auto-lock', async () => {
    // A page starts a request and aborts it every 2 minutes for an hour: each prompt loads and
    // sends consent:view, then closes without a decision.
    for (let minute = 1; minute <= 60; minute += 2) {
      await at(minute);
      await send({ type: 'consent:view', request: `r${minute}` }, fromPrompt);
      if (minute < 15) expect(vault.isUnlocked()).toBe(true);
      else expect(vault.isUnlocked()).toBe(false);
    }
    // The alarm was set once, by the unlock, and never moved.
    expect(alarmHistory).toEqual([T0 + 15 * MINUTE]);
  });

  it('case 27: plain reads from the popup (status, settings) do not postpone it either', async () => {
    await at(10);
    await send({ type: 'vault:status' }, fromPopup);
    await send({ type: 'settings:get' }, fromPopup);
    await at(15);
    expect(vault.isUnlocked()).toBe(false);
    expect(alarmHistory).toEqual([T0 + 15 * MINUTE]);
  });

  it("case 27: the person's decision in the prompt postpones it", async () => {
    await at(10);
    await send({ type: 'consent:view', request: 'r1' }, fromPrompt);
    await send({ type: 'consent:decide', request: 'r1', decision: 'approve' }, fromPrompt);
    expect(alarms.get(AUTO_LOCK_ALARM)).toBe(T0 + 25 * MINUTE);
    await at(24);
    expect(vault.isUnlocked()).toBe(true);
    await at(25);
    expect(vault.isUnlocked()).toBe(false);
  });

  it("case 27: the person's action in the popup (opening the list) postpones it", async () => {
    (vault as unknown as { listWithProblems: () => Promise<unknown> }).listWithProblems = async () => ({ passkeys: [], unreadable: 0 });
    await at(12);
    await send({ type: 'vault:list' }, fromPopup);
    expect(alarms.get(AUTO_LOCK_ALARM)).toBe(T0 + 27 * MINUTE);
    await at(20);
    expect(vault.isUnlocked()).toBe(true);
  });

  it('case 27: every request type is classified, and only the listed actions count', async () => {
    const { isPersonActivity } = await import('../../src/background/person-activity.js');
    expect(isPersonActivity('consent:view')).toBe(false);
    expect(isPersonActivity('consent:decide')).toBe(true);
    expect(isPersonActivity('vault:unlock')).toBe(true);
    expect(isPersonActivity('toString')).toBe(false);
    expect(isPersonActivity('no-such-request')).toBe(false);
  });
});
