/**
 * Typed settings with defaults and a schema version, disabled sites, and the auto-lock time.
 */
import { describe, expect, it } from 'vitest';
import {
  autoLockAt,
  DEFAULT_SETTINGS,
  isSiteDisabled,
  loadSettings,
  normalizeSite,
  SETTINGS_KEY,
  SETTINGS_SCHEMA,
  updateSettings,
  type SettingsArea,
} from '../../src/background/settings-store.js';

function memoryArea(initial: Record<string, unknown> = {}): SettingsArea & { data: Record<string, unknown> } {
  const data = structuredClone(initial);
  return {
    data,
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
    expect(await loadSettings(memoryArea())).toEqual({ autoLockMinutes: 15, disabledSites: [] });
    expect(DEFAULT_SETTINGS.autoLockMinutes).toBe(15);
  });

  it('stores a schema version beside the values and reads them back', async () => {
    const area = memoryArea();
    const next = await updateSettings(area, { autoLockMinutes: 5, disabledSites: ['https://Bank.Example/login', 'shop.example.'] });
    expect(next).toEqual({ autoLockMinutes: 5, disabledSites: ['bank.example', 'shop.example'] });
    expect(area.data[SETTINGS_KEY]).toEqual({ schema: SETTINGS_SCHEMA, settings: next });
    expect(await loadSettings(area)).toEqual(next);
  });

  it('rejects bad values with the error naming them, and keeps the stored settings', async () => {
    const area = memoryArea();
    await updateSettings(area, { autoLockMinutes: 30 });
    await expect(updateSettings(area, { autoLockMinutes: -1 })).rejects.toThrow(RangeError);
    await expect(updateSettings(area, { autoLockMinutes: 2.5 })).rejects.toThrow(/autoLockMinutes/);
    await expect(updateSettings(area, { disabledSites: ['not a host!'] })).rejects.toThrow(/Not a site/);
    await expect(updateSettings(area, { disabledSites: 'bank.example' })).rejects.toThrow(TypeError);
    await expect(updateSettings(area, { pin: '1234' } as never)).rejects.toThrow(/Unknown setting/);
    expect(await loadSettings(area)).toEqual({ autoLockMinutes: 30, disabledSites: [] });
  });

  it('damaged or future stored values fall back to defaults field by field', async () => {
    expect(await loadSettings(memoryArea({ [SETTINGS_KEY]: { schema: 1, settings: { autoLockMinutes: 'x', disabledSites: ['a.example'] } } }))).toEqual({
      autoLockMinutes: 15,
      disabledSites: ['a.example'],
    });
    expect(await loadSettings(memoryArea({ [SETTINGS_KEY]: { schema: 99, settings: { autoLockMinutes: 0, extra: true } } }))).toEqual({
      autoLockMinutes: 0,
      disabledSites: [],
    });
    expect(await loadSettings(memoryArea({ [SETTINGS_KEY]: 'garbage' }))).toEqual({ autoLockMinutes: 15, disabledSites: [] });
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
