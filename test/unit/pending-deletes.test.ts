/**
 * The popup's undo window, held by the background (src/background/pending-deletes.ts): the
 * pending delete lives in memory and in the session area only, is committed when the window
 * ends, when the popup's port closes or before a lock, survives a background restart, and an
 * undo keeps the passkey. SECURITY.md case 30: nothing readable at rest names the credential.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_PENDING, MAX_UNDO_MS, PendingDeletes, type SessionArea } from '../../src/background/pending-deletes.js';

/** An in-memory storage area, as `storage.session` is. */
function memoryArea(): SessionArea & { items: Record<string, unknown> } {
  const items: Record<string, unknown> = {};
  return {
    items,
    get: async (key) => (key in items ? { [key]: structuredClone(items[key]) } : {}),
    set: async (more) => void Object.assign(items, structuredClone(more)),
  };
}

/** A vault that deletes by id, or refuses while "locked". */
function fakeStore(ids: string[]) {
  const store = { held: new Set(ids), locked: false, calls: [] as string[] };
  const deleteNow = async (id: string) => {
    store.calls.push(id);
    if (store.locked) throw new Error('the vault is locked');
    return store.held.delete(id);
  };
  return { store, deleteNow };
}

const ID = 'q2ZtUvR1Yy4B0h8xk3PZ_w';

describe('pending deletes (the undo window, in the background)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('case 30: the deletion journal leaves nothing readable at rest: the pending delete is in the session area only, and gone once committed', async () => {
    const session = memoryArea();
    const local = memoryArea(); // storage.local: must stay untouched
    const { store, deleteNow } = fakeStore([ID, 'other']);
    const pending = new PendingDeletes(session, deleteNow);
    expect(await pending.schedule(ID, 5_000)).toEqual({ due: 1_005_000 });
    expect(session.items).toEqual({ pendingDeletes: [{ id: ID, due: 1_005_000 }] });
    expect(JSON.stringify(local.items)).not.toContain(ID);
    expect(store.held.has(ID)).toBe(true); // the passkey still works inside the window

    // The window ends (the background waits a moment longer than the popup would).
    await vi.advanceTimersByTimeAsync(5_000);
    expect(store.held.has(ID)).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(store.held.has(ID)).toBe(false);
    expect(store.held.has('other')).toBe(true);
    expect(session.items).toEqual({ pendingDeletes: [] });
  });

  it('the popup closing (its port) or a lock commits at once; an undo keeps the passkey', async () => {
    const { store, deleteNow } = fakeStore([ID, 'b', 'c']);
    const pending = new PendingDeletes(memoryArea(), deleteNow);
    await pending.schedule(ID, 5_000);
    await pending.schedule('b', 5_000);
    expect(await pending.undo('b')).toEqual({ undone: true });
    await pending.commitAll();
    expect([...store.held]).toEqual(['b', 'c']);
    // Nothing runs later: the timers went with the commit and the undo.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(store.calls).toEqual([ID]);
    expect(await pending.undo(ID)).toEqual({ undone: false });
  });

  it("the popup's own commit deletes at once and leaves the list, even when it fails", async () => {
    const { store, deleteNow } = fakeStore([ID]);
    const area = memoryArea();
    const pending = new PendingDeletes(area, deleteNow);
    await pending.schedule(ID, 5_000);
    store.locked = true;
    await expect(pending.commit(ID)).rejects.toThrow(/locked/);
    expect(area.items).toEqual({ pendingDeletes: [] });
    store.locked = false;
    expect(await pending.commit(ID)).toBe(true);
    expect(await pending.commit(ID)).toBe(false);
  });

  it('a delete that could not run while locked stays pending, and goes through after the next unlock', async () => {
    const { store, deleteNow } = fakeStore([ID]);
    const area = memoryArea();
    const pending = new PendingDeletes(area, deleteNow);
    await pending.schedule(ID, 5_000);
    store.locked = true;
    await pending.commitAll();
    expect(area.items).toEqual({ pendingDeletes: [{ id: ID, due: 1_005_000 }] });
    store.locked = false;
    await pending.resume(); // onUnlocked
    await vi.advanceTimersByTimeAsync(6_000);
    expect(store.held.has(ID)).toBe(false);
  });

  it('a background restart inside the window loses nothing: the next instance re-arms from the session area', async () => {
    const { store, deleteNow } = fakeStore([ID]);
    const area = memoryArea();
    await new PendingDeletes(area, async () => false).schedule(ID, 5_000);
    vi.clearAllTimers(); // the old background is gone, with its timers
    const restarted = new PendingDeletes(area, deleteNow);
    await restarted.resume();
    await vi.advanceTimersByTimeAsync(6_000);
    expect(store.held.has(ID)).toBe(false);
  });

  it('refuses a bad id, an undo window over the limit, and more pending deletes than the limit', async () => {
    const area = memoryArea();
    const pending = new PendingDeletes(area, async () => true);
    expect(() => pending.schedule('', 5_000)).toThrow(TypeError);
    expect(() => pending.schedule(ID, MAX_UNDO_MS + 1)).toThrow(RangeError);
    expect(() => pending.schedule(ID, Number.NaN)).toThrow(RangeError);
    await pending.schedule(ID, MAX_UNDO_MS);
    await area.set({ pendingDeletes: Array.from({ length: MAX_PENDING }, (_, i) => ({ id: `id${i}`, due: 0 })) });
    await expect(pending.schedule('one-more', 5_000)).rejects.toThrow(/too many/);
  });
});
