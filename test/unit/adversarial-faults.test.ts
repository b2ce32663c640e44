// The adversarial suite (issue 9 item 10), faults in storage: the vault's IndexedDB write aborted
// mid-transaction, and refused for lack of quota, at the write of each ceremony (create: the new
// passkey; get: the advanced counter), driven through the real background listeners with a fake
// webextension-polyfill and fake-indexeddb. After each: the page got one answer with a spec error,
// no prompt is left, the vault opens from storage, nothing was added or lost, every passkey still
// signs and no counter went back.
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { toBase64url } from '../../src/core/base64url';
import { BYTES_TAG, type WireObject } from '../../src/core/wire-value';
import { Vault } from '../../src/vault/vault';
import { creationWire, requestWire } from './support/ceremony-fixtures';
import { extensionSender, sendMessage } from './support/fake-browser';
import { answerOf, approved, decide, noPromptLeft, signCountOf, startCeremony, until } from './support/background-driver';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./support/fake-browser')).fakeBrowser }));
vi.mock('hash-wasm', () => import('./support/fast-argon2'));

const PIN = '2468';
const URL_ = 'https://example.org/login';
/** Highest counter each passkey has reported, by credential id. */
const counters = new Map<string, number>();

beforeAll(async () => {
  await import('../../src/background/main');
  // First use: the person chooses a PIN in the prompt and creates two passkeys.
  for (const name of ['alice', 'bob']) {
    const made = await approved(URL_, 'create', creation(name), { newPin: PIN, pin: PIN });
    expect(made).toMatchObject({ ok: true });
    counters.set((made.value as { id: string }).id, 0);
  }
});

afterEach(() => vi.restoreAllMocks());

function creation(name: string): WireObject {
  return creationWire({
    user: { id: { [BYTES_TAG]: toBase64url(new TextEncoder().encode(name)) }, name, displayName: name },
    authenticatorSelection: { userVerification: 'discouraged' },
  });
}

function signIn(id: string): WireObject {
  return requestWire({ userVerification: 'discouraged', allowCredentials: [{ type: 'public-key', id: { [BYTES_TAG]: id } }] });
}

async function listedIds(): Promise<string[]> {
  const reply = (await sendMessage({ type: 'vault:list' }, extensionSender('popup.html'))) as { ok: true; value: { passkeys: { id: string }[]; unreadable?: number } };
  expect(reply.ok).toBe(true);
  expect(reply.value.unreadable).toBeUndefined();
  return reply.value.passkeys.map((p) => p.id).sort();
}

type Fault = 'transaction aborted mid-write' | 'quota exceeded';

/** From now on every IndexedDB write fails as `fault` says. */
function inject(fault: Fault): void {
  for (const method of ['put', 'add'] as const) {
    const original = IDBObjectStore.prototype[method];
    vi.spyOn(IDBObjectStore.prototype, method).mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (fault === 'quota exceeded') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      // The request is issued, then the transaction dies before it commits.
      const request = original.apply(this, args);
      this.transaction.abort();
      return request;
    });
  }
}

/** Every passkey signs again, each with a counter above the last it reported. */
async function everyPasskeySigns(): Promise<void> {
  for (const [id, last] of counters) {
    const answer = await approved(URL_, 'get', signIn(id));
    expect(answer, id).toMatchObject({ ok: true, value: { id } });
    const count = signCountOf(answer);
    expect(count, `counter of ${id}`).toBeGreaterThan(last);
    counters.set(id, count);
  }
}

describe('adversarial faults: IndexedDB writes that fail mid-ceremony', () => {
  const faults: Fault[] = ['transaction aborted mid-write', 'quota exceeded'];

  it.each(faults)('create, %s: one NotAllowedError, the prompt closes, no passkey added, the others sign', async (fault) => {
    const before = await listedIds();
    const running = await startCeremony(URL_, 'create', creation('carol'));
    expect(running.request).not.toBeNull();
    inject(fault);
    await decide(running, 'approve');
    vi.restoreAllMocks();
    expect(await answerOf(running)).toMatchObject({ ok: false, error: { name: 'NotAllowedError' } });
    expect(running.port.received).toHaveLength(1);
    await until(noPromptLeft, 'the prompt closing');
    expect(await listedIds()).toEqual(before);
    await everyPasskeySigns();
  });

  it.each(faults)('get, %s: one NotAllowedError, the prompt closes, the counter is not advanced nor set back, the passkey signs after', async (fault) => {
    const [id] = [...counters.keys()];
    const running = await startCeremony(URL_, 'get', signIn(id!));
    inject(fault);
    await decide(running, 'approve');
    vi.restoreAllMocks();
    expect(await answerOf(running)).toMatchObject({ ok: false, error: { name: 'NotAllowedError' } });
    await until(noPromptLeft, 'the prompt closing');
    await everyPasskeySigns();
  });

  it.each(faults)('a PIN change from the popup, %s: refused, and the old PIN still opens the vault', async (fault) => {
    // The vault's own PIN change from the popup: the write fails, the old PIN still opens it.
    inject(fault);
    const reply = (await sendMessage({ type: 'vault:change-pin', oldPin: PIN, newPin: '13579' }, extensionSender('popup.html'))) as { ok: boolean; error?: { name: string } };
    vi.restoreAllMocks();
    expect(reply.ok).toBe(false);
    expect(['UnknownError', 'NotAllowedError', 'ConstraintError']).toContain(reply.error?.name);
    const reopened = await Vault.open();
    try {
      expect(await reopened.unlock(PIN)).toEqual({ ok: true });
      expect((await reopened.listWithProblems()).unreadable).toBe(0);
    } finally {
      reopened.close();
    }
    await everyPasskeySigns();
  });

  it('after every fault the vault opens from storage with every passkey readable', async () => {
    const reopened = await Vault.open();
    try {
      expect(await reopened.unlock(PIN)).toEqual({ ok: true });
      const { passkeys, unreadable } = await reopened.listWithProblems();
      expect(unreadable).toBe(0);
      expect(passkeys.map((p) => p.id).sort()).toEqual([...counters.keys()].sort());
    } finally {
      reopened.close();
    }
    expect(noPromptLeft()).toBe(true);
  });
});
