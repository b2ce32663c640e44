/**
 * The Signal API in the background: a relying party tells Passkeep which of its passkeys it
 * no longer accepts, or the current names of an account.
 * https://w3c.github.io/webauthn/#sctn-signal-methods
 *
 * Decisions:
 *  - The page learns nothing: the promise resolves (undefined) as soon as the options are valid
 *    and the RP ID is one the calling origin may claim, before the vault is touched, and no
 *    prompt is shown.
 *  - Passkeys the RP no longer knows or accepts are hidden, never deleted (SECURITY.md case 25):
 *    any origin that may claim the RP ID (a sibling subdomain, an XSS anywhere under the site)
 *    can send a signal, and a guessable user handle must not let it destroy a passkey. A hidden
 *    passkey is neither offered nor signs; the popup lists it with the reason and the origin
 *    that hid it, and the person restores or deletes it. A signalAllAcceptedCredentials that
 *    lists a hidden passkey again shows it again. Only the caller's RP ID and (for the
 *    accepted list and the details) the named user are ever touched.
 *  - A locked vault can't be read (the indexes are keyed under the vault key), so signals wait
 *    in `storage.session` (memory only, trusted contexts only, at most MAX_QUEUED) with the
 *    origin that sent them, and are applied on the next unlock, before the unlock completes.
 *    Applied late they still only hide (or show, or rename): nothing a queue holds can delete.
 *    A browser restart while locked drops them; the RP signals again on its next visit. With
 *    no PIN set there is nothing to act on.
 */
import browser from 'webextension-polyfill';
import { fromBase64url, toBase64url } from '../core/base64url.js';
import type { Caller } from '../core/caller.js';
import { resolveRpId } from '../core/rp-id.js';
import { toSignalOptions, type SignalOptions } from '../core/signal-options.js';
import type { WireValue } from '../core/wire-value.js';
import { applySignal, type SignalSource } from './signal-effects.js';
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
  void applyOrQueue(signal, { origin: caller.origin, at: Date.now() }).catch(() => undefined);
  return Promise.resolve();
}

async function applyOrQueue(signal: SignalOptions, source: SignalSource): Promise<void> {
  const vault = await getVault();
  const state = await vault.state();
  if (state === 'unlocked') return applySignal(vault, signal, source);
  if (state === 'locked') await enqueue(signal, source);
}

/** The signal's own fields, and who sent it when under `$origin` / `$at` (no signal field starts with `$`). */
function toQueued(s: SignalOptions, source: SignalSource): QueuedSignal {
  const out: Record<string, string | string[]> = { $origin: source.origin, $at: String(source.at) };
  for (const [k, v] of Object.entries(s) as [string, string | Uint8Array | Uint8Array[]][]) {
    out[k] = v instanceof Uint8Array ? toBase64url(v) : Array.isArray(v) ? v.map((x) => toBase64url(x)) : v;
  }
  return out;
}

function fromQueued(q: QueuedSignal): { signal: SignalOptions; source: SignalSource } {
  const bytesKeys = ['credentialId', 'userId'];
  const { $origin, $at, ...fields } = q;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = bytesKeys.includes(k) ? fromBase64url(v as string) : Array.isArray(v) ? v.map(fromBase64url) : v;
  }
  return { signal: out as SignalOptions, source: { origin: typeof $origin === 'string' ? $origin : '', at: Number($at) || 0 } };
}

async function readQueue(): Promise<QueuedSignal[]> {
  const stored = (await browser.storage.session.get(QUEUE_KEY))[QUEUE_KEY];
  return Array.isArray(stored) ? (stored as QueuedSignal[]) : [];
}

async function enqueue(signal: SignalOptions, source: SignalSource): Promise<void> {
  const queue = [...(await readQueue()), toQueued(signal, source)].slice(-MAX_QUEUED);
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
      const { signal, source } = fromQueued(q);
      await applySignal(vault, signal, source);
    } catch {
      // one bad entry must not stop the rest
    }
  }
}

onUnlocked(drainQueuedSignals);
