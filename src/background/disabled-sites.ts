/**
 * The sites where the person turned Passkeep off, kept out of readable storage (SECURITY.md
 * case 30, issue 9 item 9): a site the person disabled is exactly one they care about, so the
 * list is sealed (AES-256-GCM under the vault's record key, its own AAD: Vault#sealSettings) in
 * `storage.local`, padded so that its length says little about how many sites it holds.
 *
 * It is readable only while the vault is unlocked. While locked the list is not known, so a
 * site's request goes to Passkeep's prompt, which asks for the PIN and then, if the site turns
 * out to be disabled, hands the request to the browser (./ceremony.ts). The unlocked list is
 * not kept anywhere else: opening it is one storage read and one AES-GCM decryption, memoised
 * here in memory by its ciphertext and sealer; while locked the memo is never consulted (there is
 * no sealer), and a reset forgets it.
 *
 * A plain list written by an earlier build (`settings.disabledSites`) is merged into the sealed
 * one at the first read while unlocked, then deleted from the plain settings.
 *
 * No extension API here: the background passes `browser.storage.local` and the vault.
 */
import { fromBase64url, toBase64url } from '../core/base64url.js';
import { fromUtf8, utf8 } from '../core/bytes.js';
import type { WrappedKey } from '../vault/vault-keys.js';
import { checkSites, SETTINGS_KEY, type SettingsArea } from './settings-store.js';

export const SEALED_SITES_KEY = 'sealedSites';
const FORMAT = 1;
/** The plaintext is padded to a multiple of this many bytes. */
const PAD = 512;

/** What can seal and open the list: the unlocked vault (Vault#sealSettings, Vault#openSettings). */
export interface SiteSealer {
  sealSettings(plaintext: Uint8Array): Promise<WrappedKey>;
  openSettings(sealed: WrappedKey): Promise<Uint8Array>;
}

interface StoredSealed {
  v: number;
  iv: string;
  ct: string;
}

export interface AreaWithRemove extends SettingsArea {
  remove(key: string): Promise<void>;
}

/** The last list opened or sealed, by whom and from which ciphertext: a memo for another sealer (vault key) is no use. */
let memo: { sealer: SiteSealer; ct: string; sites: string[] } | null = null;

function padded(sites: readonly string[]): Uint8Array {
  const json = JSON.stringify(sites);
  const bytes = utf8(json).length;
  // JSON allows trailing whitespace, so the padding needs no length field.
  return utf8(json + ' '.repeat(Math.ceil((bytes + 1) / PAD) * PAD - bytes));
}

async function openStored(raw: unknown, sealer: SiteSealer): Promise<string[]> {
  const stored = raw as Partial<StoredSealed> | undefined;
  if (!stored || stored.v !== FORMAT || typeof stored.iv !== 'string' || typeof stored.ct !== 'string') return [];
  if (memo?.sealer === sealer && memo.ct === stored.ct) return [...memo.sites];
  try {
    const sites = checkSites(JSON.parse(fromUtf8(await sealer.openSettings({ iv: fromBase64url(stored.iv), ct: fromBase64url(stored.ct) }))));
    memo = { sealer, ct: stored.ct, sites };
    return [...sites];
  } catch {
    // Sealed under a vault key since reset, or damaged: no site is disabled; the next save replaces it.
    return [];
  }
}

async function seal(area: SettingsArea, sealer: SiteSealer, sites: string[]): Promise<void> {
  const { iv, ct } = await sealer.sealSettings(padded(sites));
  const stored: StoredSealed = { v: FORMAT, iv: toBase64url(iv), ct: toBase64url(ct) };
  await area.set({ [SEALED_SITES_KEY]: stored });
  memo = { sealer, ct: stored.ct, sites: [...sites] };
}

/** A plain list from an earlier build, merged into the sealed one and removed from the plain settings. */
async function migratePlain(area: SettingsArea, sealer: SiteSealer, sealed: string[]): Promise<string[]> {
  const plain = (await area.get(SETTINGS_KEY))[SETTINGS_KEY] as { schema?: unknown; settings?: Record<string, unknown> } | undefined;
  if (!plain?.settings || !('disabledSites' in plain.settings)) return sealed;
  let legacy: string[] = [];
  try {
    legacy = checkSites(plain.settings.disabledSites);
  } catch {
    // unreadable: nothing to carry over, but it is still removed
  }
  const merged = checkSites([...sealed, ...legacy]);
  if (legacy.length > 0) await seal(area, sealer, merged);
  const { disabledSites: _plain, ...rest } = plain.settings;
  await area.set({ [SETTINGS_KEY]: { ...plain, settings: rest } });
  return merged;
}

/** The disabled sites, or null while the vault is locked (`sealer` null): the list is not known then. */
export async function readDisabledSites(area: SettingsArea, sealer: SiteSealer | null): Promise<string[] | null> {
  if (!sealer) return null;
  const sealed = await openStored((await area.get(SEALED_SITES_KEY))[SEALED_SITES_KEY], sealer);
  return migratePlain(area, sealer, sealed);
}

/** Validates and seals a new list (host names, normalised and sorted); needs the unlocked vault. */
export async function writeDisabledSites(area: SettingsArea, sealer: SiteSealer, sites: unknown): Promise<string[]> {
  const checked = checkSites(sites);
  await migratePlain(area, sealer, []);
  await seal(area, sealer, checked);
  return checked;
}

/** After a reset the old list can never be opened again: drop it. */
export async function forgetDisabledSites(area: AreaWithRemove): Promise<void> {
  memo = null;
  await area.remove(SEALED_SITES_KEY);
}
