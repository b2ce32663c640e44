// The ceremony inspector's decoding (src/core/inspect-ceremony.ts and the parsers under it),
// checked against the WebAuthn Level 3 test vectors (https://w3c.github.io/webauthn/#sctn-test-vectors,
// the spec's published hex, as in webauthn-test-vectors.test.ts) and against what
// @simplewebauthn/server reports for the same ceremony.
import { createHash, createPublicKey, verify as nodeVerify } from 'node:crypto';
import { verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import {
  convertAAGUIDToString,
  decodeAttestationObject,
  decodeClientDataJSON,
  parseAuthenticatorData as swaParseAuthenticatorData,
} from '@simplewebauthn/server/helpers';
import { describe, expect, it } from 'vitest';
import { encodeAuthenticatorData } from '../../src/core/authenticator-data';
import { toBase64url } from '../../src/core/base64url';
import type { Caller } from '../../src/core/caller';
import { decodeCborPrefix, encodeCbor } from '../../src/core/cbor';
import { encodeEs256CoseKey } from '../../src/core/cose-key';
import { toCreationOptions } from '../../src/core/creation-options';
import { getAssertion } from '../../src/core/get-assertion';
import { inspectCeremony } from '../../src/core/inspect-ceremony';
import { makeCredential } from '../../src/core/make-credential';
import { parseAuthenticatorData } from '../../src/core/parse-authenticator-data';
import { prepareCreate } from '../../src/core/prepare-create';
import { prepareGet } from '../../src/core/prepare-get';
import type { CeremonyLogEntry } from '../../src/core/protocol';
import { toRequestOptions } from '../../src/core/request-options';
import type { AssertionResult, RegistrationResult } from '../../src/core/results';
import { BYTES_TAG, type WireBytes, type WireValue } from '../../src/core/wire-value';

const unhex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));
const b64u = (hexText: string): string => toBase64url(unhex(hexText));
const wireBytes = (data: Uint8Array): WireBytes => ({ [BYTES_TAG]: toBase64url(data) });

function entry(op: 'create' | 'get', origin: string, options: WireValue, result?: RegistrationResult | AssertionResult): CeremonyLogEntry {
  return {
    seq: 1,
    op,
    origin,
    topOrigin: origin,
    sameOriginWithAncestors: true,
    startedAt: 0,
    durationMs: 1,
    outcome: result ? 'success' : 'error',
    mediation: null,
    options,
    ...(result ? { result } : {}),
  };
}

function registration(fields: { id: string; clientDataJSON: string; attestationObject: string; authenticatorData: string }): RegistrationResult {
  return { kind: 'create', publicKey: '', publicKeyAlgorithm: -7, transports: ['internal'], authenticatorAttachment: 'platform', clientExtensionResults: {}, ...fields };
}

const ORIGIN = 'https://example.org';
const CREATE_OPTIONS = (challengeHex: string): WireValue => ({
  rp: { id: 'example.org', name: 'Example' },
  user: { id: wireBytes(Uint8Array.of(1)), name: 'a', displayName: 'A' },
  challenge: wireBytes(unhex(challengeHex)),
  pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
});

