/**
 * Typed settings with defaults and a schema version, disabled sites, and the auto-lock time.
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  autoLockAt,
  DEFAULT_SETTINGS,
  isSiteDisabled,
  loadSettings,
  normalizeSite,
  SETTINGS_KEY,
  SETTINGS_SCHEMA,
  updateSettings,
} from '../../src/background/settings-store.js';
import { forgetDisabledSites, readDisabledSites, SEALED_SITES_KEY, writeDisabledSites, type AreaWithRemove } from '../../src/background/disabled-sites.js';
import { Vault } from '../../src/vault/vault.js';

function memoryArea(initial: Record<string, unknown> = {}): AreaWithRemove & { data: Record<string, unknown> } {
  const data = structuredClone(initial);
  return {
    data,
    async remove(key) {
      delete data[key];
    },
    async get(key) {
      return key in data ? { [key]: structuredClone(data[key]) } : {};
    },
    async set(items) {
      Object.assign(data, structuredClone(items));
    },
  };
}

describe('settings storage', () => {
  it('defaults: auto-lock after 15 minutes, no disabled site', async () => {
    expect(await loadSettings(memoryArea())).toEqual({ autoLockMinutes: 15, disabledSites: [], developerMode: false });
    expect(DEFAULT_SETTINGS.autoLockMinutes).toBe(15);
  });

  it('stores a schema version beside the values and reads them back', async () => {
    const area = memoryArea();
    const next = await updateSettings(area, { autoLockMinutes: 5, disabledSites: ['https://Bank.Example/login', 'shop.example.'] });
    // validated and normalised, but only the plain fields are stored here: the sites are sealed (below)
    expect(next).toEqual({ autoLockMinutes: 5, disabledSites: ['bank.example', 'shop.example'], developerMode: false });
    expect(area.data[SETTINGS_KEY]).toEqual({ schema: SETTINGS_SCHEMA, settings: { autoLockMinutes: 5, developerMode: false } });
    expect(await loadSettings(area)).toEqual({ autoLockMinutes: 5, disabledSites: [], developerMode: false });
  });

  it('rejects bad values with the error naming them, and keeps the stored settings', async () => {
    const area = memoryArea();
    await updateSettings(area, { autoLockMinutes: 30 });
    await expect(updateSettings(area, { autoLockMinutes: -1 })).rejects.toThrow(RangeError);
    await expect(updateSettings(area, { autoLockMinutes: 2.5 })).rejects.toThrow(/autoLockMinutes/);
    await expect(updateSettings(area, { disabledSites: ['not a host!'] })).rejects.toThrow(/Not a site/);
    await expect(updateSettings(area, { disabledSites: 'bank.example' })).rejects.toThrow(TypeError);
    await expect(updateSettings(area, { pin: '1234' } as never)).rejects.toThrow(/Unknown setting/);
    expect(await loadSettings(area)).toEqual({ autoLockMinutes: 30, disabledSites: [], developerMode: false });
  });

  it('damaged or future stored values fall back to defaults field by field', async () => {
    // a plain list an earlier build wrote is not read from here (./disabled-sites.ts migrates it)
    expect(await loadSettings(memoryArea({ [SETTINGS_KEY]: { schema: 1, settings: { autoLockMinutes: 'x', disabledSites: ['a.example'] } } }))).toEqual({
      autoLockMinutes: 15,
      disabledSites: [],
      developerMode: false,
    });
    expect(await loadSettings(memoryArea({ [SETTINGS_KEY]: { schema: 99, settings: { autoLockMinutes: 0, extra: true } } }))).toEqual({
      autoLockMinutes: 0,
      disabledSites: [],
      developerMode: false,
    });
    expect(await loadSettings(memoryArea({ [SETTINGS_KEY]: 'garbage' }))).toEqual({ autoLockMinutes: 15, disabledSites: [], developerMode: false });
  });

  it('developerMode: off by default, stored as a boolean, anything else refused or read as off', async () => {
    const area = memoryArea();
    expect((await loadSettings(area)).developerMode).toBe(false);
    expect((await updateSettings(area, { developerMode: true })).developerMode).toBe(true);
    expect((await loadSettings(area)).developerMode).toBe(true);
    await expect(updateSettings(area, { developerMode: 'yes' })).rejects.toThrow(/developerMode/);
    expect((await loadSettings(area)).developerMode).toBe(true);
    expect((await updateSettings(area, { developerMode: false })).developerMode).toBe(false);
    expect((await loadSettings(memoryArea({ [SETTINGS_KEY]: { schema: 1, settings: { developerMode: 'true' } } }))).developerMode).toBe(false);
  });

  it('a disabled site covers its subdomains, not look-alikes', () => {
    const sites = ['bank.example'];
    expect(isSiteDisabled('bank.example', sites)).toBe(true);
    expect(isSiteDisabled('login.bank.example', sites)).toBe(true);
    expect(isSiteDisabled('evil-bank.example', sites)).toBe(false);
    expect(isSiteDisabled('bank.example.evil.net', sites)).toBe(false);
    expect(normalizeSite('')).toBeNull();
    expect(normalizeSite('http://localhost:8787/')).toBe('localhost');
  });

  it('auto-lock: the alarm time is idle minutes after the last use; 0 means no timer', () => {
    expect(autoLockAt(1_000, 15)).toBe(1_000 + 15 * 60_000);
    expect(autoLockAt(1_000, 0)).toBeNull();
  });
});

describe('disabled sites, sealed under the vault key (SECURITY.md case 30)', () => {
  const KDF = { alg: 'argon2id', m: 64, t: 1, p: 1 } as const;
  let vault: Vault;
  beforeAll(async () => {
    vault = await Vault.open('disabled-sites-test');
    await vault.setPin('1234-test', KDF);
  });

  /** everything the area holds, as text, as anyone reading the profile's storage would see it */
  const dump = (area: { data: Record<string, unknown> }) => JSON.stringify(area.data);

  it('case 30: the disabled-sites list is not readable at rest', async () => {
    const area = memoryArea();
    await updateSettings(area, { autoLockMinutes: 5, disabledSites: ['bank.example'] });
    expect(await writeDisabledSites(area, vault, ['https://Bank.Example/login'])).toEqual(['bank.example']);
    expect(dump(area)).not.toMatch(/bank/i);
    expect(area.data[SEALED_SITES_KEY]).toMatchObject({ v: 1, iv: expect.any(String), ct: expect.any(String) });
    expect(await readDisabledSites(area, vault)).toEqual(['bank.example']);
    // locked: not known (the prompt asks for the PIN first)
    expect(await readDisabledSites(area, null)).toBeNull();
    // padded: one site or five, the ciphertext is the same length
    const one = (area.data[SEALED_SITES_KEY] as { ct: string }).ct.length;
    await writeDisabledSites(area, vault, ['a.example', 'b.example', 'c.example', 'd.example', 'e.example']);
    expect((area.data[SEALED_SITES_KEY] as { ct: string }).ct.length).toBe(one);
    expect(dump(area)).not.toMatch(/example/);
  });

  it('a plain list from an earlier build is kept while locked, then sealed and deleted at the first unlocked read', async () => {
    const area = memoryArea({ [SETTINGS_KEY]: { schema: 1, settings: { autoLockMinutes: 7, disabledSites: ['old.example'] } } });
    // changing the auto-lock while locked keeps the plain list for the migration
    await updateSettings(area, { autoLockMinutes: 8 });
    expect(await readDisabledSites(area, null)).toBeNull();
    expect(dump(area)).toContain('old.example');
    expect(await readDisabledSites(area, vault)).toEqual(['old.example']);
    expect(dump(area)).not.toContain('old.example');
    expect(area.data[SETTINGS_KEY]).toEqual({ schema: 1, settings: { autoLockMinutes: 8, developerMode: false } });
    expect(await readDisabledSites(area, vault)).toEqual(['old.example']);
    // a new list written later merges nothing stale back in
    await writeDisabledSites(area, vault, ['new.example']);
    expect(await readDisabledSites(area, vault)).toEqual(['new.example']);
  });

  it('a list sealed under another vault key (after a reset) or altered reads as empty; forgetting removes it', async () => {
    const area = memoryArea();
    await writeDisabledSites(area, vault, ['bank.example']);
    const other = await Vault.open('disabled-sites-other');
    await other.setPin('5678-test', KDF);
    expect(await readDisabledSites(area, other)).toEqual([]);
    const sealed = area.data[SEALED_SITES_KEY] as { ct: string };
    area.data[SEALED_SITES_KEY] = { ...sealed, ct: `${sealed.ct[0] === 'A' ? 'B' : 'A'}${sealed.ct.slice(1)}` };
    expect(await readDisabledSites(area, vault)).toEqual([]);
    await forgetDisabledSites(area);
    expect(area.data[SEALED_SITES_KEY]).toBeUndefined();
  });
});
