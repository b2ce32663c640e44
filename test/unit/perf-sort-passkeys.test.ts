// The popup's display order (src/core/sort-passkeys.ts) is exactly the order of the one
// comparator it is defined by, whatever the input: sites, accounts, ties and collator-equal
// RP IDs included. Behaviour only: the speed of the popup is measured by `npm run bench`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PasskeySummary } from '../../src/core/protocol';
import { isCurrentSite } from '../../src/core/is-current-site';
import { firstInDisplayOrder } from '../../src/core/first-in-display-order';
import { sortPasskeys } from '../../src/core/sort-passkeys';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function reference(passkeys: readonly PasskeySummary[], host: string | null): PasskeySummary[] {
  const current = (rpId: string) => isCurrentSite(rpId, host);
  return [...passkeys].sort(
    (a, b) =>
      Number(current(b.rpId)) - Number(current(a.rpId)) ||
      collator.compare(a.rpId, b.rpId) ||
      collator.compare(a.userName, b.userName) ||
      a.createdAt - b.createdAt,
  );
}

const rpIds = ['example.com', 'Example.com', 'login.example.com', 'bank.example', 'bänk.example', 'site-2.example', 'site-10.example', 'a.b'];
const names = ['alice', 'Alice', 'bob', 'user-2', 'user-10', 'ärger', 'arger', ''];

const summary = fc.record({
  id: fc.uuid(),
  rpId: fc.constantFrom(...rpIds),
  userName: fc.constantFrom(...names),
  userDisplayName: fc.string(),
  alg: fc.constant(-7),
  createdAt: fc.integer({ min: 0, max: 5 }),
  lastUsedAt: fc.constant(null),
});

describe('sortPasskeys: current site first, then sites, then accounts, then age', () => {
  it('gives exactly the order of the defining comparator (stable among equals)', () => {
    fc.assert(
      fc.property(fc.array(summary, { maxLength: 60 }), fc.constantFrom(null, 'example.com', 'login.example.com', 'bank.example', 'other.test'), (passkeys, host) => {
        expect(sortPasskeys(passkeys, host).map((p) => p.id)).toEqual(reference(passkeys, host).map((p) => p.id));
      }),
      { numRuns: 300 },
    );
  });

  it('does not mutate its input and keeps every passkey', () => {
    const input: PasskeySummary[] = Array.from({ length: 50 }, (_, i) => ({
      id: `id-${i}`, rpId: rpIds[i % rpIds.length]!, userName: names[i % names.length]!, userDisplayName: '', alg: -7, createdAt: i, lastUsedAt: null,
    }));
    const copy = [...input];
    const sorted = sortPasskeys(input, 'example.com');
    expect(input).toEqual(copy);
    expect(new Set(sorted.map((p) => p.id))).toEqual(new Set(input.map((p) => p.id)));
  });
});

describe('firstInDisplayOrder: the first page without sorting again', () => {
  it('is the start of sortPasskeys(passkeys, host), taken from the host-less sort', () => {
    fc.assert(
      fc.property(
        fc.array(summary, { maxLength: 60 }),
        fc.constantFrom(null, 'example.com', 'login.example.com', 'bank.example', 'bänk.example', 'other.test'),
        fc.integer({ min: 0, max: 70 }),
        (passkeys, host, count) => {
          const first = firstInDisplayOrder(sortPasskeys(passkeys, null), host, count);
          expect(first.map((p) => p.id)).toEqual(sortPasskeys(passkeys, host).slice(0, count).map((p) => p.id));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a count that is no non-negative integer', () => {
    expect(() => firstInDisplayOrder([], null, -1)).toThrow(RangeError);
    expect(() => firstInDisplayOrder([], null, 1.5)).toThrow(RangeError);
  });
});
