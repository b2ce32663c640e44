// WebAuthn Level 3 § 16 "Test Vectors" (https://w3c.github.io/webauthn/#sctn-test-vectors) for the
// packed attestation format and the EdDSA and RS256 credential algorithms:
//  - §16.3 ES256 Credential with Self Attestation (packed-self.ES256): everything byte for byte;
//  - §16.10 Packed Attestation with RS256 Credential (packed.RS256) and §16.11 Packed Attestation
//    with Ed25519 Credential (packed.EdDSA): the COSE key, authenticator data and the assertion
//    signature byte for byte (their attestation statements are signed by the spec's test CA,
//    which Passkeep never uses: it only makes self attestation).
// Inputs are re-derived as the generator (test-vectors/webauthn-test-vectors.py in w3c/webauthn)
// derives them: HKDF-SHA-256(IKM='WebAuthn test vectors', salt=h'NN', info='<vector name>', L).
// The expected hex strings are the spec's published output.
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { encodePackedSelfAttestationObject } from '../../src/core/attestation-object';
import { encodeAuthenticatorData } from '../../src/core/authenticator-data';
import { toBase64url } from '../../src/core/base64url';
import { concatBytes, utf8 } from '../../src/core/bytes';
import { decodeCbor } from '../../src/core/cbor';
import { serializeClientData } from '../../src/core/client-data';
import { encodeEd25519CoseKey, encodeEs256CoseKey, encodeRs256CoseKey } from '../../src/core/cose-key';
import { ed25519PublicKey, eddsaSigner } from '../../src/core/eddsa';
import { es256PublicKey, es256Signer } from '../../src/core/es256';
import { rs256Signer, rsaPublicNumbers } from '../../src/core/rs256';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const unhex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));
const IKM = utf8('WebAuthn test vectors');
const RP_ID_HASH = sha256(utf8('example.org'));
const ORIGIN = 'https://example.org';
const derive = (info: string, salt: number, length: number) => hkdf(sha256, IKM, Uint8Array.of(salt), utf8(info), length);

/** The generator's flag rules: registration UV|BE|BS from auth_data_UV_BE_BS, BS only with BE. */
function registrationFlags(uvBeBs: number) {
  let bits = uvBeBs & 0x1c;
  if ((bits & 0x08) === 0) bits &= 0x18 ^ 0xff;
  return { userVerified: (bits & 0x04) !== 0, backupEligible: (bits & 0x08) !== 0, backedUp: (bits & 0x10) !== 0 };
}
function assertionFlags(uvBs: number, backupEligible: boolean) {
  let bits = uvBs & 0x14;
  if (!backupEligible) bits &= 0x18 ^ 0xff;
  return { userVerified: (bits & 0x04) !== 0, backupEligible, backedUp: (bits & 0x10) !== 0 };
}

