// vault:list-first (src/background/first-rows.ts): the popup's first page in display order for
// its current site, from the vault's list memo, and arguments checked before any vault work.
import { describe, expect, it } from 'vitest';
import { firstRows } from '../../src/background/first-rows';
import type { PasskeySummary } from '../../src/core/protocol';
import { sortPasskeys } from '../../src/core/sort-passkeys';
import type { PickFirst, Vault } from '../../src/vault/vault';

const summary = (id: string, rpId: string, userName: string): PasskeySummary => ({ id, rpId, userName, userDisplayName: '', alg: -7, createdAt: 0, lastUsedAt: null });
const all = [summary('1', 'shop.example', 'zoe'), summary('2', 'bank.example', 'bob'), summary('3', 'bank.example', 'alice'), summary('4', 'news.example', 'carl')];

function stubVault(list: readonly PasskeySummary[]) {
  const picks: number[] = [];
  const vault = {
    async listFirst(pick: PickFirst) {
      const passkeys = [...pick(list)];
      picks.push(passkeys.length);
      return { passkeys, total: list.length };
    },
  };
  return { vault: vault as unknown as Vault, picks };
}

describe('vault:list-first', () => {
  it('answers the start of the display order, the current site first', async () => {
    const { vault } = stubVault(all);
    const reply = await firstRows(vault, 3, 'www.shop.example');
    expect(reply.passkeys.map((p) => p.id)).toEqual(sortPasskeys(all, 'www.shop.example').slice(0, 3).map((p) => p.id));
    expect(reply.passkeys.map((p) => p.userName)).toEqual(['zoe', 'alice', 'bob']);
    expect(reply.total).toBe(4);
    expect((await firstRows(vault, 10, null)).passkeys.map((p) => p.userName)).toEqual(['alice', 'bob', 'carl', 'zoe']);
  });

  it('refuses a count outside 1..200 or a host that is no string, before asking the vault', async () => {
    const { vault, picks } = stubVault(all);
    for (const count of [0, -1, 1.5, 201, '40', null, Infinity]) {
      await expect(firstRows(vault, count, null)).rejects.toMatchObject({ name: 'TypeError' });
    }
    await expect(firstRows(vault, 5, 42)).rejects.toMatchObject({ name: 'TypeError' });
    expect(picks).toEqual([]);
    expect((await firstRows(vault, 200, undefined)).passkeys).toHaveLength(4);
  });
});
