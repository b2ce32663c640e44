/**
 * The PIN side of the vault: the wrapped vault key and its KDF parameters, the attempt counter,
 * and whether the vault is locked (the keys held in memory, or none). It writes only `meta`,
 * never a passkey record, and only inside the vault's one lock (./record-store.ts), so that an
 * unlock never interleaves with a record write that uses the keys it replaces.
 */
import type { IDBPDatabase } from 'idb';
import type { VaultState, VaultStatus } from '../core/protocol.js';
import { DEFAULT_KDF, isWeakerKdf, type KdfParams, type KdfTarget } from './kdf.js';
import { waitAfterFailures } from './pin-rules.js';
import { writing, type WriteLock } from './record-store.js';
import { VaultLockedError } from './vault-errors.js';
import { importVaultKey, unwrapVaultKey, wrapVaultKey, type VaultKeys } from './vault-keys.js';
import type { PasskeysDB, PinAttempts, VaultMeta } from './vault-schema.js';

export type UnlockResult = { ok: true } | { ok: false; reason: 'wrong-pin' | 'wait'; retryAfterSeconds: number };

type Checked = { ok: true; raw: Uint8Array; meta: VaultMeta } | Exclude<UnlockResult, { ok: true }>;

export class PinLock {
  private keysHeld: VaultKeys | null = null;

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

  private setKeys(keys: VaultKeys | null): void {
    this.keysHeld = keys;
    this.onKeys(keys);
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
    return { state: await this.state(), retryAfterSeconds: Math.max(0, Math.ceil((attempts.notBefore - now) / 1000)) };
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
      const wrappedKey = await wrapVaultKey(raw, pin, params);
      const keys = await importVaultKey(raw);
      await writing(() => this.db.put('meta', { kdf: params, wrappedKey, createdAt: Date.now() }, 'vault'));
      this.setKeys(keys);
    });
  }

  /**
   * Checks `pin` against the wrapped key. The attempt is counted and persisted before the
   * comparison, so stopping the background mid-check gives no free guess (SECURITY.md case 19).
   */
  private async checkPin(pin: string, now: number): Promise<Checked> {
    const meta = await this.meta();
    if (!meta) throw new Error('no PIN has been set');
    const attempts = await this.attempts();
    if (attempts.notBefore > now) {
      return { ok: false, reason: 'wait', retryAfterSeconds: Math.ceil((attempts.notBefore - now) / 1000) };
    }
    const failures = attempts.failures + 1;
    const pending: PinAttempts = { failures, notBefore: now + waitAfterFailures(failures) * 1000 };
    await writing(() => this.db.put('meta', pending, 'pin-attempts'));
    const raw = await unwrapVaultKey(meta.wrappedKey, pin, meta.kdf);
    if (!raw) {
      return { ok: false, reason: 'wrong-pin', retryAfterSeconds: Math.max(0, Math.ceil((pending.notBefore - now) / 1000)) };
    }
    return { ok: true, raw, meta };
  }

  /** Writes the (re-)wrapped key and clears the attempt counter in one transaction. */
  private async storeWrapped(meta: VaultMeta): Promise<void> {
    await writing(async () => {
      const tx = this.db.transaction('meta', 'readwrite');
      await Promise.all([tx.store.put(meta, 'vault'), tx.store.put({ failures: 0, notBefore: 0 }, 'pin-attempts'), tx.done]);
    });
  }

  /**
   * Checks `pin` and unlocks. When the stored KDF parameters are weaker than this build's,
   * the vault key is re-wrapped under the new parameters (fresh salt) in the same step.
   */
  unlock(pin: string, now: number): Promise<UnlockResult> {
    return this.writeLock.run(async () => {
      const checked = await this.checkPin(pin, now);
      if (!checked.ok) return checked;
      const { raw, meta } = checked;
      if (isWeakerKdf(meta.kdf, this.kdfTarget)) {
        const kdf = this.freshKdf();
        await this.storeWrapped({ ...meta, kdf, wrappedKey: await wrapVaultKey(raw, pin, kdf) });
      } else {
        await writing(() => this.db.put('meta', { failures: 0, notBefore: 0 }, 'pin-attempts'));
      }
      this.setKeys(await importVaultKey(raw));
      return { ok: true };
    });
  }

  /**
   * Changes the PIN by re-wrapping the vault key only: no passkey record is touched. The old
   * PIN is checked under the same attempt rules as an unlock. Leaves the vault unlocked.
   */
  changePin(oldPin: string, newPin: string, now: number): Promise<UnlockResult> {
    return this.writeLock.run(async () => {
      const checked = await this.checkPin(oldPin, now);
      if (!checked.ok) return checked;
      const kdf = this.freshKdf();
      await this.storeWrapped({ ...checked.meta, kdf, wrappedKey: await wrapVaultKey(checked.raw, newPin, kdf) });
      this.setKeys(await importVaultKey(checked.raw));
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

  async restoreSessionKey(raw: Uint8Array): Promise<void> {
    this.setKeys(await importVaultKey(raw));
  }
}