// https://w3c.github.io/webauthn/#sctn-test-vectors-none-es256
describe('inspector: WebAuthn §16.2 test vector none.ES256 decoded', () => {
  const SPEC = {
    challenge: '00c30fb78531c464d2b6771dab8d7b603c01162f2fa486bea70f283ae556e130',
    aaguid: '8446ccb9ab1db374750b2367ff6f3a1f',
    credential_id: 'f91f391db4c9b2fde0ea70189cba3fb63f579ba6122b33ad94ff3ec330084be4',
    clientDataJSON:
      '7b2274797065223a22776562617574686e2e637265617465222c226368616c6c656e6765223a22414d4d507434557878475453746e63647134313759447742466938767049612d7077386f4f755657345441222c226f726967696e223a2268747470733a2f2f6578616d706c652e6f7267222c2263726f73734f726967696e223a66616c73652c22657874726144617461223a22636c69656e74446174614a534f4e206d617920626520657874656e6465642077697468206164646974696f6e616c206669656c647320696e20746865206675747572652c207375636820617320746869733a20426b5165446a646354427258426941774a544c453551227d',
    attestationObject:
      'a363666d74646e6f6e656761747453746d74a068617574684461746158a4bfabc37432958b063360d3ad6461c9c4735ae7f8edd46592a5e0f01452b2e4b559000000008446ccb9ab1db374750b2367ff6f3a1f0020f91f391db4c9b2fde0ea70189cba3fb63f579ba6122b33ad94ff3ec330084be4a5010203262001215820afefa16f97ca9b2d23eb86ccb64098d20db90856062eb249c33a9b672f26df61225820930a56b87a2fca66334b03458abf879717c12cc68ed73290af2e2664796b9220',
    x: 'afefa16f97ca9b2d23eb86ccb64098d20db90856062eb249c33a9b672f26df61',
    y: '930a56b87a2fca66334b03458abf879717c12cc68ed73290af2e2664796b9220',
    assertionAuthenticatorData: 'bfabc37432958b063360d3ad6461c9c4735ae7f8edd46592a5e0f01452b2e4b51900000000',
  };
  const authDataHex = SPEC.attestationObject.slice(SPEC.attestationObject.indexOf('58a4') + 4);
  const inspected = inspectCeremony(
    entry(
      'create',
      ORIGIN,
      CREATE_OPTIONS(SPEC.challenge),
      registration({ id: b64u(SPEC.credential_id), clientDataJSON: b64u(SPEC.clientDataJSON), attestationObject: b64u(SPEC.attestationObject), authenticatorData: b64u(authDataHex) }),
    ),
  );

  it('authenticator data: RP ID hash checked against example.org, flags 0x59 by name (UP, BE, BS, AT; no UV), counter 0', () => {
    const ad = inspected.authenticatorData!;
    expect(inspected.problems).toEqual([]);
    expect(ad.rpId).toBe('example.org');
    expect(ad.rpIdHashMatches).toBe(true);
    expect(ad.flagsByte).toBe(0x59);
    expect(ad.flags).toEqual({ UP: true, RFU1: false, UV: false, BE: true, BS: true, RFU2: false, AT: true, ED: false });
    expect(ad.signCount).toBe(0);
  });

  it('AAGUID, credential id, and the COSE key as named labels, JWK and a PEM that node:crypto reads to the same point', () => {
    const ad = inspected.authenticatorData!;
    expect(ad.aaguid).toBe('8446ccb9-ab1d-b374-750b-2367ff6f3a1f');
    expect(ad.credentialId).toBe(b64u(SPEC.credential_id));
    expect(ad.publicKey!.cose).toEqual({ kty: 2, alg: -7, crv: 1, x: b64u(SPEC.x), y: b64u(SPEC.y) });
    expect(ad.publicKey!.jwk).toEqual({ kty: 'EC', crv: 'P-256', x: b64u(SPEC.x), y: b64u(SPEC.y), alg: 'ES256' });
    const fromPem = createPublicKey(ad.publicKey!.pem!).export({ format: 'jwk' });
    expect(fromPem).toEqual({ kty: 'EC', crv: 'P-256', x: b64u(SPEC.x), y: b64u(SPEC.y) });
  });

  it('attestation "none" with an empty statement; clientDataJSON parsed, its challenge is the options’ challenge, extraData kept', () => {
    expect(inspected.attestation).toEqual({ fmt: 'none', attStmt: {} });
    const cd = inspected.clientData!;
    expect(cd.challengeMatches).toBe(true);
    expect(cd.json).toMatchObject({ type: 'webauthn.create', origin: ORIGIN, crossOrigin: false });
    expect(cd.text).toContain('"extraData"');
  });

  it('the RP ID hash does not match another RP ID', () => {
    const other = inspectCeremony(
      entry(
        'create',
        'https://sub.example.org',
        { ...(CREATE_OPTIONS(SPEC.challenge) as object), rp: { id: 'sub.example.org', name: 'x' } } as WireValue,
        registration({ id: b64u(SPEC.credential_id), clientDataJSON: b64u(SPEC.clientDataJSON), attestationObject: b64u(SPEC.attestationObject), authenticatorData: b64u(authDataHex) }),
      ),
    );
    expect(other.authenticatorData!.rpIdHashMatches).toBe(false);
    expect(other.clientData!.challengeMatches).toBe(true);
  });

  it('the assertion’s authenticator data (flags 0x19: UP, BE, BS) parses to 37 bytes with no attested data', () => {
    const parsed = parseAuthenticatorData(unhex(SPEC.assertionAuthenticatorData));
    expect(parsed.flags).toMatchObject({ UP: true, UV: false, BE: true, BS: true, AT: false, ED: false });
    expect(parsed.attestedCredentialData).toBeUndefined();
  });

  it('raw parts are offered as base64url with their kind, the attestation object byte for byte', () => {
    const att = inspected.raw.find((p) => p.name === 'attestationObject')!;
    expect(att.kind).toBe('cbor');
    expect(Buffer.from(att.base64url, 'base64url').toString('hex')).toBe(SPEC.attestationObject);
    expect(inspected.raw.map((p) => p.name)).toEqual(expect.arrayContaining(['clientDataJSON', 'authenticatorData', 'credentialPublicKey (COSE)']));
  });
});

