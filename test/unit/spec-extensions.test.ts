// WebAuthn extensions (https://w3c.github.io/webauthn/#sctn-extensions): credProps
// (#sctn-authenticator-credential-properties-extension), prf (#prf-extension, with its CTAP
// hmac-secret test vectors, #test-vectors-extensions-prf-ctap) and largeBlob
// (#sctn-large-blob-extension); unknown extensions ignored. Ceremonies carrying them are verified
// by @simplewebauthn/server; PRF outputs are checked against an independent computation.
import 'fake-indexeddb/auto';
import { createHash, createHmac } from 'node:crypto';
import { verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from '../../src/core/base64url';
import { utf8 } from '../../src/core/bytes';
import { CeremonyError } from '../../src/core/errors';
import { LARGE_BLOB_MAX_BYTES, largeBlobToWrite } from '../../src/core/extension-results';
import { getAssertion } from '../../src/core/get-assertion';
import { makeCredential } from '../../src/core/make-credential';
import type { PasskeyRecord } from '../../src/core/passkey-record';
import { evaluatePrf, prfSalt } from '../../src/core/prf';
import type { PreparedGet } from '../../src/core/prepare-get';
import { BYTES_TAG, type WireObject } from '../../src/core/wire-value';
import { Vault } from '../../src/vault/vault';
import { authenticationJSON, bytes, ORIGIN, prepCreate, prepGet, registrationJSON, RP_ID } from './support/ceremony-fixtures';

const UV = { userPresent: true as const, userVerified: true };
const NO_UV = { userPresent: true as const, userVerified: false };
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const untagBytes = (v: unknown): Uint8Array => fromBase64url((v as { [BYTES_TAG]: string })[BYTES_TAG]);

/** PRF as the spec defines it, computed with node:crypto rather than the code under test. */
function independentPrf(credRandom: Uint8Array, input: Uint8Array): string {
  const salt = createHash('sha256').update(Buffer.from('WebAuthn PRF\u0000', 'latin1')).update(input).digest();
  return createHmac('sha256', credRandom).update(salt).digest('hex');
}

function expectError(fn: () => unknown, name: string): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(CeremonyError);
  expect((thrown as CeremonyError).name).toBe(name);
}

async function newPasskey(extensions: WireObject = {}, consent = UV) {
  return makeCredential(prepCreate({ extensions }), consent, 1);
}

/** Signs with the record's next counter value. */
async function signWith(record: PasskeyRecord, prepared: PreparedGet) {
  return { assertion: await getAssertion(prepared, { ...record, signCount: record.signCount + 1 }, UV) };
}

// https://w3c.github.io/webauthn/#test-vectors-extensions-prf-ctap
describe('prf test vectors (CTAP2 hmac-secret): salts and outputs byte for byte', () => {
  const seed = utf8('WebAuthn PRF test vectors');
  const sha = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());
  const first = Uint8Array.from([...seed, 0x02]);
  const second = Uint8Array.from([...seed, 0x03]);
  const credRandom = sha(Uint8Array.from([...seed, 0x06]));

  it('inputs and authenticator_cred_random as the spec derives them', () => {
    expect(hex(first)).toBe('576562417574686e20505246207465737420766563746f727302');
    expect(hex(second)).toBe('576562417574686e20505246207465737420766563746f727303');
    expect(hex(credRandom)).toBe('437e065e723a98b2f08f39d8baf7c53ecb3c363c5e5104bdaaf5d5ca2e028154');
  });

  it('prfSalt gives salt1 and salt2; evaluatePrf gives output1 and output2', () => {
    expect(hex(prfSalt(first))).toBe('527413ebb48293772df30f031c5ac4650c7de14bf9498671ae163447b6a772b3');
    expect(hex(prfSalt(second))).toBe('d68ac03329a10ee5e0ec834492bb9a96a0e547baf563bf78ccbe8789b22e776b');
    const single = evaluatePrf(credRandom, { first });
    expect(hex(single.first)).toBe('3c33e07d202c3b029cc21f1722767021bf27d595933b3d2b6a1b9d5dddc77fae');
    expect(single.second).toBeUndefined();
    const both = evaluatePrf(credRandom, { first, second });
    expect(hex(both.first)).toBe('3c33e07d202c3b029cc21f1722767021bf27d595933b3d2b6a1b9d5dddc77fae');
    expect(hex(both.second!)).toBe('a62a8773b19cda90d7ed4ef72a80a804320dbd3997e2f663805ad1fd3293d50b');
  });
});

