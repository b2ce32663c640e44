// SECURITY.md case 22: random and mutated creation/request options never crash, never hang, and
// always end in success or a spec error name. Property-based (fast-check) over the path the
// background runs for every page request: Web IDL conversion (toCreationOptions /
// toRequestOptions), the client algorithm up to the authenticator (prepareCreate / prepareGet,
// with extension processing), and for a share of the accepted ones the authenticator itself.
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { toBase64url } from '../../src/core/base64url';
import type { Caller } from '../../src/core/caller';
import { toCreationOptions } from '../../src/core/creation-options';
import { CeremonyError } from '../../src/core/errors';
import { getAssertion } from '../../src/core/get-assertion';
import { makeCredential } from '../../src/core/make-credential';
import { prepareCreate } from '../../src/core/prepare-create';
import { prepareGet } from '../../src/core/prepare-get';
import type { WebAuthnErrorName } from '../../src/core/protocol';
import { toRequestOptions } from '../../src/core/request-options';
import { BYTES_TAG, type WireObject } from '../../src/core/wire-value';
import { creationWire, requestWire } from './support/ceremony-fixtures';
import { expectAcceptedCreate, expectAcceptedGet, expectFlags } from './support/fuzz-oracles';
import { applyAll, bytesArb, fuzzRuns, mutationsArb, wireArb } from './support/wire-arbitraries';

// The full count (ADVERSARIAL_RUNS=full) runs for minutes, and a loaded machine slows the share too.
vi.setConfig({ testTimeout: 900_000 });

const SPEC_ERRORS: ReadonlySet<WebAuthnErrorName> = new Set([
  'TypeError',
  'SecurityError',
  'NotSupportedError',
  'NotAllowedError',
  'SyntaxError',
]);

const CALLERS: Caller[] = [
  { origin: 'https://example.org', host: 'example.org', sameOriginWithAncestors: true, topOrigin: 'https://example.org' },
  { origin: 'https://a.b.example.org', host: 'a.b.example.org', sameOriginWithAncestors: true, topOrigin: 'https://a.b.example.org' },
  { origin: 'http://localhost:8080', host: 'localhost', sameOriginWithAncestors: true, topOrigin: 'http://localhost:8080' },
  { origin: 'https://example.org', host: 'example.org', sameOriginWithAncestors: false, topOrigin: 'https://evil.example' },
  // Hosts right under a public suffix (ICANN and private), where claiming too much is the bug.
  { origin: 'https://a.b.co.uk', host: 'a.b.co.uk', sameOriginWithAncestors: true, topOrigin: 'https://a.b.co.uk' },
  { origin: 'https://foo.github.io', host: 'foo.github.io', sameOriginWithAncestors: false, topOrigin: 'https://example.org' },
  { origin: 'https://www.example.compute.amazonaws.com', host: 'www.example.compute.amazonaws.com', sameOriginWithAncestors: true, topOrigin: 'https://www.example.compute.amazonaws.com' },
];

/** Outcomes seen, so each test can show it reached both success and every kind of rejection. */
const seen = new Map<string, number>();

/** Runs `fn`; success, or a CeremonyError with a spec name. Anything else fails the property. */
function outcome<T>(fn: () => T): T | null {
  try {
    const value = fn();
    seen.set('success', (seen.get('success') ?? 0) + 1);
    return value;
  } catch (error) {
    if (!(error instanceof CeremonyError)) throw error;
    expect(SPEC_ERRORS.has(error.name)).toBe(true);
    seen.set(error.name, (seen.get(error.name) ?? 0) + 1);
    return null;
  }
}

afterAll(() => {
  // The generators reach success and each spec error the options can cause. (NotAllowedError
  // for cross-origin frames is decided before the options, in src/background/frame-policy.ts.)
  for (const name of ['success', 'TypeError', 'SecurityError', 'NotSupportedError', 'SyntaxError']) {
    expect(seen.get(name) ?? 0, name).toBeGreaterThan(0);
  }
});

