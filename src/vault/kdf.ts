/**
 * The PIN-to-key derivation: Argon2id (RFC 9106) via hash-wasm.
 * Parameters are stored beside the wrapped key so a later version can raise them and re-wrap
 * on the next unlock.
 */
import { argon2id } from 'hash-wasm';

export interface KdfParams {
  alg: 'argon2id';
  /** memory in KiB */
  m: number;
  /** iterations */
  t: number;
  /** parallelism */
  p: number;
  salt: Uint8Array;
}

/**
 * 64 MiB, 3 passes: above OWASP's floor (19 MiB, t=2) and still about a second or less per
 * unlock on the project's 2-core machines (scripts/vault-bench.mjs, figure unlock_ms: ~360 ms in
 * Node 20; 0.5–1.2 s in Chromium and Firefox ESR with other browsers running). Raising these
 * re-wraps every vault's key on its next unlock (Vault.unlock).
 */
export const DEFAULT_KDF: Omit<KdfParams, 'salt'> = { alg: 'argon2id', m: 65536, t: 3, p: 1 };

export async function deriveKeyEncryptionKey(pin: string, params: KdfParams): Promise<Uint8Array> {
  if (params.alg !== 'argon2id') throw new Error(`unknown KDF ${String(params.alg)}`);
  // Whatever asked, Argon2id never runs above the ceiling (SECURITY.md case 28).
  if (!(params.m <= MAX_KDF.m && params.t <= MAX_KDF.t && params.p <= MAX_KDF.p)) {
    throw new RangeError(`KDF cost above Passkeep's ceiling (m=${params.m} KiB, t=${params.t}, p=${params.p})`);
  }
  return argon2id({
    password: pin,
    salt: params.salt,
    parallelism: params.p,
    iterations: params.t,
    memorySize: params.m,
    hashLength: 32,
    outputType: 'binary',
  });
}

/** KDF parameters without the salt: what a build aims for. */
export type KdfTarget = Omit<KdfParams, 'salt'>;

/** True when `stored` is cheaper to attack than `target` in memory or passes (re-wrap on unlock). */
export function isWeakerKdf(stored: KdfParams, target: KdfTarget): boolean {
  return stored.alg !== target.alg || stored.m < target.m || stored.t < target.t;
}

/** OWASP's floor for Argon2id (m=19 MiB, t=2, p=1); no parameters below it are accepted. */
export const MIN_KDF: KdfTarget = { alg: 'argon2id', m: 19456, t: 2, p: 1 };

/**
 * The most a file may ask of Argon2id: twice the memory Passkeep writes today (room for one
 * raise of DEFAULT_KDF), a few more passes and lanes. A backup's parameters are read before
 * its passphrase can be checked, so they are the attacker's choice until then: anything above
 * this is refused without running the KDF (SECURITY.md case 28).
 */
export const MAX_KDF: KdfTarget = { alg: 'argon2id', m: 2 * DEFAULT_KDF.m, t: 8, p: 4 };

/** Whether a file's KDF parameters lie within [MIN_KDF, MAX_KDF]: integers, never run otherwise. */
export function isAcceptableFileKdf(k: { m: unknown; t: unknown; p: unknown }): boolean {
  const within = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;
  return within(k.m, MIN_KDF.m, MAX_KDF.m) && within(k.t, MIN_KDF.t, MAX_KDF.t) && within(k.p, MIN_KDF.p, MAX_KDF.p);
}
