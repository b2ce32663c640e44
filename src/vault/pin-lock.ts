/**
 * The PIN side of the vault: the wrapped vault key and its KDF parameters, the attempt counter,
 * and whether the vault is locked (the keys held in memory, or none). The vault key is wrapped
 * under the PIN alone ("PIN-only", the recovery path once authenticators are enrolled), and/or
 * once per enrolled authenticator under the PIN and that authenticator's PRF output
 * (./unlock-keys.ts); every wrapping holds the same vault key. It writes only `meta`,
 * never a passkey record, and only inside the vault's one lock (./record-store.ts), so that an
 * unlock never interleaves with a record write that uses the keys it replaces.
 */
import type { IDBPDatabase } from 'idb';
import { toBase64url } from '../core/base64url.js';
import { equalBytes } from '../core/bytes.js';
import type { VaultState, VaultStatus } from '../core/protocol.js';
import { DEFAULT_KDF, deriveKeyEncryptionKey, isWeakerKdf, type KdfParams, type KdfTarget } from './kdf.js';
import { waitAfterFailures } from './pin-rules.js';
import { writing, type WriteLock } from './record-store.js';
import { VaultLockedError } from './vault-errors.js';
import { openForAuthenticator, pinCheckFor, pinCheckMatches, sealForAuthenticator, type PrfAnswer, type UnlockKey } from './unlock-keys.js';
import { importVaultKey, openVaultKey, sealVaultKey, type VaultKeys } from './vault-keys.js';
import type { PasskeysDB, PinAttempts, VaultMeta } from './vault-schema.js';

/**
 * `needs-authenticator`: no PIN-only wrapping is left and no authenticator answered; nothing was
 * counted (no PIN was compared).
 */
export type UnlockFailure = { ok: false; reason: 'wrong-pin' | 'wait' | 'needs-authenticator'; retryAfterSeconds: number };
export type UnlockResult = { ok: true } | UnlockFailure;

type Checked = { ok: true; raw: Uint8Array; meta: VaultMeta; pinKey: Uint8Array } | UnlockFailure;

/** The most authenticators one vault enrols (each costs nothing at unlock; the bound keeps `meta` small). */
export const MAX_UNLOCK_KEYS = 10;

/** A new enrolment: the authenticator's answer at its random salt, and the person's name for it. */
export interface Enrolment extends PrfAnswer {
  salt: Uint8Array;
  label: string;
}

export class UnlockKeyError extends Error {
  override readonly name = 'UnlockKeyError';
}

export class PinLock {
  private keysHeld: VaultKeys | null = null;
  /** ./unlock-keys.ts#pinCheckFor while unlocked: confirms the PIN without any PIN-only wrapping */
  private pinCheck: Uint8Array | null = null;

  constructor(
    private readonly db: IDBPDatabase<PasskeysDB>,
    private readonly writeLock: WriteLock,
    private readonly kdfTarget: KdfTarget = DEFAULT_KDF,
    /** told whenever the keys change or go (the read memos are dropped then) */
    private readonly onKeys: (keys: VaultKeys | null) => void = () => undefined,
  ) {}

  get keys(): VaultKeys | null {
    return this.keysHeld;
  }

  private setKeys(keys: VaultKeys | null, pinCheck: Uint8Array | null = null): void {
    this.keysHeld = keys;
    this.pinCheck = keys ? pinCheck : null;
    this.onKeys(keys);
  }

  private async holdKeys(raw: Uint8Array, pinKey: Uint8Array): Promise<void> {
    this.setKeys(await importVaultKey(raw), pinCheckFor(raw, pinKey));
  }

  requireKeys(): VaultKeys {
    if (!this.keysHeld) throw new VaultLockedError('the vault is locked');
    return this.keysHeld;
  }

  private async meta(): Promise<VaultMeta | undefined> {
    return (await this.db.get('meta', 'vault')) as VaultMeta | undefined;
  }

  private async attempts(): Promise<PinAttempts> {
    return ((await this.db.get('meta', 'pin-attempts')) as PinAttempts | undefined) ?? { failures: 0, notBefore: 0 };
  }

  async state(): Promise<VaultState> {
    if (this.keysHeld) return 'unlocked';
    return (await this.meta()) ? 'locked' : 'no-pin';
  }

  async status(now: number): Promise<VaultStatus> {
    const attempts = await this.attempts();
    const status: VaultStatus = { state: await this.state(), retryAfterSeconds: Math.max(0, Math.ceil((attempts.notBefore - now) / 1000)) };
    const meta = await this.meta();
    const keys = meta?.unlockKeys ?? [];
    if (meta && keys.length > 0) {
      // What an extension page needs to ask the authenticators (credential ids, salts): no secret.
      status.unlockKeys = keys.map((k) => ({ id: toBase64url(k.id), salt: toBase64url(k.salt), label: k.label, addedAt: k.addedAt }));
      status.pinOnly = meta.wrappedKey !== undefined;
    }
    return status;
  }

  /** The stored KDF parameters (no salt), for the About page. */
  async kdfParams(): Promise<Omit<KdfParams, 'salt'> | null> {
    const meta = await this.meta();
    if (!meta) return null;
    const { salt: _salt, ...rest } = meta.kdf;
    return rest;
  }