const validExtensions: fc.Arbitrary<WireObject> = fc.record(
  {
    credProps: fc.boolean(),
    prf: fc.record({ eval: fc.record({ first: bytesArb, second: bytesArb }, { requiredKeys: ['first'] }) }, { requiredKeys: [] }),
    largeBlob: fc.record({ support: fc.constantFrom('required', 'preferred'), read: fc.boolean(), write: bytesArb }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<WireObject>;

describe('case 22: fuzz: creation options (toCreationOptions + prepareCreate)', () => {
  it('random wire values: success or a spec error name', () => {
    fc.assert(
      fc.property(wireArb, fc.constantFrom(...CALLERS), (options, caller) => {
        const prepared = outcome(() => prepareCreate(toCreationOptions(options), caller));
        if (prepared) expectAcceptedCreate(prepared, caller);
      }),
      { numRuns: fuzzRuns(40_000, 0.1) },
    );
  });

  it('mutated valid options (with extensions): success or a spec error name', () => {
    fc.assert(
      fc.property(validExtensions, mutationsArb, fc.constantFrom(...CALLERS), (extensions, mutations, caller) => {
        const options = applyAll(creationWire({ extensions, pubKeyCredParams: [{ type: 'public-key', alg: -8 }, { type: 'public-key', alg: -7 }] }), mutations);
        const prepared = outcome(() => prepareCreate(toCreationOptions(options), caller));
        if (prepared) expectAcceptedCreate(prepared, caller);
      }),
      { numRuns: fuzzRuns(60_000, 0.1) },
    );
  });

  it('accepted ones go through the authenticator: a credential, or a spec error name', async () => {
    await fc.assert(
      fc.asyncProperty(validExtensions, mutationsArb, fc.boolean(), async (extensions, mutations, userVerified) => {
        // RS256 key generation is slow; ES256 and EdDSA keep the run short.
        const options = applyAll(creationWire({ extensions, pubKeyCredParams: [{ type: 'public-key', alg: -8 }, { type: 'public-key', alg: -7 }] }), mutations);
        const prepared = outcome(() => prepareCreate(toCreationOptions(options), CALLERS[0]!));
        if (!prepared || prepared.alg === -257) return;
        expectAcceptedCreate(prepared, CALLERS[0]!);
        const { result } = await makeCredential(prepared, { userPresent: true, userVerified }, 1);
        expect(result.publicKeyAlgorithm).toBe(prepared.alg);
        // The flags say what the ceremony established, no more.
        expectFlags(result.authenticatorData, { up: true, uv: userVerified });
        expect(JSON.parse(JSON.stringify(result))).toEqual(result);
      }),
      { numRuns: fuzzRuns(4_000, 0.1) },
    );
  });
});

describe('case 22: fuzz: request options (toRequestOptions + prepareGet)', () => {
  it('random wire values: success or a spec error name', () => {
    fc.assert(
      fc.property(wireArb, fc.constantFrom(...CALLERS), (options, caller) => {
        const prepared = outcome(() => prepareGet(toRequestOptions(options), caller));
        if (prepared) expectAcceptedGet(prepared, caller);
      }),
      { numRuns: fuzzRuns(40_000, 0.1) },
    );
  });

  it('mutated valid options (with prf.evalByCredential and largeBlob): success or a spec error name, and the authenticator copes', async () => {
    const { record } = await makeCredential(
      prepareCreate(toCreationOptions(creationWire()), CALLERS[0]!),
      { userPresent: true, userVerified: true },
      1,
    );
    const id = { [BYTES_TAG]: toBase64url(record.credentialId) };
    let signed = 0;
    // The evalByCredential key: this credential's id (accepted) or any string (SyntaxError).
    const keyArb = fc.oneof(fc.constant(toBase64url(record.credentialId)), fc.string({ maxLength: 8 }));
    await fc.assert(
      fc.asyncProperty(mutationsArb, bytesArb, fc.boolean(), keyArb, async (mutations, input, userVerified, key) => {
        const base = requestWire({
          allowCredentials: [{ type: 'public-key', id }],
          extensions: {
            prf: { eval: { first: input }, evalByCredential: { [key]: { first: input, second: input } } },
            largeBlob: { read: true },
          },
        });
        const prepared = outcome(() => prepareGet(toRequestOptions(applyAll(base, mutations)), CALLERS[0]!));
        if (!prepared) return;
        expectAcceptedGet(prepared, CALLERS[0]!);
        // A third of the accepted ones are signed (ES256 signing is quick, but thousands add up).
        if (signed++ % 3 !== 0) return;
        const assertion = await getAssertion(prepared, { ...record, signCount: 1 }, { userPresent: true, userVerified });
        expectFlags(assertion.authenticatorData, { up: true, uv: userVerified });
        expect(JSON.parse(JSON.stringify(assertion))).toEqual(assertion);
      }),
      { numRuns: fuzzRuns(60_000, 0.1) },
    );
  });
});
