/**
 * Property tests with oracles: not only "a spec error or success" (fuzz-options.test.ts) but
 * what an accepted request must be. SECURITY.md: an accepted RP ID is one the caller may claim;
 * crossOrigin/topOrigin match the caller's frames as the browser reports them; UV only with a
 * PIN entered in this very ceremony; user ids of 1 to 64 bytes.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { callerFromSender } from '../../src/background/caller-from-sender';
import type { Caller } from '../../src/core/caller';
import { toCreationOptions } from '../../src/core/creation-options';
import { CeremonyError } from '../../src/core/errors';
import { prepareCreate } from '../../src/core/prepare-create';
import { prepareGet } from '../../src/core/prepare-get';
import type { AssertionResult, RegistrationResult } from '../../src/core/results';
import { toRequestOptions } from '../../src/core/request-options';
import { freshBackground, popup, prompt, request, resultOf, type Background } from './support/ceremony-driver';
import { bytes, creationWire, requestWire } from './support/ceremony-fixtures';
import { pageSender, resetFakeBrowser, setFrames, setTabMessageHandler } from './support/fake-extension';
import { expectClientDataOfCaller, expectFlags, mayClaim } from './support/fuzz-oracles';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./support/fake-extension')).fakeBrowser }));
vi.mock('../../src/vault/kdf', async (original) => (await import('./support/fake-extension')).withFastKdf(await original<typeof import('../../src/vault/kdf')>()));

function callerOn(host: string, frame: Partial<Caller> = {}): Caller {
  const origin = `https://${host}`;
  return { origin, host, sameOriginWithAncestors: true, topOrigin: origin, ...frame };
}

/** Runs `fn`: its value, or null after a CeremonyError named `expected`. */
function acceptedOr<T>(expected: string, fn: () => T): T | null {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof CeremonyError)) throw error;
    expect(error.name).toBe(expected);
    return null;
  }
}

// Labels and suffixes from the Public Suffix List's ICANN and private sections.
const SUFFIXES = ['com', 'org', 'co.uk', 'uk', 'github.io', 'compute.amazonaws.com', 'blogspot.com', 'gov.uk', 'io', 'localhost'];
const label = fc.constantFrom('a', 'b', 'www', 'login', 'example', 'co', 'uk', 'com', 'github', 'io', 'xn--bcher-kva');
const hostArb = fc.tuple(fc.array(label, { minLength: 0, maxLength: 4 }), fc.constantFrom(...SUFFIXES)).map(([labels, suffix]) => [...labels, suffix].join('.'));

describe('oracle: an accepted RP ID is one the caller may claim', () => {
  it('for every suffix of the host (and some strangers), create and get accept exactly the claimable ones', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(hostArb, fc.nat(), fc.constantFrom('', 'evil.', 'x'), (host, pick, prefix) => {
        const labels = host.split('.');
        const suffix = labels.slice(pick % labels.length).join('.');
        const rpId = prefix === 'x' ? `${suffix}x` : prefix + suffix;
        const caller = callerOn(host);
        const claimable = mayClaim(host, rpId);
        const created = acceptedOr('SecurityError', () => prepareCreate(toCreationOptions(creationWire({ rp: { name: 'RP', id: rpId } })), caller));
        const got = acceptedOr('SecurityError', () => prepareGet(toRequestOptions(requestWire({ rpId })), caller));
        expect(created !== null, `${host} → ${rpId}`).toBe(claimable);
        expect(got !== null, `${host} → ${rpId}`).toBe(claimable);
        if (created) expect(created.rpId).toBe(rpId);
        if (claimable) accepted++;
        else refused++;
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(300);
  });

  it('public suffixes are refused even to a host directly under them', () => {
    for (const [host, rpId] of [['a.b.co.uk', 'co.uk'], ['foo.github.io', 'github.io'], ['www.example.compute.amazonaws.com', 'compute.amazonaws.com'], ['example.org', 'org'], ['a.localhost', 'localhost']]) {
      expect(mayClaim(host!, rpId!)).toBe(false);
      expect(acceptedOr('SecurityError', () => prepareCreate(toCreationOptions(creationWire({ rp: { name: 'RP', id: rpId! } })), callerOn(host!)))).toBeNull();
    }
  });
});

describe('oracle: user.id is 1 to 64 bytes', () => {
  it('accepted exactly when 1 ≤ length ≤ 64, otherwise TypeError', () => {
    fc.assert(
      // The boundaries explicitly: random sizes alone rarely land on 0, 64 or 65.
      fc.property(fc.oneof(fc.constantFrom(0, 1, 63, 64, 65, 66), fc.nat(100)).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })), (id) => {
        const prepared = acceptedOr('TypeError', () =>
          prepareCreate(toCreationOptions(creationWire({ user: { id: bytes(id), name: 'n', displayName: 'd' } })), callerOn('example.org')),
        );
        expect(prepared !== null).toBe(id.length >= 1 && id.length <= 64);
        if (prepared) expect(prepared.user.id).toEqual(id);
      }),
      { numRuns: 500 },
    );
  });
});