// https://w3c.github.io/webauthn/#sctn-test-vectors-packed-self-es256
describe('inspector: WebAuthn §16.3 test vector packed-self.ES256 decoded', () => {
  const SPEC = {
    challenge: '7869c2b772d4b58eba9378cf8f29e26cf935aa77df0da89fa99c0bdc0a76f7e5',
    clientDataJSON:
      '7b2274797065223a22776562617574686e2e637265617465222c226368616c6c656e6765223a2265476e4374334c55745936366b336a506a796e6962506b31716e666644616966715a774c33417032392d55222c226f726967696e223a2268747470733a2f2f6578616d706c652e6f7267222c2263726f73734f726967696e223a66616c73652c22657874726144617461223a22636c69656e74446174614a534f4e206d617920626520657874656e6465642077697468206164646974696f6e616c206669656c647320696e20746865206675747572652c207375636820617320746869733a205539685458764b453255526b4d6e625f307859485667227d',
    attestationObject:
      'a363666d74667061636b65646761747453746d74a263616c672663736967584630440220067a20754ab925005dbf378097c92120031581c73228d1fb4f5b881bcd7da98302207fc7b147558c7c0eba3af18bd9d121fa3d3a26d17fe3f220272178f473b6006d68617574684461746158a4bfabc37432958b063360d3ad6461c9c4735ae7f8edd46592a5e0f01452b2e4b55d00000000df850e09db6afbdfab51697791506cfc0020455ef34e2043a87db3d4afeb39bbcb6cc32df9347c789a865ecdca129cbef58ca5010203262001215820eb151c8176b225cc651559fecf07af450fd85802046656b34c18f6cf193843c5225820927b8aa427a2be1b8834d233a2d34f61f13bfd44119c325d5896e183fee484f2',
    sig: '30440220067a20754ab925005dbf378097c92120031581c73228d1fb4f5b881bcd7da98302207fc7b147558c7c0eba3af18bd9d121fa3d3a26d17fe3f220272178f473b6006d',
  };
  const authDataHex = SPEC.attestationObject.slice(SPEC.attestationObject.indexOf('68617574684461746158a4') + 22);
  const inspected = inspectCeremony(
    entry(
      'create',
      ORIGIN,
      CREATE_OPTIONS(SPEC.challenge),
      registration({ id: 'x', clientDataJSON: b64u(SPEC.clientDataJSON), attestationObject: b64u(SPEC.attestationObject), authenticatorData: b64u(authDataHex) }),
    ),
  );

  it('the packed statement: alg -7 and the spec’s signature, which verifies over authData || SHA-256(clientDataJSON) with the PEM', () => {
    expect(inspected.attestation).toEqual({ fmt: 'packed', attStmt: { alg: -7, sig: b64u(SPEC.sig) } });
    const signed = Buffer.concat([unhex(authDataHex), createHash('sha256').update(unhex(SPEC.clientDataJSON)).digest()]);
    expect(nodeVerify('sha256', signed, inspected.authenticatorData!.publicKey!.pem!, unhex(SPEC.sig))).toBe(true);
  });

  it('flags 0x5d by name: UP, UV, BE, BS, AT', () => {
    expect(inspected.authenticatorData!.flags).toEqual({ UP: true, RFU1: false, UV: true, BE: true, BS: true, RFU2: false, AT: true, ED: false });
    expect(inspected.authenticatorData!.aaguid).toBe('df850e09-db6a-fbdf-ab51-697791506cfc');
  });
});

const CALLER: Caller = { origin: 'https://example.com', host: 'example.com', sameOriginWithAncestors: true, topOrigin: 'https://example.com' };

async function ceremony(alg: number, attestation: string) {
  const challenge = crypto.getRandomValues(new Uint8Array(32));
  const raw: WireValue = {
    rp: { name: 'Example', id: 'example.com' },
    user: { id: wireBytes(Uint8Array.of(7, 7)), name: 'alice', displayName: 'Alice' },
    challenge: wireBytes(challenge),
    pubKeyCredParams: [{ type: 'public-key', alg }],
    authenticatorSelection: { userVerification: 'required', residentKey: 'required' },
    attestation,
    extensions: { credProps: true },
  };
  const prepared = prepareCreate(toCreationOptions(raw), CALLER);
  const { record, result } = await makeCredential(prepared, { userPresent: true, userVerified: true }, Date.now());
  return { raw, challenge: toBase64url(challenge), record, result };
}