  private freshKdf(kdf: KdfTarget = this.kdfTarget): KdfParams {
    return { ...kdf, salt: crypto.getRandomValues(new Uint8Array(16)) };
  }

  /** First run: creates the vault key and wraps it under `pin`. Leaves the vault unlocked. */
  setPin(pin: string, kdf: KdfTarget = this.kdfTarget): Promise<void> {
    return this.writeLock.run(async () => {
      if (await this.meta()) throw new Error('a PIN is already set');
      const raw = crypto.getRandomValues(new Uint8Array(32));
      const params = this.freshKdf(kdf);
      const pinKey = await deriveKeyEncryptionKey(pin, params);
      const wrappedKey = await sealVaultKey(raw, pinKey);
      await writing(() => this.db.put('meta', { kdf: params, wrappedKey, createdAt: Date.now() }, 'vault'));
      await this.holdKeys(raw, pinKey);
    });
  }

  /**
   * Checks `pin` (with `answer`, an authenticator's PRF output, when given) against one wrapping:
   * the answering authenticator's; else, while unlocked, the PIN check held in memory; else the
   * PIN-only wrapping. The attempt is counted and persisted before the comparison, so stopping
   * the background mid-check gives no free guess (SECURITY.md case 19), whichever wrapping it is.
   */
  private async checkPin(pin: string, now: number, answer?: PrfAnswer): Promise<Checked> {
    const meta = await this.meta();
    if (!meta) throw new Error('no PIN has been set');
    const attempts = await this.attempts();
    if (attempts.notBefore > now) {
      return { ok: false, reason: 'wait', retryAfterSeconds: Math.ceil((attempts.notBefore - now) / 1000) };
    }
    const enrolled = answer ? (meta.unlockKeys ?? []).find((k) => equalBytes(k.id, answer.credentialId)) : undefined;
    if (answer && !enrolled) throw new UnlockKeyError('This security key or passkey is not enrolled to unlock Passkeep.');
    const held = this.keysHeld && this.pinCheck ? { raw: this.keysHeld.raw, check: this.pinCheck } : null;
    if (!enrolled && !held && !meta.wrappedKey) return { ok: false, reason: 'needs-authenticator', retryAfterSeconds: 0 };
    const failures = attempts.failures + 1;
    const pending: PinAttempts = { failures, notBefore: now + waitAfterFailures(failures) * 1000 };
    await writing(() => this.db.put('meta', pending, 'pin-attempts'));
    const pinKey = await deriveKeyEncryptionKey(pin, meta.kdf);
    let raw: Uint8Array | null;
    if (enrolled && answer) raw = await openForAuthenticator(enrolled, pinKey, answer);
    else if (held) raw = pinCheckMatches(held.raw, pinKey, held.check) ? held.raw.slice() : null;
    else raw = await openVaultKey(meta.wrappedKey!, pinKey);
    if (!raw) {
      return { ok: false, reason: 'wrong-pin', retryAfterSeconds: Math.max(0, Math.ceil((pending.notBefore - now) / 1000)) };
    }
    return { ok: true, raw, meta, pinKey };
  }

  /** Writes the (re-)wrapped key and clears the attempt counter in one transaction. */
  private async storeWrapped(meta: VaultMeta): Promise<void> {
    await writing(async () => {
      const tx = this.db.transaction('meta', 'readwrite');
      await Promise.all([tx.store.put(meta, 'vault'), tx.store.put({ failures: 0, notBefore: 0 }, 'pin-attempts'), tx.done]);
    });
  }

  /**
   * Checks `pin` (and `answer`, when an enrolled authenticator answered) and unlocks. When the
   * stored KDF parameters are weaker than this build's and only the PIN-only wrapping exists,
   * the vault key is re-wrapped under the new parameters (fresh salt) in the same step. With
   * authenticators enrolled the parameters stay: a new salt would need every authenticator's
   * PRF output at once, and each wrapping already rests on its authenticator, not on the KDF.
   */
  unlock(pin: string, now: number, answer?: PrfAnswer): Promise<UnlockResult> {
    return this.writeLock.run(async () => {
      const checked = await this.checkPin(pin, now, answer);
      if (!checked.ok) return checked;
      const { raw, meta } = checked;
      let pinKey = checked.pinKey;
      if (isWeakerKdf(meta.kdf, this.kdfTarget) && meta.wrappedKey && !meta.unlockKeys?.length) {
        const kdf = this.freshKdf();
        pinKey = await deriveKeyEncryptionKey(pin, kdf);
        await this.storeWrapped({ ...meta, kdf, wrappedKey: await sealVaultKey(raw, pinKey) });
      } else {
        await writing(() => this.db.put('meta', { failures: 0, notBefore: 0 }, 'pin-attempts'));
      }
      await this.holdKeys(raw, pinKey);
      return { ok: true };
    });
  }