describe('credProps', () => {
  it('credProps: true → { rk: true }; the registration verifies with @simplewebauthn/server', async () => {
    const { result } = await newPasskey({ credProps: true });
    expect(result.clientExtensionResults).toEqual({ credProps: { rk: true } });
    const verification = await verifyRegistrationResponse({
      response: registrationJSON(result),
      expectedChallenge: toBase64url(new Uint8Array(32).fill(7)),
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
    });
    expect(verification.verified).toBe(true);
  });

  it('credProps absent or false → no output', async () => {
    expect((await newPasskey({})).result.clientExtensionResults).toEqual({});
    expect((await newPasskey({ credProps: false })).result.clientExtensionResults).toEqual({});
  });
});

describe('unknown and unimplemented extensions are ignored', () => {
  it('appid, uvm, credentialProtectionPolicy and made-up ones give no output and no error', async () => {
    const ext = { appid: 'https://example.org', uvm: true, credentialProtectionPolicy: 'x', 'made-up': { a: [1, 2] } };
    expect((await newPasskey(ext)).result.clientExtensionResults).toEqual({});
    const { record } = await newPasskey();
    expect((await getAssertion(prepGet({ extensions: ext }), record, UV)).clientExtensionResults).toEqual({});
  });
});

describe('prf at registration', () => {
  it('enabled: true without eval; the per-credential secrets are 32 random bytes, distinct per credential', async () => {
    const a = await newPasskey({ prf: {} });
    const b = await newPasskey({ prf: {} });
    expect(a.result.clientExtensionResults).toEqual({ prf: { enabled: true } });
    expect(a.record.prfSecretUv!.length).toBe(32);
    expect(a.record.prfSecretNoUv!.length).toBe(32);
    expect(hex(a.record.prfSecretUv!)).not.toBe(hex(a.record.prfSecretNoUv!));
    expect(hex(a.record.prfSecretUv!)).not.toBe(hex(b.record.prfSecretUv!));
  });

  it('with eval: results.first and .second as the spec computes them, with the UV secret', async () => {
    const first = Uint8Array.of(1, 2, 3);
    const second = Uint8Array.of(4, 5);
    const { record, result } = await newPasskey({ prf: { eval: { first: bytes(first), second: bytes(second) } } });
    const prf = result.clientExtensionResults.prf as { enabled: boolean; results: { first: unknown; second: unknown } };
    expect(prf.enabled).toBe(true);
    expect(hex(untagBytes(prf.results.first))).toBe(independentPrf(record.prfSecretUv!, first));
    expect(hex(untagBytes(prf.results.second))).toBe(independentPrf(record.prfSecretUv!, second));
    // The registration with the prf outputs still verifies.
    const verification = await verifyRegistrationResponse({
      response: registrationJSON(result),
      expectedChallenge: toBase64url(new Uint8Array(32).fill(7)),
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
    });
    expect(verification.verified).toBe(true);
  });

  it('without UV the results come from the other secret', async () => {
    const first = Uint8Array.of(9);
    const { record, result } = await newPasskey({ prf: { eval: { first: bytes(first) } } }, NO_UV);
    const prf = result.clientExtensionResults.prf as { results: { first: unknown } };
    expect(hex(untagBytes(prf.results.first))).toBe(independentPrf(record.prfSecretNoUv!, first));
  });

  it('evalByCredential at registration → NotSupportedError (even empty)', () => {
    expectError(() => prepCreate({ extensions: { prf: { evalByCredential: {} } } }), 'NotSupportedError');
  });

  it('Web IDL: prf not a dictionary, eval without first, first not a BufferSource → TypeError', () => {
    expectError(() => prepCreate({ extensions: { prf: 'yes' } }), 'TypeError');
    expectError(() => prepCreate({ extensions: { prf: { eval: {} } } }), 'TypeError');
    expectError(() => prepCreate({ extensions: { prf: { eval: { first: 'abc' } } } }), 'TypeError');
    expectError(() => prepCreate({ extensions: { prf: { eval: { first: bytes(Uint8Array.of(1)), second: 3 } } } }), 'TypeError');
  });
});

