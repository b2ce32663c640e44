/**
 * A stand-in for hash-wasm's argon2id in tests that drive the background: a keyed hash keeps a
 * wrong PIN wrong and the right PIN right, without Argon2id's deliberate cost (most of a second
 * per PIN check). Use: `vi.mock('hash-wasm', () => import('./support/fast-argon2'))`.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

export async function argon2id(options: { password: string; salt: Uint8Array; hashLength: number }): Promise<Uint8Array> {
  return hmac(sha256, options.salt, new TextEncoder().encode(options.password)).slice(0, options.hashLength);
}