  /**
   * Enrols an authenticator while unlocked: the PIN is confirmed (counted like an unlock), the
   * vault key wrapped under the PIN and `enrolment`'s PRF output. `keepPinOnly` false removes the
   * PIN-only wrapping (from then on the PIN alone opens nothing, even with the files); true keeps
   * it, or puts it back, as a recovery path.
   */
  enrol(pin: string, now: number, enrolment: Enrolment, keepPinOnly: boolean): Promise<UnlockResult> {
    return this.changeWrappings(pin, now, async (meta, raw, pinKey) => {
      const keys = meta.unlockKeys ?? [];
      if (keys.some((k) => equalBytes(k.id, enrolment.credentialId))) throw new UnlockKeyError('This authenticator is enrolled already.');
      if (keys.length >= MAX_UNLOCK_KEYS) throw new UnlockKeyError(`At most ${MAX_UNLOCK_KEYS} authenticators can be enrolled.`);
      const entry: UnlockKey = {
        id: enrolment.credentialId.slice(),
        salt: enrolment.salt.slice(),
        label: enrolment.label,
        wrappedKey: await sealForAuthenticator(raw, pinKey, enrolment),
        addedAt: now,
      };
      return this.withPinOnly({ ...meta, unlockKeys: [...keys, entry] }, raw, pinKey, keepPinOnly);
    });
  }

  /**
   * Removes one enrolled authenticator (PIN confirmed). When it was the last one and no PIN-only
   * wrapping is left, the PIN-only wrapping comes back: the vault never ends with no way in.
   */
  removeUnlockKey(pin: string, now: number, credentialId: Uint8Array): Promise<UnlockResult> {
    return this.changeWrappings(pin, now, async (meta, raw, pinKey) => {
      const keys = meta.unlockKeys ?? [];
      const rest = keys.filter((k) => !equalBytes(k.id, credentialId));
      if (rest.length === keys.length) throw new UnlockKeyError('This authenticator is not enrolled.');
      return this.withPinOnly({ ...meta, unlockKeys: rest }, raw, pinKey, rest.length === 0 || meta.wrappedKey !== undefined);
    });
  }

  /** Keeps (or puts back) the PIN-only wrapping as a recovery path, or removes it while an authenticator is enrolled. */
  setPinOnly(pin: string, now: number, keep: boolean): Promise<UnlockResult> {
    return this.changeWrappings(pin, now, async (meta, raw, pinKey) => {
      if (!keep && !meta.unlockKeys?.length) throw new UnlockKeyError('Enrol an authenticator before removing the PIN-only unlock.');
      return this.withPinOnly(meta, raw, pinKey, keep);
    });
  }

  private async withPinOnly(meta: VaultMeta, raw: Uint8Array, pinKey: Uint8Array, keep: boolean): Promise<VaultMeta> {
    const { wrappedKey, ...rest } = meta;
    if (!keep) return rest;
    return { ...rest, wrappedKey: wrappedKey ?? (await sealVaultKey(raw, pinKey)) };
  }

  /** Confirms the PIN on an unlocked vault, then stores the wrappings `change` makes (one write). */
  private changeWrappings(
    pin: string,
    now: number,
    change: (meta: VaultMeta, raw: Uint8Array, pinKey: Uint8Array) => Promise<VaultMeta>,
  ): Promise<UnlockResult> {
    return this.writeLock.run(async () => {
      this.requireKeys();
      const checked = await this.checkPin(pin, now);
      if (!checked.ok) return checked;
      await this.storeWrapped(await change(checked.meta, checked.raw, checked.pinKey));
      return { ok: true };
    });
  }

  /**
   * Changes the PIN by re-wrapping the vault key only: no passkey record is touched. The old
   * PIN is checked under the same attempt rules as an unlock. Leaves the vault unlocked.
   */
  changePin(oldPin: string, newPin: string, now: number): Promise<UnlockResult> {
    return this.writeLock.run(async () => {
      // Each authenticator's wrapping needs its own PRF output to be re-wrapped under a new PIN.
      if ((await this.meta())?.unlockKeys?.length) {
        throw new UnlockKeyError('Remove the enrolled security keys and passkeys first; enrol them again after changing the PIN.');
      }
      const checked = await this.checkPin(oldPin, now);
      if (!checked.ok) return checked;
      const kdf = this.freshKdf();
      const pinKey = await deriveKeyEncryptionKey(newPin, kdf);
      await this.storeWrapped({ ...checked.meta, kdf, wrappedKey: await sealVaultKey(checked.raw, pinKey) });
      await this.holdKeys(checked.raw, pinKey);
      return { ok: true };
    });
  }

  lock(): void {
    this.setKeys(null);
  }

  /** The raw vault key, for `storage.session` only. */
  sessionKey(): Uint8Array | null {
    return this.keysHeld ? this.keysHeld.raw.slice() : null;
  }

  /** The PIN check held while unlocked (./unlock-keys.ts#pinCheckFor), for `storage.session` only. */
  sessionPinCheck(): Uint8Array | null {
    return this.keysHeld && this.pinCheck ? this.pinCheck.slice() : null;
  }

  async restoreSessionKey(raw: Uint8Array, pinCheck: Uint8Array | null = null): Promise<void> {
    this.setKeys(await importVaultKey(raw), pinCheck);
  }
}
