/**
 * The plaintext form of a passkey record before encryption: versioned JSON, bytes base64url.
 *
 * Tolerant by design: optional fields (`prfSecret`, `largeBlob`, `counterless`, `hidden`, `namedBy`, and any
 * optional field a later PasskeyRecord gains) round-trip when present, under `x`, so that a
 * record written by a newer build and re-sealed by this one loses nothing. `alg` is any COSE
 * algorithm identifier; whether it can sign is the core's business, not the codec's.
 */
import { fromBase64url, toBase64url } from '../core/base64url.js';
import { fromUtf8, utf8 } from '../core/bytes.js';
import type { HiddenReason, PasskeyHidden, PasskeyNamedBy, PasskeyRecord } from '../core/passkey-record.js';

const RECORD_VERSION = 1;

/** The fields every record has; everything else is optional and travels under `x`. */
const CORE_FIELDS = new Set([
  'credentialId', 'rpId', 'rpName', 'userId', 'userName', 'userDisplayName', 'alg',
  'privateKey', 'publicKey', 'signCount', 'createdAt', 'lastUsedAt', 'backedUp',
]);

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

function extraToJson(value: unknown): Json | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Uint8Array) return { $b: toBase64url(value) };
  if (Array.isArray(value)) return value.map((v) => extraToJson(v) ?? null);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) {
      const j = extraToJson(v);
      if (j !== undefined) out[k] = j;
    }
    return out;
  }
  return undefined;
}

function extraFromJson(value: Json): unknown {
  if (Array.isArray(value)) return value.map(extraFromJson);
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === '$b' && typeof value.$b === 'string') return fromBase64url(value.$b);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, extraFromJson(v)]));
  }
  return value;
}

/** The record as a JSON object (also the element of a passkeep-backup file). */
export function recordToJson(record: PasskeyRecord): Record<string, Json> {
  const x: Record<string, Json> = {};
  for (const [k, v] of Object.entries(record)) {
    if (CORE_FIELDS.has(k)) continue;
    const j = extraToJson(v);
    if (j !== undefined) x[k] = j;
  }
  return {
    v: RECORD_VERSION,
    credentialId: toBase64url(record.credentialId),
    rpId: record.rpId,
    rpName: record.rpName,
    userId: toBase64url(record.userId),
    userName: record.userName,
    userDisplayName: record.userDisplayName,
    alg: record.alg,
    privateKey: toBase64url(record.privateKey),
    publicKey: toBase64url(record.publicKey),
    signCount: record.signCount,
    createdAt: record.createdAt,
    lastUsedAt: record.lastUsedAt,
    backedUp: record.backedUp,
    ...(Object.keys(x).length > 0 ? { x } : {}),
  };
}

const HIDDEN_REASONS: readonly HiddenReason[] = ['unknown-credential', 'not-accepted'];

/** `hidden` is optional, but when present it must say why, by whom and when. */
function hiddenFromJson(value: unknown): PasskeyHidden {
  const h = value as Partial<Record<keyof PasskeyHidden, unknown>> | null;
  if (!h || typeof h !== 'object' || Array.isArray(h)) throw new TypeError('record.x.hidden is not an object');
  if (!HIDDEN_REASONS.includes(h.reason as HiddenReason)) throw new TypeError(`record.x.hidden.reason ${String(h.reason)} is unknown`);
  if (typeof h.origin !== 'string') throw new TypeError('record.x.hidden.origin is not a string');
  if (typeof h.at !== 'number' || !Number.isSafeInteger(h.at)) throw new TypeError('record.x.hidden.at is not an integer');
  return { reason: h.reason as HiddenReason, origin: h.origin, at: h.at };
}

/** `namedBy` is optional, but when present it must say by whom and when. */
function namedByFromJson(value: unknown): PasskeyNamedBy {
  const n = value as Partial<Record<keyof PasskeyNamedBy, unknown>> | null;
  if (!n || typeof n !== 'object' || Array.isArray(n)) throw new TypeError('record.x.namedBy is not an object');
  if (typeof n.origin !== 'string') throw new TypeError('record.x.namedBy.origin is not a string');
  if (typeof n.at !== 'number' || !Number.isSafeInteger(n.at)) throw new TypeError('record.x.namedBy.at is not an integer');
  return { origin: n.origin, at: n.at };
}

export function recordFromJson(raw: unknown): PasskeyRecord {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new TypeError('record is not an object');
  const r = raw as Record<string, unknown>;
  if (r.v !== RECORD_VERSION) throw new Error(`unknown record version ${String(r.v)}`);
  const str = (k: string): string => {
    const v = r[k];
    if (typeof v !== 'string') throw new TypeError(`record.${k} is not a string`);
    return v;
  };
  const num = (k: string): number => {
    const v = r[k];
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new TypeError(`record.${k} is not an integer`);
    return v;
  };
  const extras: Record<string, unknown> = {};
  if (r.x !== undefined) {
    if (!r.x || typeof r.x !== 'object' || Array.isArray(r.x)) throw new TypeError('record.x is not an object');
    for (const [k, v] of Object.entries(r.x as Record<string, Json>)) {
      if (CORE_FIELDS.has(k)) throw new TypeError(`record.x.${k} shadows a core field`);
      extras[k] = extraFromJson(v);
    }
    if (extras.hidden !== undefined) extras.hidden = hiddenFromJson(extras.hidden);
    if (extras.namedBy !== undefined) extras.namedBy = namedByFromJson(extras.namedBy);
  }
  const signCount = num('signCount');
  if (signCount < 0 || signCount > 0xffffffff) throw new RangeError('record.signCount is out of range');
  return {
    ...extras,
    credentialId: fromBase64url(str('credentialId')),
    rpId: str('rpId'),
    rpName: str('rpName'),
    userId: fromBase64url(str('userId')),
    userName: str('userName'),
    userDisplayName: str('userDisplayName'),
    alg: num('alg'),
    privateKey: fromBase64url(str('privateKey')),
    publicKey: fromBase64url(str('publicKey')),
    signCount,
    createdAt: num('createdAt'),
    lastUsedAt: r.lastUsedAt === null ? null : num('lastUsedAt'),
    backedUp: r.backedUp === true,
  };
}

export function encodeRecord(record: PasskeyRecord): Uint8Array {
  return utf8(JSON.stringify(recordToJson(record)));
}

export function decodeRecord(bytes: Uint8Array): PasskeyRecord {
  return recordFromJson(JSON.parse(fromUtf8(bytes)));
}