describe('oracle: crossOrigin and topOrigin match the caller’s frames', () => {
  const ORIGINS = ['https://example.org', 'https://login.example.org', 'https://news.example', 'https://ads.example'];
  it('for random frame chains reported by the browser', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...ORIGINS), { minLength: 1, maxLength: 5 }), async (chain) => {
        // chain[0] is the top-level document, the last entry the calling frame.
        resetFakeBrowser();
        setFrames(1, chain.map((origin, i) => ({ frameId: i, parentFrameId: i - 1, url: `${origin}/frame${i}` })));
        const self = chain[chain.length - 1]!;
        const caller = await callerFromSender(pageSender({ tabId: 1, frameId: chain.length - 1, origin: self, url: `${self}/frame` }));
        const crossOrigin = chain.some((origin) => origin !== self);
        expect(caller.sameOriginWithAncestors).toBe(!crossOrigin);
        if (crossOrigin) expect(caller.topOrigin).toBe(chain[0]);
        const rpId = new URL(self).hostname;
        expectClientDataOfCaller(prepareGet(toRequestOptions(requestWire({ rpId })), caller).clientDataJSON, { ...caller, topOrigin: chain[0]! }, 'webauthn.get');
        expectClientDataOfCaller(
          prepareCreate(toCreationOptions(creationWire({ rp: { name: 'RP', id: rpId } })), caller).clientDataJSON,
          { ...caller, topOrigin: chain[0]! },
          'webauthn.create',
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('oracle: UV only with a PIN entered in this ceremony, UP only after approve', () => {
  const PIN = '482916';
  let bg: Background;
  let tab = 10;
  beforeAll(async () => {
    bg = await freshBackground();
    const page = request(bg, pageSender({ tabId: 1, frameId: 0, origin: 'https://example.org', url: 'https://example.org/' }), 'create', creationWire());
    await (await prompt(bg)).decide('approve', { newPin: PIN });
    resultOf(await page.outcome);
  });

  it('over vault state, userVerification, operation and whether the person typed the PIN', async () => {
    let windows = 1;
    let credentials = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.constantFrom('required', 'preferred', 'discouraged'),
        fc.constantFrom('create', 'get'),
        fc.boolean(),
        async (locked, userVerification, op, typesPin) => {
          await popup(bg, locked ? { type: 'vault:lock' } : { type: 'vault:unlock', pin: PIN });
          const tabId = tab++;
          setTabMessageHandler(null);
          // Passkeys created here go to another site, so that sign-ins always have one account.
          const origin = op === 'create' ? 'https://new.example.org' : 'https://example.org';
          const sender = pageSender({ tabId, frameId: 0, origin, url: `${origin}/` });
          const options =
            op === 'create'
              ? creationWire({ rp: { name: 'New', id: 'new.example.org' }, user: { id: bytes(Uint8Array.of(tabId)), name: `u${tabId}`, displayName: 'U' }, authenticatorSelection: { userVerification } })
              : requestWire({ userVerification });
          const page = request(bg, sender, op, options);
          const consent = await prompt(bg, windows++);
          const view = await consent.view();
          expect(page.posted).toEqual([]);
          const decided = await consent.decide('approve', typesPin ? { pin: PIN } : {});
          if (decided.status === 'retry') {
            // The PIN was needed and not typed: nothing reached the page.
            expect(typesPin).toBe(false);
            expect(view.needsPin).toBe(true);
            expect(page.posted).toEqual([]);
            await consent.decide('cancel');
            expect(await page.outcome).toMatchObject({ ok: false, error: { name: 'NotAllowedError' } });
            return;
          }
          const result = resultOf(await page.outcome) as RegistrationResult | AssertionResult;
          credentials++;
          const flags = new Uint8Array(Buffer.from(result.authenticatorData, 'base64url'))[32]!;
          const uv = (flags & 0x04) !== 0;
          expectFlags(result.authenticatorData, { up: true, uv });
          // UV=1 only when the PIN was typed in this ceremony; a locked vault always needs it,
          // and "required" is never answered without it.
          if (uv) expect(typesPin).toBe(true);
          if (userVerification === 'required' || locked) expect(uv).toBe(true);
          if (!typesPin) expect(uv).toBe(false);
        },
      ),
      { numRuns: 24 },
    );
    expect(credentials).toBeGreaterThan(0);
  }, 120_000);
});