describe('inspector vs @simplewebauthn/server on the same ceremony', () => {
  for (const [alg, attestation] of [
    [-7, 'none'],
    [-8, 'direct'],
    [-257, 'direct'],
  ] as const) {
    it(`create with alg ${alg}, attestation ${attestation}: same flags, counter, AAGUID, credential id, COSE key, fmt; the toJSON form verifies`, async () => {
      const { raw, challenge, result } = await ceremony(alg, attestation);
      const inspected = inspectCeremony(entry('create', CALLER.origin, raw, result));
      expect(inspected.problems).toEqual([]);
      const swaAtt = decodeAttestationObject(Buffer.from(result.attestationObject, 'base64url'));
      const swa = swaParseAuthenticatorData(swaAtt.get('authData'));
      const ad = inspected.authenticatorData!;
      expect(inspected.attestation!.fmt).toBe(swaAtt.get('fmt'));
      expect({ UP: ad.flags.UP, UV: ad.flags.UV, BE: ad.flags.BE, BS: ad.flags.BS, AT: ad.flags.AT, ED: ad.flags.ED }).toEqual({
        UP: swa.flags.up,
        UV: swa.flags.uv,
        BE: swa.flags.be,
        BS: swa.flags.bs,
        AT: swa.flags.at,
        ED: swa.flags.ed,
      });
      expect(ad.flagsByte).toBe(swa.flags.flagsInt);
      expect(ad.signCount).toBe(swa.counter);
      expect(ad.aaguid).toBe(convertAAGUIDToString(swa.aaguid!));
      expect(ad.credentialId).toBe(toBase64url(swa.credentialID!));
      const cose = inspected.raw.find((p) => p.name === 'credentialPublicKey (COSE)')!;
      expect(Buffer.from(cose.base64url, 'base64url').toString('hex')).toBe(Buffer.from(swa.credentialPublicKey!).toString('hex'));
      expect(inspected.clientData!.json).toEqual(decodeClientDataJSON(result.clientDataJSON));
      // the PEM is the same key as the SPKI the browser API's getPublicKey() gives
      const ours = createPublicKey(inspected.authenticatorData!.publicKey!.pem!).export({ format: 'der', type: 'spki' });
      const api = createPublicKey({ key: Buffer.from(result.publicKey, 'base64url'), format: 'der', type: 'spki' }).export({ format: 'der', type: 'spki' });
      expect(ours.toString('hex')).toBe(api.toString('hex'));
      // copy-as-JSON is what an RP library takes
      const verification = await verifyRegistrationResponse({
        response: inspected.json as never,
        expectedChallenge: challenge,
        expectedOrigin: CALLER.origin,
        expectedRPID: 'example.com',
        requireUserVerification: true,
      });
      expect(verification.verified).toBe(true);
      expect(verification.registrationInfo!.fmt).toBe(inspected.attestation!.fmt);
      expect(inspected.extensions.clientOutputs).toEqual({ credProps: { rk: true } });
    }, 30_000); // RSA key generation is slow on a loaded machine
  }

  it('get: the assertion’s toJSON form verifies with @simplewebauthn/server, counter and flags agree', async () => {
    const { record } = await ceremony(-7, 'none');
    const challenge = crypto.getRandomValues(new Uint8Array(32));
    const raw: WireValue = { challenge: wireBytes(challenge), rpId: 'example.com', userVerification: 'required' };
    const prepared = prepareGet(toRequestOptions(raw), CALLER);
    const used = { ...record, signCount: 5 };
    const result = await getAssertion(prepared, used, { userPresent: true, userVerified: true });
    const inspected = inspectCeremony(entry('get', CALLER.origin, raw, result));
    expect(inspected.authenticatorData).toMatchObject({ signCount: 5, rpIdHashMatches: true, flags: { UP: true, UV: true, AT: false } });
    const { verified, authenticationInfo } = await verifyAuthenticationResponse({
      response: inspected.json as never,
      expectedChallenge: toBase64url(challenge),
      expectedOrigin: CALLER.origin,
      expectedRPID: 'example.com',
      credential: { id: toBase64url(record.credentialId), publicKey: new Uint8Array(encodeEs256CoseKey(record.publicKey)), counter: 4 },
      requireUserVerification: true,
    });
    expect(verified).toBe(true);
    expect(authenticationInfo.newCounter).toBe(inspected.authenticatorData!.signCount);
    expect(inspected.raw.map((p) => p.name)).toEqual(['clientDataJSON', 'authenticatorData', 'signature', 'userHandle']);
  });
});