// https://w3c.github.io/webauthn/#sctn-test-vectors-packed-self-es256
describe('case 14: WebAuthn §16.3 test vectors: ES256 credential with self attestation (packed-self.ES256)', () => {
  const INFO = 'packed-self.ES256';
  const SPEC = {
    challenge: '7869c2b772d4b58eba9378cf8f29e26cf935aa77df0da89fa99c0bdc0a76f7e5',
    credential_private_key: 'b4bbfa5d68e1693b6ef5a19a0e60ef7ee2cbcac81f7fec7006ac3a21e0c5116a',
    client_data_gen_flags: 'db',
    aaguid: 'df850e09db6afbdfab51697791506cfc',
    credential_id: '455ef34e2043a87db3d4afeb39bbcb6cc32df9347c789a865ecdca129cbef58c',
    auth_data_UV_BE_BS: 'fd',
    clientDataJSON:
      '7b2274797065223a22776562617574686e2e637265617465222c226368616c6c656e6765223a2265476e4374334c55745936366b336a506a796e6962506b31716e666644616966715a774c33417032392d55222c226f726967696e223a2268747470733a2f2f6578616d706c652e6f7267222c2263726f73734f726967696e223a66616c73652c22657874726144617461223a22636c69656e74446174614a534f4e206d617920626520657874656e6465642077697468206164646974696f6e616c206669656c647320696e20746865206675747572652c207375636820617320746869733a205539685458764b453255526b4d6e625f307859485667227d',
    attestationObject:
      'a363666d74667061636b65646761747453746d74a263616c672663736967584630440220067a20754ab925005dbf378097c92120031581c73228d1fb4f5b881bcd7da98302207fc7b147558c7c0eba3af18bd9d121fa3d3a26d17fe3f220272178f473b6006d68617574684461746158a4bfabc37432958b063360d3ad6461c9c4735ae7f8edd46592a5e0f01452b2e4b55d00000000df850e09db6afbdfab51697791506cfc0020455ef34e2043a87db3d4afeb39bbcb6cc32df9347c789a865ecdca129cbef58ca5010203262001215820eb151c8176b225cc651559fecf07af450fd85802046656b34c18f6cf193843c5225820927b8aa427a2be1b8834d233a2d34f61f13bfd44119c325d5896e183fee484f2',
    assertion_challenge: '4478a10b1352348dd160c1353b0d469b5db19eb91c27f7dfa6fed39fe26af20b',
    auth_data_UV_BS: 'a1',
    authenticatorData: 'bfabc37432958b063360d3ad6461c9c4735ae7f8edd46592a5e0f01452b2e4b50900000000',
    assertionClientDataJSON:
      '7b2274797065223a22776562617574686e2e676574222c226368616c6c656e6765223a225248696843784e534e493352594d45314f7731476d3132786e726b634a5f6666707637546e2d4a71386773222c226f726967696e223a2268747470733a2f2f6578616d706c652e6f7267222c2263726f73734f726967696e223a66616c73652c22657874726144617461223a22636c69656e74446174614a534f4e206d617920626520657874656e6465642077697468206164646974696f6e616c206669656c647320696e20746865206675747572652c207375636820617320746869733a206754623533727a36456853576f6d58477a696d433151227d',
    signature:
      '304402203310b9431903c401f1be2bdc8d23a4007682dbbddcf846994947b7f465daf84002204e94dd00047b316061b3b99772b7efd95994a83ef584b3b6b825ea3550251b66',
  };
  const challenge = derive(INFO, 0x00, 32);
  const privateKey = derive(INFO, 0x01, 32);
  const aaguid = derive(INFO, 0x04, 16);
  const credentialId = derive(INFO, 0x05, 32);
  const regFlags = registrationFlags(derive(INFO, 0x06, 1)[0]!);
  const authData = encodeAuthenticatorData({
    rpIdHash: RP_ID_HASH,
    userPresent: true,
    ...regFlags,
    signCount: 0,
    attestedCredentialData: { aaguid, credentialId, credentialPublicKey: encodeEs256CoseKey(es256PublicKey(privateKey)) },
  });

  it('HKDF-SHA-256 derivation reproduces the spec inputs', () => {
    expect(hex(challenge)).toBe(SPEC.challenge);
    expect(hex(privateKey)).toBe(SPEC.credential_private_key);
    expect(hex(derive(INFO, 0x02, 1))).toBe(SPEC.client_data_gen_flags);
    expect(hex(aaguid)).toBe(SPEC.aaguid);
    expect(hex(credentialId)).toBe(SPEC.credential_id);
    expect(hex(derive(INFO, 0x06, 1))).toBe(SPEC.auth_data_UV_BE_BS);
    expect(hex(derive(INFO, 0x07, 32))).toBe(SPEC.assertion_challenge);
    expect(hex(derive(INFO, 0x0a, 1))).toBe(SPEC.auth_data_UV_BS);
    expect(regFlags).toEqual({ userVerified: true, backupEligible: true, backedUp: true });
  });

  it('registration clientDataJSON: ours is the spec prefix before its extraData member', () => {
    const ours = serializeClientData({ type: 'webauthn.create', challenge, origin: ORIGIN, crossOrigin: false });
    const prefix = ours.subarray(0, ours.length - 1);
    expect(hex(unhex(SPEC.clientDataJSON).subarray(0, prefix.length))).toBe(hex(prefix));
  });

  it('encodePackedSelfAttestationObject with an ES256 signature over authData || clientDataHash: the attestationObject byte for byte', async () => {
    const sig = await es256Signer.sign(privateKey, concatBytes(authData, sha256(unhex(SPEC.clientDataJSON))));
    expect(hex(encodePackedSelfAttestationObject(authData, -7, sig))).toBe(SPEC.attestationObject);
  });

  it('assertion authenticatorData and signature byte for byte', async () => {
    const assertionAuthData = encodeAuthenticatorData({
      rpIdHash: RP_ID_HASH,
      userPresent: true,
      ...assertionFlags(derive(INFO, 0x0a, 1)[0]!, regFlags.backupEligible),
      signCount: 0,
    });
    expect(hex(assertionAuthData)).toBe(SPEC.authenticatorData);
    const sig = await es256Signer.sign(privateKey, concatBytes(assertionAuthData, sha256(unhex(SPEC.assertionClientDataJSON))));
    expect(hex(sig)).toBe(SPEC.signature);
  });
});

