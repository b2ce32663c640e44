/**
 * The Signal API in the background: a relying party tells Passkeep which of its passkeys it
 * no longer accepts, or the current names of an account.
 * https://w3c.github.io/webauthn/#sctn-signal-methods
 *
 * Decisions:
 *  - The page learns nothing: the promise resolves (undefined) as soon as the options are valid
 *    and the RP ID is one the calling origin may claim, before the vault is touched, and no
 *    prompt is shown.
 *  - Passkeys the RP no longer accepts are removed (not hidden): the RP says it holds no public
 *    key for them, so they can never sign in again; keeping hidden ciphertext would only make
 *    the popup's list lie. Only the caller's RP ID and (for the accepted list) the named user
 *    are ever touched.
 *  - A locked vault can't be read (the indexes are keyed under the vault key), so signals wait
 *    in `storage.session` (memory only, trusted contexts only, at most MAX_QUEUED) and are
 *    applied on the next unlock, before the unlock completes. A browser restart while locked drops them; the RP signals
 *    again on its next visit. With no PIN set there is nothing to act on.
 */
import browser from 'webextension-polyfill';
import { fromBase64url, toBase64url } from '../core/base64url.js';
import type { Caller } from '../core/caller.js';
import { resolveRpId } from '../core/rp-id.js';
import { toSignalOptions, type SignalOptions } from '../core/signal-options.js';
import type { WireValue } from '../core/wire-value.js';
import { applySignal } from './signal-effects.js';
import { getVault, onUnlocked } from './vault-service.js';

const QUEUE_KEY = 'pendingSignals';
export const MAX_QUEUED = 64;

/** JSON-safe form for storage.session: bytes as base64url. */
type QueuedSignal = Record<string, string | string[]>;

/**
 * Validates a signal from `caller` and returns once it is accepted; applying it happens after.
 * Throws TypeError (bad options) or SecurityError (an RP ID the origin may not claim).
 */
export function acceptSignal(kind: unknown, options: WireValue | undefined, caller: Caller): Promise<void> {
  const signal = toSignalOptions(kind, options);
  // https://w3c.github.io/webauthn/#sctn-signal-methods: "If options.rpId is not a registrable
  // domain suffix of and is not equal to effectiveDomain, … SecurityError."
  resolveRpId(caller.host, signal.rpId);
  void applyOrQueue(signal).catch(() => undefined);
  return Promise.resolve();
}

async function applyOrQueue(signal: SignalOptions): Promise<void> {
  const vault = await getVault();
  const state = await vault.state();
  if (state === 'unlocked') return applySignal(vault, signal);
  if (state === 'locked') await enqueue(signal);
}

function toQueued(s: SignalOptions): QueuedSignal {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(s) as [string, string | Uint8Array | Uint8Array[]][]) {
    out[k] = v instanceof Uint8Array ? toBase64url(v) : Array.isArray(v) ? v.map((x) => toBase64url(x)) : v;
  }
  return out;
}

function fromQueued(q: QueuedSignal): SignalOptions {
  const bytesKeys = ['credentialId', 'userId'];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(q)) {
    out[k] = bytesKeys.includes(k) ? fromBase64url(v as string) : Array.isArray(v) ? v.map(fromBase64url) : v;
  }
  return out as SignalOptions;
}

async function readQueue(): Promise<QueuedSignal[]> {
  const stored = (await browser.storage.session.get(QUEUE_KEY))[QUEUE_KEY];
  return Array.isArray(stored) ? (stored as QueuedSignal[]) : [];
}

async function enqueue(signal: SignalOptions): Promise<void> {
  const queue = [...(await readQueue()), toQueued(signal)].slice(-MAX_QUEUED);
  await browser.storage.session.set({ [QUEUE_KEY]: queue });
}

/** Applies and clears the queued signals; runs after every unlock. */
export async function drainQueuedSignals(): Promise<void> {
  const queue = await readQueue();
  if (queue.length === 0) return;
  await browser.storage.session.remove(QUEUE_KEY);
  const vault = await getVault();
  for (const q of queue) {
    try {
      await applySignal(vault, fromQueued(q));
    } catch {
      // one bad entry must not stop the rest
    }
  }
}

onUnlocked(drainQueuedSignals);