describe('inspector: options as passed and as understood', () => {
  it('defaults applied, derived values shown, unknown members, enum values and extensions noted', () => {
    const raw: WireValue = {
      rp: { name: 'Example', colour: 'red' },
      user: { id: wireBytes(Uint8Array.of(1)), name: 'a', displayName: 'A' },
      challenge: wireBytes(Uint8Array.of(1, 2, 3)),
      pubKeyCredParams: [{ type: 'public-key', alg: -257, extra: 1 }, { type: 'public-key', alg: -7 }],
      attestation: 'fancy',
      authenticatorSelection: { userVerification: 'sometimes' },
      extensions: { credProps: true, uvm: true },
      unknownTopLevel: 1,
    };
    const { options } = inspectCeremony(entry('create', CALLER.origin, raw));
    expect(options.problem).toBeNull();
    expect(options.converted).toMatchObject({ attestation: 'fancy', excludeCredentials: [], hints: [], authenticatorSelection: { requireResidentKey: false } });
    expect(options.effective).toMatchObject({ rpId: 'example.com', algorithm: -257, timeoutMs: 300000, attestationFormat: 'none' });
    expect(options.notes).toEqual([
      'unknownTopLevel: not a member of the dictionary, ignored',
      'rp.colour: not a member of the dictionary, ignored',
      'pubKeyCredParams[0].extra: not a member of the dictionary, ignored',
      'attestation: "fancy" is not a known value, ignored',
      'authenticatorSelection.userVerification: "sometimes" is not a known value, ignored',
      'extensions.uvm: not implemented by Passkeep, ignored',
    ]);
  });

  it('a request that failed: the error, the spec step that raised it, and the conversion problem', () => {
    const raw: WireValue = { rp: { name: 'x', id: 'evil.example' }, user: { id: wireBytes(Uint8Array.of(1)), name: 'a', displayName: 'A' }, challenge: wireBytes(Uint8Array.of(1)), pubKeyCredParams: [] };
    const e = { ...entry('create', CALLER.origin, raw), error: { name: 'SecurityError' as const, message: 'The RP ID is not valid for this origin.' } };
    const inspected = inspectCeremony(e);
    expect(inspected.error).toMatchObject({ name: 'SecurityError', step: { url: 'https://w3c.github.io/webauthn/#sctn-createCredential', step: expect.stringContaining('steps 6–8') } });
    expect(inspected.options.problem).toMatch(/^SecurityError/);
    expect(inspected.json).toBeNull();
  });

  it('malformed authenticator data is reported as a problem of that part, not thrown', () => {
    const result = { kind: 'get', id: 'AQ', clientDataJSON: toBase64url(new TextEncoder().encode('{}')), authenticatorData: 'AAAA', signature: 'AA', userHandle: null, authenticatorAttachment: 'platform', clientExtensionResults: {} } as AssertionResult;
    const inspected = inspectCeremony(entry('get', CALLER.origin, { challenge: wireBytes(Uint8Array.of(1)) }, result));
    expect(inspected.authenticatorData).toBeNull();
    expect(inspected.problems).toEqual([expect.stringMatching(/^authenticatorData: authenticator data is 3 bytes/)]);
  });
});

describe('CBOR prefix decoding (the COSE key inside authenticator data)', () => {
  it('returns the first item and its length, and refuses a non-canonical one', () => {
    expect(decodeCborPrefix(Uint8Array.of(0xa1, 0x01, 0x02, 0xff, 0xff))).toEqual({ value: new Map([[1, 2]]), length: 3 });
    expect(() => decodeCborPrefix(Uint8Array.of(0x18, 0x01))).toThrow(/canonical/);
  });

  it('authenticator data with ED set and a trailing extension map decodes both', () => {
    const bytes = encodeAuthenticatorData({ rpIdHash: new Uint8Array(32), userPresent: true, userVerified: false, backupEligible: false, backedUp: false, signCount: 9, extensions: encodeCbor(new Map([['credProtect', 2]])) });
    expect(parseAuthenticatorData(bytes)).toMatchObject({ signCount: 9, flags: { ED: true }, extensions: new Map([['credProtect', 2]]) });
    expect(() => parseAuthenticatorData(Uint8Array.of(...bytes, 0))).toThrow();
  });
});