// https://w3c.github.io/webauthn/#sctn-test-vectors-packed-eddsa
describe('case 14: WebAuthn §16.11 test vectors: packed attestation with Ed25519 credential (packed.EdDSA)', () => {
  const INFO = 'packed.EdDSA';
  const SPEC = {
    challenge: 'a8abf9dabdc6b0df63466b39bda9e8a34a34e185337a59f1c579990676d3b3bd',
    private_key: '971f38c0f73aaf0c5a614eb5e26430ae1ea0ed13e4f425d96e9662349340b0b3',
    aaguid: 'd5aa33581e8ca478e20fe713f5d32ff2',
    credential_id: 'ce9f840ed96599580cd140fbc7bb3230633f50f61041aff73308ae71caa8a2bd',
    auth_data_UV_BE_BS: '32',
    // The authData member of the spec's attestationObject (its last 0x81 bytes).
    authData:
      'bfabc37432958b063360d3ad6461c9c4735ae7f8edd46592a5e0f01452b2e4b54100000000d5aa33581e8ca478e20fe713f5d32ff20020ce9f840ed96599580cd140fbc7bb3230633f50f61041aff73308ae71caa8a2bda401010327200621582044e06ddd331c36a8dc667bab52bcae63486c916aa5e339e6acebaa84934bf832',
    attestationObjectTail: '6861757468446174615881',
    assertion_challenge: '895957e01c633a698348a2d8a31a54b7db27e8c1c43b2080d79ae2190267bfd2',
    assertion_client_data_gen_flags: '8c',
    auth_data_UV_BS: 'ab',
    authenticatorData: 'bfabc37432958b063360d3ad6461c9c4735ae7f8edd46592a5e0f01452b2e4b50100000000',
    assertionClientDataJSON:
      '7b2274797065223a22776562617574686e2e676574222c226368616c6c656e6765223a2269566c583442786a4f6d6d44534b4c596f7870557439736e364d48454f7943413135726947514a6e763949222c226f726967696e223a2268747470733a2f2f6578616d706c652e6f7267222c2263726f73734f726967696e223a66616c73657d',
    signature:
      'f5c59c7e46c34f6f8cc197101ddf9934fa2595f68eb1913a637e8419eb9ba4cfdfc48f85393bc0d40b011f0d6fecb097d6607525713223a0dc0d453993dae00b',
  };
  const privateKey = derive(INFO, 0x01, 32);
  const regFlags = registrationFlags(derive(INFO, 0x06, 1)[0]!);

  it('HKDF-SHA-256 derivation reproduces the spec inputs', () => {
    expect(hex(derive(INFO, 0x00, 32))).toBe(SPEC.challenge);
    expect(hex(privateKey)).toBe(SPEC.private_key);
    expect(hex(derive(INFO, 0x04, 16))).toBe(SPEC.aaguid);
    expect(hex(derive(INFO, 0x05, 32))).toBe(SPEC.credential_id);
    expect(hex(derive(INFO, 0x06, 1))).toBe(SPEC.auth_data_UV_BE_BS);
    expect(hex(derive(INFO, 0x09, 32))).toBe(SPEC.assertion_challenge);
    expect(hex(derive(INFO, 0x0a, 1))).toBe(SPEC.assertion_client_data_gen_flags);
    expect(hex(derive(INFO, 0x0b, 1))).toBe(SPEC.auth_data_UV_BS);
    // 0x32 & 0x1c = 0x10: BS without BE, which the generator drops.
    expect(regFlags).toEqual({ userVerified: false, backupEligible: false, backedUp: false });
  });

  it('encodeEd25519CoseKey (1: 1, 3: -8, -1: 6, -2: x) inside the authenticator data, byte for byte', () => {
    const coseKey = encodeEd25519CoseKey(ed25519PublicKey(privateKey));
    expect(hex(coseKey)).toBe('a401010327200621582044e06ddd331c36a8dc667bab52bcae63486c916aa5e339e6acebaa84934bf832');
    const authData = encodeAuthenticatorData({
      rpIdHash: RP_ID_HASH,
      userPresent: true,
      ...regFlags,
      signCount: 0,
      attestedCredentialData: { aaguid: derive(INFO, 0x04, 16), credentialId: derive(INFO, 0x05, 32), credentialPublicKey: coseKey },
    });
    expect(hex(authData)).toBe(SPEC.authData);
  });

  it('assertion clientDataJSON, authenticatorData and the raw 64-byte Ed25519 signature byte for byte', async () => {
    const clientDataJSON = serializeClientData({ type: 'webauthn.get', challenge: derive(INFO, 0x09, 32), origin: ORIGIN, crossOrigin: false });
    expect(hex(clientDataJSON)).toBe(SPEC.assertionClientDataJSON);
    const authData = encodeAuthenticatorData({
      rpIdHash: RP_ID_HASH,
      userPresent: true,
      ...assertionFlags(derive(INFO, 0x0b, 1)[0]!, regFlags.backupEligible),
      signCount: 0,
    });
    expect(hex(authData)).toBe(SPEC.authenticatorData);
    const sig = await eddsaSigner.sign(privateKey, concatBytes(authData, sha256(clientDataJSON)));
    expect(hex(sig)).toBe(SPEC.signature);
  });
});

