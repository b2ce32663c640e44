/**
 * The person's settings, typed, in `storage.local` under one key with a schema version and a
 * migrations list (refined-github's habit). What is stored here in plain text holds no secret
 * and names no site: the sites the person chose to exclude are sealed under the vault key
 * (./disabled-sites.ts, SECURITY.md case 30); a plain `disabledSites` an earlier build wrote
 * here is left alone until that module migrates it at the first unlock.
 *
 * No extension API is imported here: the background passes `browser.storage.local`, tests
 * pass a map.
 */
import type { Settings } from '../core/protocol.js';

export const SETTINGS_KEY = 'settings';
export const SETTINGS_SCHEMA = 1;

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({ autoLockMinutes: 15, disabledSites: [], developerMode: false });

/** At most a day; 0 means "only on browser restart or Lock now". */
export const MAX_AUTO_LOCK_MINUTES = 24 * 60;
const MAX_DISABLED_SITES = 1000;

export interface SettingsArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

interface StoredSettings {
  schema: number;
  settings: Record<string, unknown>;
}

/** migrations[i] turns schema i's settings into schema i + 1's. Schema 0: nothing stored. */
const migrations: ((old: Record<string, unknown>) => Record<string, unknown>)[] = [() => ({ ...DEFAULT_SETTINGS })];

/** A host name as the person might type it ("https://Example.com/login" → "example.com"), or null. */
export function normalizeSite(input: string): string | null {
  let text = input.trim().toLowerCase();
  if (!text) return null;
  if (!/^[a-z][a-z0-9+.-]*:\/\//.test(text)) text = `https://${text}`;
  let host: string;
  try {
    host = new URL(text).hostname;
  } catch {
    return null;
  }
  host = host.replace(/\.$/, '');
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(host) || host.length > 253) return null;
  return host;
}

function checkAutoLock(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_AUTO_LOCK_MINUTES) {
    throw new RangeError(`autoLockMinutes must be a whole number from 0 to ${MAX_AUTO_LOCK_MINUTES}.`);
  }
  return value;
}

/** Validates a list of sites: host names, normalised, without duplicates, sorted. */
export function checkSites(value: unknown): string[] {
  if (!Array.isArray(value)) throw new TypeError('disabledSites must be a list of host names.');
  if (value.length > MAX_DISABLED_SITES) throw new RangeError(`At most ${MAX_DISABLED_SITES} disabled sites.`);
  const out = new Set<string>();
  for (const entry of value) {
    const host = typeof entry === 'string' ? normalizeSite(entry) : null;
    if (!host) throw new TypeError(`Not a site: ${String(entry)}`);
    out.add(host);
  }
  return [...out].sort();
}

/** Applies a validated partial update. Throws TypeError/RangeError naming the bad value. */
export function mergeSettings(current: Settings, patch: Partial<Record<keyof Settings, unknown>>): Settings {
  if (!patch || typeof patch !== 'object') throw new TypeError('settings must be an object');
  const next: Settings = { ...current, disabledSites: [...current.disabledSites] };
  for (const key of Object.keys(patch)) {
    if (key !== 'autoLockMinutes' && key !== 'disabledSites' && key !== 'developerMode') throw new TypeError(`Unknown setting ${key}.`);
  }
  if (patch.developerMode !== undefined) {
    if (typeof patch.developerMode !== 'boolean') throw new TypeError('developerMode must be true or false.');
    next.developerMode = patch.developerMode;
  }
  if (patch.autoLockMinutes !== undefined) next.autoLockMinutes = checkAutoLock(patch.autoLockMinutes);
  if (patch.disabledSites !== undefined) next.disabledSites = checkSites(patch.disabledSites);
  return next;
}

/** Reads whatever is stored, migrates it, and falls back to defaults field by field; disabledSites is always empty here. */
export function settingsFromStored(raw: unknown): Settings {
  let schema = 0;
  let settings: Record<string, unknown> = {};
  if (raw && typeof raw === 'object' && typeof (raw as StoredSettings).schema === 'number') {
    schema = (raw as StoredSettings).schema;
    settings = { ...((raw as StoredSettings).settings ?? {}) };
  }
  if (schema > SETTINGS_SCHEMA) schema = SETTINGS_SCHEMA; // written by a newer build: read what we know
  for (let v = schema; v < SETTINGS_SCHEMA; v++) settings = migrations[v]!(settings);
  const out: Settings = { ...DEFAULT_SETTINGS, disabledSites: [] };
  try {
    out.autoLockMinutes = checkAutoLock(settings.autoLockMinutes);
  } catch {
    // keep the default
  }
  // Developer mode only when it is exactly true: anything else stored keeps it off.
  out.developerMode = settings.developerMode === true;
  // disabledSites is never read from here: the list lives sealed (./disabled-sites.ts).
  return out;
}

export async function loadSettings(area: SettingsArea): Promise<Settings> {
  return settingsFromStored((await area.get(SETTINGS_KEY))[SETTINGS_KEY]);
}

/**
 * Validates `patch` (every field, so a bad disabledSites is refused before anything is written)
 * and stores the plain fields; the caller seals `disabledSites` (./disabled-sites.ts). A plain
 * list from an earlier build stays as it was, for that module to migrate.
 */
export async function updateSettings(area: SettingsArea, patch: Partial<Record<keyof Settings, unknown>>): Promise<Settings> {
  const raw = (await area.get(SETTINGS_KEY))[SETTINGS_KEY] as Partial<StoredSettings> | undefined;
  const next = mergeSettings(settingsFromStored(raw), patch);
  const legacy = raw?.schema === SETTINGS_SCHEMA && raw.settings && 'disabledSites' in raw.settings ? { disabledSites: raw.settings.disabledSites } : {};
  const stored: StoredSettings = { schema: SETTINGS_SCHEMA, settings: { autoLockMinutes: next.autoLockMinutes, developerMode: next.developerMode, ...legacy } };
  await area.set({ [SETTINGS_KEY]: stored });
  return next;
}

/** True when `host` is a disabled site or a subdomain of one. */
export function isSiteDisabled(host: string, disabledSites: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return disabledSites.some((site) => h === site || h.endsWith(`.${site}`));
}

/** When the vault should lock after use at `now`, or null for never (0 minutes). */
export function autoLockAt(now: number, minutes: number): number | null {
  return minutes > 0 ? now + minutes * 60_000 : null;
}