describe('prf at authentication', () => {
  it('eval: outputs as the spec computes them, equal for equal inputs, different across inputs; verified by @simplewebauthn/server', async () => {
    const { record, result } = await newPasskey();
    const reg = await verifyRegistrationResponse({
      response: registrationJSON(result),
      expectedChallenge: toBase64url(new Uint8Array(32).fill(7)),
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
    });
    const outputs: string[] = [];
    for (const input of [Uint8Array.of(1), Uint8Array.of(1), Uint8Array.of(2)]) {
      const { assertion } = await signWith(record, prepGet({ extensions: { prf: { eval: { first: bytes(input) } } } }));
      const auth = await verifyAuthenticationResponse({
        response: authenticationJSON(assertion),
        expectedChallenge: toBase64url(new Uint8Array(32).fill(9)),
        expectedOrigin: ORIGIN,
        expectedRPID: RP_ID,
        credential: reg.registrationInfo!.credential,
      });
      expect(auth.verified).toBe(true);
      const out = hex(untagBytes((assertion.clientExtensionResults.prf as { results: { first: unknown } }).results.first));
      expect(out).toBe(independentPrf(record.prfSecretUv!, input));
      outputs.push(out);
    }
    expect(outputs[0]).toBe(outputs[1]);
    expect(outputs[0]).not.toBe(outputs[2]);
  });

  it('UV selects the secret: the same input gives different outputs with and without UV', async () => {
    const { record } = await newPasskey();
    const prepared = prepGet({ extensions: { prf: { eval: { first: bytes(Uint8Array.of(5)) } } } });
    const withUv = (await getAssertion(prepared, record, UV)).clientExtensionResults.prf as { results: { first: unknown } };
    const withoutUv = (await getAssertion(prepared, record, NO_UV)).clientExtensionResults.prf as { results: { first: unknown } };
    expect(hex(untagBytes(withUv.results.first))).toBe(independentPrf(record.prfSecretUv!, Uint8Array.of(5)));
    expect(hex(untagBytes(withoutUv.results.first))).toBe(independentPrf(record.prfSecretNoUv!, Uint8Array.of(5)));
  });

  it('evalByCredential for the returned credential wins over eval; another allowed id falls back to eval', async () => {
    const { record } = await newPasskey();
    const other = new Uint8Array(32).fill(0xee);
    const allowCredentials = [
      { type: 'public-key', id: bytes(record.credentialId) },
      { type: 'public-key', id: bytes(other) },
    ];
    const mine = await getAssertion(
      prepGet({
        allowCredentials,
        extensions: {
          prf: {
            eval: { first: bytes(Uint8Array.of(1)) },
            evalByCredential: { [toBase64url(record.credentialId)]: { first: bytes(Uint8Array.of(2)), second: bytes(Uint8Array.of(3)) } },
          },
        },
      }),
      record,
      UV,
    );
    const prf = mine.clientExtensionResults.prf as { results: { first: unknown; second: unknown } };
    expect(hex(untagBytes(prf.results.first))).toBe(independentPrf(record.prfSecretUv!, Uint8Array.of(2)));
    expect(hex(untagBytes(prf.results.second))).toBe(independentPrf(record.prfSecretUv!, Uint8Array.of(3)));

    const fallback = await getAssertion(
      prepGet({
        allowCredentials,
        extensions: { prf: { eval: { first: bytes(Uint8Array.of(1)) }, evalByCredential: { [toBase64url(other)]: { first: bytes(Uint8Array.of(2)) } } } },
      }),
      record,
      UV,
    );
    const fb = fallback.clientExtensionResults.prf as { results: { first: unknown; second?: unknown } };
    expect(hex(untagBytes(fb.results.first))).toBe(independentPrf(record.prfSecretUv!, Uint8Array.of(1)));
    expect(fb.results.second).toBeUndefined();
  });

  it('no eval and no entry for this credential → prf: {} (no results)', async () => {
    const { record } = await newPasskey();
    expect((await getAssertion(prepGet({ extensions: { prf: {} } }), record, UV)).clientExtensionResults).toEqual({ prf: {} });
  });

  it('a record made before PRF support gives no results', async () => {
    const { record } = await newPasskey();
    const { prfSecretUv: _a, prfSecretNoUv: _b, ...old } = record;
    const out = await getAssertion(prepGet({ extensions: { prf: { eval: { first: bytes(Uint8Array.of(1)) } } } }), old, UV);
    expect(out.clientExtensionResults).toEqual({ prf: {} });
  });

  it('evalByCredential keys not in allowCredentials, empty, or not base64url → SyntaxError', () => {
    const id = new Uint8Array(16).fill(1);
    const allowCredentials = [{ type: 'public-key', id: bytes(id) }];
    const values = { first: bytes(Uint8Array.of(1)) };
    for (const key of [toBase64url(new Uint8Array(16).fill(2)), '', '***', `${toBase64url(id)}=`]) {
      expectError(() => prepGet({ allowCredentials, extensions: { prf: { evalByCredential: { [key]: values } } } }), 'SyntaxError');
    }
    expect(() => prepGet({ allowCredentials, extensions: { prf: { evalByCredential: { [toBase64url(id)]: values } } } })).not.toThrow();
  });

  it('non-empty evalByCredential with empty allowCredentials → NotSupportedError; an empty one is fine', () => {
    expectError(
      () => prepGet({ extensions: { prf: { evalByCredential: { [toBase64url(Uint8Array.of(1))]: { first: bytes(Uint8Array.of(1)) } } } } }),
      'NotSupportedError',
    );
    expect(() => prepGet({ extensions: { prf: { evalByCredential: {} } } })).not.toThrow();
  });

  it('Web IDL: evalByCredential not a record, or an entry without first → TypeError', () => {
    expectError(() => prepGet({ extensions: { prf: { evalByCredential: 'x' } } }), 'TypeError');
    expectError(() => prepGet({ extensions: { prf: { evalByCredential: { a: {} } } } }), 'TypeError');
  });
});

