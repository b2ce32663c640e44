/**
 * fast-check generators for what a hostile page can put on the wire: any JSON-shaped value
 * (with tagged bytes), and mutations of valid options at random paths. Shared by the options
 * fuzzing (case 22) and the background message fuzzing (the adversarial suite).
 */
import fc from 'fast-check';
import { toBase64url } from '../../../src/core/base64url';
import { BYTES_TAG, type WireObject, type WireValue } from '../../../src/core/wire-value';

/**
 * How many runs a fuzz property makes: `full` in `npm run test:adversarial`
 * (ADVERSARIAL_RUNS=full), a share of it otherwise (`npm test`, `vitest run`).
 */
export function fuzzRuns(full: number, share = 0.03): number {
  const mode = process.env.ADVERSARIAL_RUNS;
  if (mode === 'full') return full;
  const factor = mode && Number.isFinite(Number(mode)) ? Number(mode) : share;
  return Math.max(1, Math.round(full * factor));
}

// Member names the code reads, so that random dictionaries often hit real members.
export const KEYS = [
  'rp', 'id', 'name', 'user', 'displayName', 'challenge', 'pubKeyCredParams', 'type', 'alg', 'timeout',
  'excludeCredentials', 'allowCredentials', 'transports', 'authenticatorSelection', 'authenticatorAttachment',
  'residentKey', 'requireResidentKey', 'userVerification', 'hints', 'attestation', 'attestationFormats',
  'extensions', 'rpId', 'credProps', 'prf', 'eval', 'evalByCredential', 'first', 'second', 'largeBlob',
  'support', 'read', 'write', 'appid', 'uvm', '', '__proto__', 'constructor', 'toString', 'AAAA', 'AQ',
];

export const bytesArb: fc.Arbitrary<WireValue> = fc.oneof(
  fc.uint8Array({ maxLength: 80 }).map((b) => ({ [BYTES_TAG]: toBase64url(b) })),
  // not valid base64url, or not canonical: must be a TypeError, never a crash
  // the bounds the spec sets on byte lengths (user.id: 1 to 64)
  fc.constantFrom(0, 1, 64, 65).map((n) => ({ [BYTES_TAG]: toBase64url(new Uint8Array(n).fill(n)) })),
  fc.string({ maxLength: 12 }).map((s) => ({ [BYTES_TAG]: s })),
  fc.constantFrom<WireValue>({ [BYTES_TAG]: 'AB==' }, { [BYTES_TAG]: 'A' }, { [BYTES_TAG]: 'AR' }),
);

export const scalarArb: fc.Arbitrary<WireValue> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-7, -8, -257, -35, 0, 2 ** 31, 2 ** 32 + 1, -(2 ** 53), Number.MAX_SAFE_INTEGER, 1e308),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('public-key', 'example.org', 'localhost', 'required', 'preferred', 'discouraged', 'direct', 'none', 'enterprise', 'com', ''),
  // RP IDs around public suffixes, for the callers of the fuzz tests
  fc.constantFrom('org', 'b.example.org', 'co.uk', 'b.co.uk', 'uk', 'github.io', 'foo.github.io', 'io', 'amazonaws.com', 'compute.amazonaws.com', 'example.compute.amazonaws.com'),
);

export const wireArb: fc.Arbitrary<WireValue> = fc.letrec<{ value: WireValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarArb,
    bytesArb,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })), tie('value'), { maxKeys: 5 }),
  ),
})).value;

type Path = (string | number)[];

/** A copy of `base` with the value at a random path replaced, or deleted, or nested deeper. */
function mutate(base: WireValue, path: Path, replacement: WireValue | undefined): WireValue {
  if (path.length === 0) return replacement === undefined ? null : replacement;
  if (base === null || typeof base !== 'object') return base;
  const [head, ...rest] = path;
  if (Array.isArray(base)) {
    if (base.length === 0) return [replacement ?? null];
    const index = Number(head) % base.length;
    const copy = base.slice();
    copy[index] = mutate(copy[index]!, rest, replacement);
    return copy;
  }
  const keys = Object.keys(base);
  const key = typeof head === 'string' || keys.length === 0 ? String(head) : keys[Number(head) % keys.length]!;
  const copy: WireObject = { ...base };
  if (rest.length === 0 && replacement === undefined) delete copy[key];
  else copy[key] = mutate(copy[key] ?? {}, rest, replacement);
  return copy;
}

const pathArb = fc.array(fc.oneof(fc.nat(8), fc.constantFrom(...KEYS)), { maxLength: 5 });
export const mutationsArb = fc.array(fc.tuple(pathArb, fc.option(wireArb, { nil: undefined })), { minLength: 1, maxLength: 4 });

export function applyAll(base: WireValue, mutations: [Path, WireValue | undefined][]): WireValue {
  return mutations.reduce((value, [path, replacement]) => mutate(value, path, replacement), base);
}
