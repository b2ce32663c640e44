/**
 * Records each ceremony a `ceremony` port carries into the inspector's log, when developer
 * mode is on (read once per request, in parallel with the ceremony: nothing waits for it).
 * The ceremony code calls begin when a request arrives, noteCaller once the browser-reported
 * caller is known, and end with whatever the page is answered. Nothing here changes an answer.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import type { Caller } from '../core/caller.js';
import type { CeremonyLogEntry } from '../core/protocol.js';
import type { WireValue } from '../core/wire-value.js';
import type { Outcome } from '../../content-scripts/page-channel.js';
import { ceremonyLog } from './ceremony-log.js';
import { loadSettings } from './settings-store.js';

interface Pending {
  startedAt: number;
  op: CeremonyLogEntry['op'];
  signal?: string;
  mediation: string | null;
  options: WireValue | null;
  caller: Caller | null;
  /** the failure scenario applied to the answer (developer mode), if one was */
  scenario?: string;
  on: Promise<boolean>;
}

const pending = new WeakMap<Runtime.Port, Pending>();

export async function developerModeOn(): Promise<boolean> {
  return (await loadSettings(browser.storage.local)).developerMode;
}

export function beginRecord(port: Runtime.Port, message: { op?: unknown; kind?: unknown; mediation?: WireValue; options?: WireValue }): void {
  const op = message.op;
  if (op !== 'create' && op !== 'get' && op !== 'signal') return; // capability queries are not ceremonies
  const on = developerModeOn().catch(() => false);
  pending.set(port, {
    startedAt: Date.now(),
    op,
    ...(op === 'signal' && typeof message.kind === 'string' ? { signal: message.kind } : {}),
    mediation: typeof message.mediation === 'string' ? message.mediation : null,
    options: message.options ?? null,
    caller: null,
    on,
  });
}

export function noteCaller(port: Runtime.Port, caller: Caller): void {
  const record = pending.get(port);
  if (record) record.caller = caller;
}

/** The person chose a failure scenario for this ceremony, and it is being applied: the inspector marks it. */
export function noteScenario(port: Runtime.Port, scenario: string): void {
  const record = pending.get(port);
  if (record) record.scenario = scenario;
}

/** `outcome` null: the page aborted or went away before an answer. */
export function endRecord(port: Runtime.Port, outcome: Outcome | null): void {
  const record = pending.get(port);
  if (!record) return;
  pending.delete(port);
  const durationMs = Date.now() - record.startedAt;
  void record.on.then((on) => {
    if (!on) return;
    // Before the caller is known (it failed itself) the sender's own origin is the best there is
    // (never the URL: its path and query may carry what the page keeps private).
    const origin = record.caller?.origin ?? (port.sender as { origin?: string } | undefined)?.origin ?? 'unknown';
    const entry: Omit<CeremonyLogEntry, 'seq'> = {
      op: record.op,
      ...(record.signal ? { signal: record.signal } : {}),
      origin,
      topOrigin: record.caller?.topOrigin ?? origin,
      sameOriginWithAncestors: record.caller?.sameOriginWithAncestors ?? true,
      startedAt: record.startedAt,
      durationMs,
      mediation: record.mediation,
      options: record.options,
      outcome: 'error',
      ...(record.scenario ? { scenario: record.scenario } : {}),
    };
    if (outcome === null) entry.error = { name: 'AbortError', message: 'The page aborted the request or went away.' };
    else if (!outcome.ok) entry.error = outcome.error;
    else if ('value' in outcome) {
      entry.outcome = 'success';
      entry.result = outcome.value;
    } else if ('handoff' in outcome) entry.outcome = 'handoff';
    else entry.outcome = record.op === 'signal' ? 'success' : 'none';
    ceremonyLog.add(entry);
  });
}