describe('largeBlob', () => {
  it.each(['required', 'preferred', 'something-new'])('support: %s at registration → supported: true', async (support) => {
    const { result } = await newPasskey({ largeBlob: { support } });
    expect(result.clientExtensionResults).toEqual({ largeBlob: { supported: true } });
  });

  it('read or write at registration → NotSupportedError', () => {
    expectError(() => prepCreate({ extensions: { largeBlob: { support: 'required', read: true } } }), 'NotSupportedError');
    expectError(() => prepCreate({ extensions: { largeBlob: { write: bytes(Uint8Array.of(1)) } } }), 'NotSupportedError');
  });

  it('support at authentication, read with write, or write without exactly one allowed credential → NotSupportedError', () => {
    const one = [{ type: 'public-key', id: bytes(Uint8Array.of(1)) }];
    const two = [...one, { type: 'public-key', id: bytes(Uint8Array.of(2)) }];
    const blob = bytes(Uint8Array.of(1));
    expectError(() => prepGet({ extensions: { largeBlob: { support: 'required' } } }), 'NotSupportedError');
    expectError(() => prepGet({ allowCredentials: one, extensions: { largeBlob: { read: false, write: blob } } }), 'NotSupportedError');
    expectError(() => prepGet({ extensions: { largeBlob: { write: blob } } }), 'NotSupportedError');
    expectError(() => prepGet({ allowCredentials: two, extensions: { largeBlob: { write: blob } } }), 'NotSupportedError');
    expectError(() => prepGet({ allowCredentials: one, extensions: { largeBlob: { write: 'text' } } }), 'TypeError');
  });

  it('write then read round trip through the vault, verified by @simplewebauthn/server; over-size writes report written: false', async () => {
    const vault = await Vault.open('large-blob-round-trip');
    await vault.setPin('1234', { alg: 'argon2id', m: 8, t: 1, p: 1 });
    const { record, result } = await newPasskey({ largeBlob: { support: 'required' } });
    await vault.add(record);
    const reg = await verifyRegistrationResponse({
      response: registrationJSON(result),
      expectedChallenge: toBase64url(new Uint8Array(32).fill(7)),
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
    });
    let counter = 0;
    /** What the ceremony does: the blob goes into the counter write, then the signature. */
    async function signIn(extensions: WireObject) {
      const prepared = prepGet({ allowCredentials: [{ type: 'public-key', id: bytes(record.credentialId) }], extensions });
      const blob = largeBlobToWrite(prepared.extensions);
      const used = await vault.recordUse(record.rpId, record.credentialId, 2, blob ? { largeBlob: blob } : {});
      const assertion = await getAssertion(prepared, used, UV, blob !== null);
      const auth = await verifyAuthenticationResponse({
        response: authenticationJSON(assertion),
        expectedChallenge: toBase64url(new Uint8Array(32).fill(9)),
        expectedOrigin: ORIGIN,
        expectedRPID: RP_ID,
        credential: { ...reg.registrationInfo!.credential, counter },
      });
      expect(auth.verified).toBe(true);
      counter = auth.authenticationInfo.newCounter;
      return assertion.clientExtensionResults;
    }

    expect(await signIn({ largeBlob: { read: true } })).toEqual({ largeBlob: {} });
    const data = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff);
    expect(await signIn({ largeBlob: { write: bytes(data) } })).toEqual({ largeBlob: { written: true } });
    const read = (await signIn({ largeBlob: { read: true } })).largeBlob as { blob: unknown };
    expect(hex(untagBytes(read.blob))).toBe(hex(data));
    const tooBig = new Uint8Array(LARGE_BLOB_MAX_BYTES + 1);
    expect(await signIn({ largeBlob: { write: bytes(tooBig) } })).toEqual({ largeBlob: { written: false } });
    const still = (await signIn({ largeBlob: { read: true } })).largeBlob as { blob: unknown };
    expect(hex(untagBytes(still.blob))).toBe(hex(data));
    expect(counter).toBe(5);
    vault.close();
  });
});