// https://w3c.github.io/webauthn/#sctn-test-vectors-packed-rs256
describe('case 14: WebAuthn §16.10 test vectors: packed attestation with RS256 credential (packed.RS256)', () => {
  const INFO = 'packed.RS256';
  // "The two smallest Mersenne primes 2^p - 1 where p >= 1024", e = 65537.
  const p = 2n ** 1279n - 1n;
  const q = 2n ** 2203n - 1n;
  const e = 65537n;
  const SPEC = {
    aaguid: '428f8878298b9862a36ad8c7527bfef2',
    credential_id: '992a18acc83f67533600c1138a4b4c4bd236de13629cf025ed17cb00b00b74df',
    auth_data_UV_BE_BS: '7e',
    // The spec's authData: "59021b" (539 bytes) then rpIdHash, flags 5d, counter, aaguid, id length,
    // id, and the COSE key whose n (436 bytes) is p*q.
    authDataHead:
      'bfabc37432958b063360d3ad6461c9c4735ae7f8edd46592a5e0f01452b2e4b55d00000000428f8878298b9862a36ad8c7527bfef20020992a18acc83f67533600c1138a4b4c4bd236de13629cf025ed17cb00b00b74df',
    coseKeyHead: 'a4010303390100205901b4',
    coseKeyTail: '2143010001',
    auth_data_UV_BS: 'ba',
    authenticatorData: 'bfabc37432958b063360d3ad6461c9c4735ae7f8edd46592a5e0f01452b2e4b51900000000',
    assertionClientDataJSON:
      '7b2274797065223a22776562617574686e2e676574222c226368616c6c656e6765223a224b56395a39667150356978617970346e596d7834794e6f33617562597a5333536d75757459423462784d55222c226f726967696e223a2268747470733a2f2f6578616d706c652e6f7267222c2263726f73734f726967696e223a66616c73657d',
    signature:
      '01063d52d7c39b4d432fc7063c5d93e582bdcb16889cd71f888d67d880ea730a428498d3bc8e1ee11f2b1ecbe6c292b118c55ffaaddefa8cad0a54dd137c51f1eec673f1bb6c4d1789d6826a222b22d0f585fc901fdc933212e579d199b89d672aa44891333e6a1355536025e82b25590256c3538229b55737083b2f6b9377e49e2472f11952f79fdd0da180b5ffd901b4049a8f081bb40711bef76c62aed943571f2d0575304cb549d68d8892f95086a30f93716aee818f8dc06e96c0d5e0ed4cfa9fd8773d90464b68cf140f7986666ff9c9e3302acd0535d60d769f465e2ab57ef8aabc89fccfef7ba32a64154a8b3d26be2298f470b8cc5377dbe3dfd4b0b45f8f01e63bde6cfc76b62771f9b70aa27cf40152cad93aa5acd784fd4b90f676e2ea828d0bf2400aebbaae4153e5838f537f88b6228346782a93a899be66ec77de45b3efcf311da6321c92e6b0cd11bfe653bf3e98cee8e341f02d67dbb6f9c98d9e8178090cfb5b70fbc6d541599ac794ae2f1d4de1286ec8de8c2daf7b1d15c8438e90d924df5c19045220a4c8438c1b979bbe016cf3d0eeec23c3999d4882cc645b776de930756612cdc6dd398160ff02a6',
  };
  const big = (n: bigint): Uint8Array => unhex(n.toString(16).padStart(Math.ceil(n.toString(16).length / 2) * 2, '0'));
  const b64 = (n: bigint): string => toBase64url(big(n));
  const modInverse = (a: bigint, m: bigint): bigint => {
    let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
    while (r1 !== 0n) {
      const k = r0 / r1;
      [r0, r1] = [r1, r0 - k * r1];
      [s0, s1] = [s1, s0 - k * s1];
    }
    return ((s0 % m) + m) % m;
  };

  /** The spec's key as PKCS #8 and SPKI, the formats Passkeep stores. */
  async function specKey(): Promise<{ pkcs8: Uint8Array; spki: Uint8Array }> {
    const d = modInverse(e, (p - 1n) * (q - 1n));
    const jwk: JsonWebKey = {
      kty: 'RSA',
      n: b64(p * q),
      e: b64(e),
      d: b64(d),
      p: b64(p),
      q: b64(q),
      dp: b64(d % (p - 1n)),
      dq: b64(d % (q - 1n)),
      qi: b64(modInverse(q, p)),
    };
    const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    const priv = await crypto.subtle.importKey('jwk', jwk, alg, true, ['sign']);
    const pub = await crypto.subtle.importKey('jwk', { kty: 'RSA', n: jwk.n, e: jwk.e }, alg, true, ['verify']);
    return {
      pkcs8: new Uint8Array(await crypto.subtle.exportKey('pkcs8', priv)),
      spki: new Uint8Array(await crypto.subtle.exportKey('spki', pub)),
    };
  }

  it('HKDF-SHA-256 derivation reproduces the spec inputs', () => {
    expect(hex(derive(INFO, 0x02, 16))).toBe(SPEC.aaguid);
    expect(hex(derive(INFO, 0x03, 32))).toBe(SPEC.credential_id);
    expect(hex(derive(INFO, 0x04, 1))).toBe(SPEC.auth_data_UV_BE_BS);
    expect(hex(derive(INFO, 0x09, 1))).toBe(SPEC.auth_data_UV_BS);
  });

  it('rs256Signer.coseKey (1: 3, 3: -257, -1: n, -2: e) from the SPKI, in the spec authenticator data', async () => {
    const { spki } = await specKey();
    const { n, e: exponent } = rsaPublicNumbers(spki);
    expect(hex(n)).toBe(hex(big(p * q)));
    expect(n.length).toBe(436);
    const coseKey = rs256Signer.coseKey(spki);
    expect(hex(coseKey)).toBe(SPEC.coseKeyHead + hex(big(p * q)) + SPEC.coseKeyTail);
    expect(hex(coseKey)).toBe(hex(encodeRs256CoseKey(n, exponent)));
    const authData = encodeAuthenticatorData({
      rpIdHash: RP_ID_HASH,
      userPresent: true,
      ...registrationFlags(derive(INFO, 0x04, 1)[0]!),
      signCount: 0,
      attestedCredentialData: { aaguid: derive(INFO, 0x02, 16), credentialId: derive(INFO, 0x03, 32), credentialPublicKey: coseKey },
    });
    expect(authData.length).toBe(0x021b);
    expect(hex(authData)).toBe(SPEC.authDataHead + hex(coseKey));
    const decoded = decodeCbor(coseKey) as Map<number, unknown>;
    expect([...decoded.keys()]).toEqual([1, 3, -1, -2]);
  });

  it('assertion authenticatorData, clientDataJSON and the PKCS #1 v1.5 signature byte for byte', async () => {
    const { pkcs8 } = await specKey();
    const clientDataJSON = serializeClientData({ type: 'webauthn.get', challenge: derive(INFO, 0x07, 32), origin: ORIGIN, crossOrigin: false });
    expect(hex(clientDataJSON)).toBe(SPEC.assertionClientDataJSON);
    const regFlags = registrationFlags(derive(INFO, 0x04, 1)[0]!);
    const authData = encodeAuthenticatorData({
      rpIdHash: RP_ID_HASH,
      userPresent: true,
      ...assertionFlags(derive(INFO, 0x09, 1)[0]!, regFlags.backupEligible),
      signCount: 0,
    });
    expect(hex(authData)).toBe(SPEC.authenticatorData);
    const sig = await rs256Signer.sign(pkcs8, concatBytes(authData, sha256(clientDataJSON)));
    expect(hex(sig)).toBe(SPEC.signature);
  });
});
