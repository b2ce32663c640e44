// WebAuthn Level 3 § 16 "Test Vectors": https://w3c.github.io/webauthn/#sctn-test-vectors
//
// The spec says: "All random values are deterministically generated using HKDF-SHA-256 [RFC5869]
// from the base input key material denoted in CDDL as 'WebAuthn test vectors' ... ECDSA signatures
// use a deterministic nonce [RFC6979]." Each value is annotated
// "Derived by: HKDF-SHA-256(IKM='WebAuthn test vectors', salt=h'NN', info='<vector name>', L=<len>)";
// the generator is test-vectors/webauthn-test-vectors.py in github.com/w3c/webauthn. RP ID
// "example.org", origin "https://example.org"; registration flags are 0x41 (UP|AT) | (auth_data_UV_BE_BS
// & 0x1c), BS dropped unless BE; assertion flags are 0x01 | BE-of-registration | (auth_data_UV_BS & 0x14),
// BS dropped unless BE. clientDataJSON gets an "extraData" member iff bit 0x01 of client_data_gen_flags
// is set (that member is the spec's example of a future field; Passkeep never writes it).
//
// The expected hex strings below are the spec's own output, copied from the published vectors; the
// derived inputs are recomputed here with @noble/hashes' HKDF and checked against the spec's values.
import { p256 } from '@noble/curves/nist.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { encodeNoneAttestationObject } from '../../src/core/attestation-object';
import { encodeAuthenticatorData } from '../../src/core/authenticator-data';
import { concatBytes, utf8 } from '../../src/core/bytes';
import { decodeCbor } from '../../src/core/cbor';
import { serializeClientData } from '../../src/core/client-data';
import { encodeEs256CoseKey } from '../../src/core/cose-key';
import { es256PublicKey, signEs256 } from '../../src/core/es256';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const unhex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));

const IKM = utf8('WebAuthn test vectors');
const RP_ID_HASH = sha256(utf8('example.org'));
const ORIGIN = 'https://example.org';

/** HKDF-SHA-256(IKM='WebAuthn test vectors', salt=h'<salt>', info='<info>', L=<length>) */
function derive(info: string, salt: number, length: number): Uint8Array {
  return hkdf(sha256, IKM, Uint8Array.of(salt), utf8(info), length);
}

/** The spec's registration flag bits from auth_data_UV_BE_BS. */
function registrationFlags(uvBeBs: number): { userVerified: boolean; backupEligible: boolean; backedUp: boolean } {
  let bits = uvBeBs & 0x1c;
  if ((bits & 0x08) === 0) bits &= 0x18 ^ 0xff;
  return { userVerified: (bits & 0x04) !== 0, backupEligible: (bits & 0x08) !== 0, backedUp: (bits & 0x10) !== 0 };
}

/** The spec's assertion flag bits from auth_data_UV_BS and the registration's BE. */
function assertionFlags(uvBs: number, backupEligible: boolean): { userVerified: boolean; backupEligible: boolean; backedUp: boolean } {
  let bits = uvBs & 0x14;
  if (!backupEligible) bits &= 0x18 ^ 0xff;
  return { userVerified: (bits & 0x04) !== 0, backupEligible, backedUp: (bits & 0x10) !== 0 };
}

function rAndS(der: Uint8Array): { r: bigint; s: bigint } {
  const sig = p256.Signature.fromBytes(der, 'der');
  return { r: sig.r, s: sig.s };
}

// https://w3c.github.io/webauthn/#sctn-test-vectors-none-es256
describe('case 14: WebAuthn §16.2 test vectors: ES256 credential with no attestation (none.ES256)', () => {
  const INFO = 'none.ES256';
  // Registration
  const challenge = derive(INFO, 0x00, 32);
  const credentialPrivateKey = derive(INFO, 0x01, 32);
  const clientDataGenFlags = derive(INFO, 0x02, 1)[0]!;
  const aaguid = derive(INFO, 0x04, 16);
  const credentialId = derive(INFO, 0x05, 32);
  const authDataUvBeBs = derive(INFO, 0x06, 1)[0]!;
  // Authentication
  const assertionChallenge = derive(INFO, 0x07, 32);
  const assertionClientDataGenFlags = derive(INFO, 0x08, 1)[0]!;
  const authDataUvBs = derive(INFO, 0x09, 1)[0]!;

  const SPEC = {
    challenge: '00c30fb78531c464d2b6771dab8d7b603c01162f2fa486bea70f283ae556e130',
    credential_private_key: '6e68e7a58484a3264f66b77f5d6dc5bc36a47085b615c9727ab334e8c369c2ee',
    client_data_gen_flags: 'f9',
    extraData_random: '06441e0e375c4c1ad70620302532c4e5',
    aaguid: '8446ccb9ab1db374750b2367ff6f3a1f',
    credential_id: 'f91f391db4c9b2fde0ea70189cba3fb63f579ba6122b33ad94ff3ec330084be4',
    auth_data_UV_BE_BS: 'ba',
    clientDataJSON:
      '7b2274797065223a22776562617574686e2e637265617465222c226368616c6c656e6765223a22414d4d507434557878475453746e63647134313759447742466938767049612d7077386f4f755657345441222c226f726967696e223a2268747470733a2f2f6578616d706c652e6f7267222c2263726f73734f726967696e223a66616c73652c22657874726144617461223a22636c69656e74446174614a534f4e206d617920626520657874656e6465642077697468206164646974696f6e616c206669656c647320696e20746865206675747572652c207375636820617320746869733a20426b5165446a646354427258426941774a544c453551227d',
    attestationObject:
      'a363666d74646e6f6e656761747453746d74a068617574684461746158a4bfabc37432958b063360d3ad6461c9c4735ae7f8edd46592a5e0f01452b2e4b559000000008446ccb9ab1db374750b2367ff6f3a1f0020f91f391db4c9b2fde0ea70189cba3fb63f579ba6122b33ad94ff3ec330084be4a5010203262001215820afefa16f97ca9b2d23eb86ccb64098d20db90856062eb249c33a9b672f26df61225820930a56b87a2fca66334b03458abf879717c12cc68ed73290af2e2664796b9220',
    assertion_challenge: '39c0e7521417ba54d43e8dc95174f423dee9bf3cd804ff6d65c857c9abf4d408',
    assertion_client_data_gen_flags: '4a',
    auth_data_UV_BS: '38',
    authenticatorData: 'bfabc37432958b063360d3ad6461c9c4735ae7f8edd46592a5e0f01452b2e4b51900000000',
    assertionClientDataJSON:
      '7b2274797065223a22776562617574686e2e676574222c226368616c6c656e6765223a224f63446e55685158756c5455506f334a5558543049393770767a7a59425039745a63685879617630314167222c226f726967696e223a2268747470733a2f2f6578616d706c652e6f7267222c2263726f73734f726967696e223a66616c73657d',
    signature:
      '3046022100f50a4e2e4409249c4a853ba361282f09841df4dd4547a13a87780218deffcd380221008480ac0f0b93538174f575bf11a1dd5d78c6e486013f937295ea13653e331e87',
  };

  const regFlags = registrationFlags(authDataUvBeBs);
  const publicKey = es256PublicKey(credentialPrivateKey);
  const registrationAuthData = encodeAuthenticatorData({
    rpIdHash: RP_ID_HASH,
    userPresent: true,
    ...regFlags,
    signCount: 0,
    attestedCredentialData: { aaguid, credentialId, credentialPublicKey: encodeEs256CoseKey(publicKey) },
  });
  const assertionAuthData = encodeAuthenticatorData({
    rpIdHash: RP_ID_HASH,
    userPresent: true,
    ...assertionFlags(authDataUvBs, regFlags.backupEligible),
    signCount: 0,
  });
  const assertionClientDataJSON = serializeClientData({
    type: 'webauthn.get',
    challenge: assertionChallenge,
    origin: ORIGIN,
    crossOrigin: false,
  });
  const signedData = concatBytes(assertionAuthData, sha256(assertionClientDataJSON));

  it('HKDF-SHA-256 derivation reproduces the spec inputs', () => {
    expect(hex(challenge)).toBe(SPEC.challenge);
    expect(hex(credentialPrivateKey)).toBe(SPEC.credential_private_key);
    expect(clientDataGenFlags.toString(16)).toBe(SPEC.client_data_gen_flags);
    expect(hex(derive(INFO, 0x03, 16))).toBe(SPEC.extraData_random);
    expect(hex(aaguid)).toBe(SPEC.aaguid);
    expect(hex(credentialId)).toBe(SPEC.credential_id);
    expect(authDataUvBeBs.toString(16)).toBe(SPEC.auth_data_UV_BE_BS);
    expect(hex(assertionChallenge)).toBe(SPEC.assertion_challenge);
    expect(assertionClientDataGenFlags.toString(16)).toBe(SPEC.assertion_client_data_gen_flags);
    expect(authDataUvBs.toString(16)).toBe(SPEC.auth_data_UV_BS);
    // 0xba & 0x1c = 0x18: BE and BS, no UV.
    expect(regFlags).toEqual({ userVerified: false, backupEligible: true, backedUp: true });
  });

  it('encodeEs256CoseKey + encodeAuthenticatorData + encodeNoneAttestationObject reproduce the attestationObject', () => {
    expect(hex(encodeNoneAttestationObject(registrationAuthData))).toBe(SPEC.attestationObject);
  });

  it('the spec attestationObject decodes to fmt "none", empty attStmt and our authData', () => {
    const decoded = decodeCbor(unhex(SPEC.attestationObject)) as Map<string, unknown>;
    expect([...decoded.keys()]).toEqual(['fmt', 'attStmt', 'authData']);
    expect(decoded.get('fmt')).toBe('none');
    expect(decoded.get('attStmt')).toEqual(new Map());
    expect(hex(decoded.get('authData') as Uint8Array)).toBe(hex(registrationAuthData));
  });

  it('registration clientDataJSON: ours is the spec prefix before its extraData member', () => {
    // Bit 0x01 of client_data_gen_flags (0xf9) is set, so the spec's JSON carries extraData.
    expect(clientDataGenFlags & 0x01).toBe(1);
    const ours = serializeClientData({ type: 'webauthn.create', challenge, origin: ORIGIN, crossOrigin: false });
    const spec = unhex(SPEC.clientDataJSON);
    const withoutBrace = ours.subarray(0, ours.length - 1);
    expect(hex(spec.subarray(0, withoutBrace.length))).toBe(hex(withoutBrace));
    expect(Buffer.from(spec.subarray(withoutBrace.length)).toString('utf8')).toMatch(/^,"extraData":".*"\}$/);
  });

  it('assertion authenticatorData byte for byte', () => {
    expect(hex(assertionAuthData)).toBe(SPEC.authenticatorData);
  });

  it('assertion clientDataJSON byte for byte (no extraData: 0x4a & 0x01 = 0)', () => {
    expect(assertionClientDataGenFlags & 0x01).toBe(0);
    expect(hex(assertionClientDataJSON)).toBe(SPEC.assertionClientDataJSON);
  });

  it('the spec signature verifies over authenticatorData || SHA-256(clientDataJSON) with our key', () => {
    expect(p256.verify(unhex(SPEC.signature), signedData, publicKey, { prehash: true, format: 'der', lowS: false })).toBe(true);
  });

  it('signEs256 uses the same RFC 6979 nonce (same r) and its signature verifies', () => {
    const ours = signEs256(credentialPrivateKey, signedData);
    expect(rAndS(ours).r).toBe(rAndS(unhex(SPEC.signature)).r);
    expect(p256.verify(ours, signedData, publicKey, { prehash: true, format: 'der', lowS: false })).toBe(true);
  });

  // The spec signs with plain RFC 6979 (python-cryptography, deterministic_signing=True), no low-S
  // normalization; this vector's s is in the upper half of the group order.
  it('signEs256 (deterministic RFC 6979) reproduces the spec signature byte for byte', () => {
    expect(hex(signEs256(credentialPrivateKey, signedData))).toBe(SPEC.signature);
  });
});

// https://w3c.github.io/webauthn/#sctn-test-vectors-none-es256-topOrigin
describe('case 14: WebAuthn §16.5 test vectors: ES256 credential with "topOrigin" in clientDataJSON (none.ES256.topOrigin)', () => {
  const INFO = 'none.ES256.topOrigin';
  const challenge = derive(INFO, 0x00, 32);
  const credentialPrivateKey = derive(INFO, 0x01, 32);
  const clientDataGenFlags = derive(INFO, 0x02, 1)[0]!;
  const aaguid = derive(INFO, 0x03, 16);
  const credentialId = derive(INFO, 0x04, 32);
  const authDataUvBeBs = derive(INFO, 0x05, 1)[0]!;
  const assertionChallenge = derive(INFO, 0x06, 32);
  const authDataUvBs = derive(INFO, 0x09, 1)[0]!;

  const SPEC = {
    challenge: '4e1f4c6198699e33c14f192153f49d7e0e8e3577d5ac416c5f3adc92a41f27e5',
    credential_private_key: 'a2d6de40ab974b80d8c1ef78c6d4300097754f7e016afe7f8ea0ad9798b0d420',
    client_data_gen_flags: '54',
    aaguid: '97586fd09799a76401c200455099ef2a',
    credential_id: 'b8ad59b996047ab18e2ceb57206c362da57458793481f4a8ebf101c7ca7cc0f1',
    auth_data_UV_BE_BS: 'a0',
    clientDataJSON:
      '7b2274797065223a22776562617574686e2e637265617465222c226368616c6c656e6765223a225468394d595a68706e6a504254786b68555f53646667364f4e58665672454673587a72636b7151664a2d55222c226f726967696e223a2268747470733a2f2f6578616d706c652e6f7267222c2263726f73734f726967696e223a747275652c22746f704f726967696e223a2268747470733a2f2f6578616d706c652e636f6d227d',
    attestationObject:
      'a363666d74646e6f6e656761747453746d74a068617574684461746158a4bfabc37432958b063360d3ad6461c9c4735ae7f8edd46592a5e0f01452b2e4b5410000000097586fd09799a76401c200455099ef2a0020b8ad59b996047ab18e2ceb57206c362da57458793481f4a8ebf101c7ca7cc0f1a5010203262001215820a1c47c1d82da4ebe82cd72207102b380670701993bc35398ae2e5726427fe01d22582086c1080d82987028c7f54ecb1b01185de243b359294a0ed210cd47480f0adc88',
    assertion_challenge: 'd54a5c8ca4b62a8e3bb321e3b2bc73856f85a10150db2939ac195739eb1ea066',
    auth_data_UV_BS: '9f',
    authenticatorData: 'bfabc37432958b063360d3ad6461c9c4735ae7f8edd46592a5e0f01452b2e4b50500000000',
    // This assertion's clientDataJSON carries extraData, so it is used as given (the signature covers its hash).
    assertionClientDataJSON:
      '7b2274797065223a22776562617574686e2e676574222c226368616c6c656e6765223a22315570636a4b53324b6f34377379486a7372787a68572d466f51465132796b3572426c584f6573656f4759222c226f726967696e223a2268747470733a2f2f6578616d706c652e6f7267222c2263726f73734f726967696e223a747275652c22746f704f726967696e223a2268747470733a2f2f6578616d706c652e636f6d222c22657874726144617461223a22636c69656e74446174614a534f4e206d617920626520657874656e6465642077697468206164646974696f6e616c206669656c647320696e20746865206675747572652c207375636820617320746869733a205569466f4a4d56525148444146574669347678557051227d',
    signature:
      '3045022100b5a70c81780d5fcc9a4f2ae9caae99058f8accaf58b91fb59329646c28ac6ffc022012e101c165db3c8e9957f0c54dd6ca9b56bc3bd2f280bd2faa6c1d02c6e5c171',
  };

  const regFlags = registrationFlags(authDataUvBeBs);
  const publicKey = es256PublicKey(credentialPrivateKey);

  it('HKDF-SHA-256 derivation reproduces the spec inputs', () => {
    expect(hex(challenge)).toBe(SPEC.challenge);
    expect(hex(credentialPrivateKey)).toBe(SPEC.credential_private_key);
    expect(clientDataGenFlags.toString(16)).toBe(SPEC.client_data_gen_flags);
    expect(hex(aaguid)).toBe(SPEC.aaguid);
    expect(hex(credentialId)).toBe(SPEC.credential_id);
    expect(authDataUvBeBs.toString(16)).toBe(SPEC.auth_data_UV_BE_BS);
    expect(hex(assertionChallenge)).toBe(SPEC.assertion_challenge);
    expect(authDataUvBs.toString(16)).toBe(SPEC.auth_data_UV_BS);
    // 0xa0 & 0x1c = 0: neither UV nor BE nor BS.
    expect(regFlags).toEqual({ userVerified: false, backupEligible: false, backedUp: false });
  });

  it('registration clientDataJSON with crossOrigin true and topOrigin, byte for byte', () => {
    expect(clientDataGenFlags & 0x01).toBe(0);
    const ours = serializeClientData({
      type: 'webauthn.create',
      challenge,
      origin: ORIGIN,
      crossOrigin: true,
      topOrigin: 'https://example.com',
    });
    expect(hex(ours)).toBe(SPEC.clientDataJSON);
  });

  it('attestationObject byte for byte (flags 0x41: UP|AT only)', () => {
    const authData = encodeAuthenticatorData({
      rpIdHash: RP_ID_HASH,
      userPresent: true,
      ...regFlags,
      signCount: 0,
      attestedCredentialData: { aaguid, credentialId, credentialPublicKey: encodeEs256CoseKey(publicKey) },
    });
    expect(hex(encodeNoneAttestationObject(authData))).toBe(SPEC.attestationObject);
  });

  it('assertion authenticatorData byte for byte, and signEs256 reproduces the spec signature', () => {
    const authData = encodeAuthenticatorData({
      rpIdHash: RP_ID_HASH,
      userPresent: true,
      ...assertionFlags(authDataUvBs, regFlags.backupEligible),
      signCount: 0,
    });
    expect(hex(authData)).toBe(SPEC.authenticatorData);
    const signedData = concatBytes(authData, sha256(unhex(SPEC.assertionClientDataJSON)));
    expect(p256.verify(unhex(SPEC.signature), signedData, publicKey, { prehash: true, format: 'der', lowS: false })).toBe(true);
    // This vector's s is already in the lower half, so low-S or not the bytes must match.
    expect(hex(signEs256(credentialPrivateKey, signedData))).toBe(SPEC.signature);
  });
});

// https://w3c.github.io/webauthn/#sctn-test-vectors-none-es256-long-credential-id
describe('case 14: WebAuthn §16.6 test vectors: ES256 credential with very long credential ID (none.ES256.long-credential-id)', () => {
  const INFO = 'none.ES256.long-credential-id';
  const challenge = derive(INFO, 0x00, 32);
  const credentialPrivateKey = derive(INFO, 0x01, 32);
  const clientDataGenFlags = derive(INFO, 0x02, 1)[0]!;
  const aaguid = derive(INFO, 0x03, 16);
  const credentialId = derive(INFO, 0x04, 1023);
  const authDataUvBeBs = derive(INFO, 0x05, 1)[0]!;
  const assertionChallenge = derive(INFO, 0x06, 32);
  const assertionClientDataGenFlags = derive(INFO, 0x07, 1)[0]!;
  const authDataUvBs = derive(INFO, 0x08, 1)[0]!;

  const CREDENTIAL_ID =
    '3a761a4e1674ad6c4305869435c0eee9c286172c229bb91b48b4ada140c0863417031305cce5b4a27a88d7fe728a5f5a627de771b4b40e77f187980c124f9fe832d7136010436a056cce716680587d23187cf1fc2c62ae86fc3e508ee9617ffc74fbc10488ec16ec5e9096328669a898709b655e549738c666c1ae6281dc3b5f733c251d3eefb76ee70a3805ca91bcc18e49c8dc7f63ebcb486ba8c3d6ab52b88ff72c6a5bb47c32f3ee8683a3ddc8abf60870448ec8a21b5bdcb183c7dead870255575a6df96eb1b6a2a1019780cba9e4887b17ff1164bbbcc10eb0d86ed75984cd3fa3419103024507dfd9ce8f92c56af7914cb0bb50b87ba82a312bb7dcd93028dbdcd6adb266979667158335171e3682d37755701edbf9d872846a291d49e57ef09da1ec637f5052ed2aa7407f7e61827468e94b461844f4c67be5fa9c6055a566f8fdfc29d4bf78a9ff275f552cc68ba543fa3962eea36fd1ea8453764577d021d0a181efc1f6100ab2e4110039e21ee16970bda7432b6134492155afc126295b3a2eccd12c66a68e340969e995e3e8c9c476e395cfc21203414110779474f1c9797406637dbe414f132519d3bf0ce4f01734ef0e1a12c3ad604ff15d766b1624db6a5a7ccbff7bc35c9908df94aba277e0af48f04ff3d16381c47e5a37ed3988a67a3b1ecaa926336b33391fff04128f869991c9fabd905b6fe3ceef5f8b630ec1c5d2636d5b1961ad5ca5004170f6f5e482792aad989b0287fe91e5c479403397152f1fa56aa79b156eb47e6c8ea3eb175c34cfb38ad8e772874639b1023d4d01395c94e55831671cc022aa6fa1e02a02c2e4abc776f6960e51f83b71a8c0f207b6a347573977812c9aa5480b0011aa739bd4b76c18c000cc4757cceccb920f007c40c00e37e5ab21476cd9f6054a8fffb55a108f5c706e2cea2049d81fd321ff47d2a5761b0800955ab1d4f4889f55a84e2601c684f17a4ade7453ea49591d0b59c8d9a765052f62219cf6ef4a5dd9539f0617d6ebbebce7c000455475d18449e25c49ef9a1e3efe18c09082ebe2058d7c347defaa92f0664553b805c7d76bbfce5f330aca220ac90a789380fc479ea0d8793205813cca590a912f699ad52f991a1bc0a503c3ec4b2a696719e3c26591a87127f7305cc7e72f4c8e39355ebb06a5b1042990f38710ee7aa612ee4374bb82e878585a70a96c2a6b47f101a4ff154be4fd76a3167577a5cc54d9167c154c69ac35485e44cc898b719e1be3cc9c0fb5624b8f8a0dae10947a41bf848b6c1bb33d1006ec077d7e286e3f2a7b4843716390119449fe2721e81a5ed2333d331c7120765da58fadae73c19d9a8c4509cf8ac1e9d98b799a5274509069739b5823f3fb496663820033426988eefca53e580e0f9e0dfe0992fc2e53a97e053639f98577058f995bdbd41cefdb';

  const SPEC = {
    challenge: '1113c7265ccf5e65124282fa1d7819a7a14cb8539aa4cdbec7487e5f35d8ec6c',
    credential_private_key: '6fd2149bb5f1597fe549b138794bde61893b2dc32ca316de65f04808dac211dc',
    client_data_gen_flags: '90',
    aaguid: '8f3360c2cd1b0ac14ffe0795c5d2638e',
    auth_data_UV_BE_BS: '69',
    clientDataJSON:
      '7b2274797065223a22776562617574686e2e637265617465222c226368616c6c656e6765223a22455250484a6c7a50586d5553516f4c364858675a7036464d75464f61704d322d7830682d587a5859374777222c226f726967696e223a2268747470733a2f2f6578616d706c652e6f7267222c2263726f73734f726967696e223a66616c73657d',
    // The attestation object, spelled as the spec prints it with the 1023-byte credential id spliced in:
    // map header .. "authData" 59 0483 (1155 bytes) | rpIdHash | flags 49 | counter | aaguid | 03ff | id | COSE key
    attestationObject:
      'a363666d74646e6f6e656761747453746d74a0686175746844617461590483' +
      'bfabc37432958b063360d3ad6461c9c4735ae7f8edd46592a5e0f01452b2e4b5' +
      '49' +
      '00000000' +
      '8f3360c2cd1b0ac14ffe0795c5d2638e' +
      '03ff' +
      CREDENTIAL_ID +
      'a50102032620012158203b8176b7504489cc593046d7988abb7905a742de6ac2cdc748a873c663e90cb12258201436d5edc9a75f23999eef9d5950a5c2455514ee1014084720f841a06b828a11',
    assertion_challenge: 'ef1deba56dce48f674a447ccf63b9599258ce87648e5c396f2ef0ca1da460e3b',
    assertion_client_data_gen_flags: '80',
    auth_data_UV_BS: 'e5',
    authenticatorData: 'bfabc37432958b063360d3ad6461c9c4735ae7f8edd46592a5e0f01452b2e4b50d00000000',
    assertionClientDataJSON:
      '7b2274797065223a22776562617574686e2e676574222c226368616c6c656e6765223a22377833727057334f53505a307045664d396a75566d53574d36485a4935634f573875384d6f647047446a73222c226f726967696e223a2268747470733a2f2f6578616d706c652e6f7267222c2263726f73734f726967696e223a66616c73657d',
    signature:
      '304502203ecef83fb12a0cae7841055f9f87103a99fd14b424194bbf06c4623d3ee6e3fd022100d2ace346db262b1374a6b70faa51f518a42ddca13a4125ce6f5052a75bac9fb6',
  };

  const regFlags = registrationFlags(authDataUvBeBs);
  const publicKey = es256PublicKey(credentialPrivateKey);
  const assertionAuthData = encodeAuthenticatorData({
    rpIdHash: RP_ID_HASH,
    userPresent: true,
    ...assertionFlags(authDataUvBs, regFlags.backupEligible),
    signCount: 0,
  });
  const assertionClientDataJSON = serializeClientData({
    type: 'webauthn.get',
    challenge: assertionChallenge,
    origin: ORIGIN,
    crossOrigin: false,
  });
  const signedData = concatBytes(assertionAuthData, sha256(assertionClientDataJSON));

  it('HKDF-SHA-256 derivation reproduces the spec inputs, including the 1023-byte credential id', () => {
    expect(hex(challenge)).toBe(SPEC.challenge);
    expect(hex(credentialPrivateKey)).toBe(SPEC.credential_private_key);
    expect(clientDataGenFlags.toString(16)).toBe(SPEC.client_data_gen_flags);
    expect(hex(aaguid)).toBe(SPEC.aaguid);
    expect(credentialId.length).toBe(1023);
    expect(hex(credentialId)).toBe(CREDENTIAL_ID);
    expect(authDataUvBeBs.toString(16)).toBe(SPEC.auth_data_UV_BE_BS);
    expect(hex(assertionChallenge)).toBe(SPEC.assertion_challenge);
    expect(assertionClientDataGenFlags.toString(16)).toBe(SPEC.assertion_client_data_gen_flags);
    expect(authDataUvBs.toString(16)).toBe(SPEC.auth_data_UV_BS);
    expect(regFlags).toEqual({ userVerified: false, backupEligible: true, backedUp: false });
  });

  it('registration clientDataJSON byte for byte', () => {
    const ours = serializeClientData({ type: 'webauthn.create', challenge, origin: ORIGIN, crossOrigin: false });
    expect(hex(ours)).toBe(SPEC.clientDataJSON);
  });

  it('attestationObject byte for byte (2-byte id length 03ff, authData length 0483)', () => {
    const authData = encodeAuthenticatorData({
      rpIdHash: RP_ID_HASH,
      userPresent: true,
      ...regFlags,
      signCount: 0,
      attestedCredentialData: { aaguid, credentialId, credentialPublicKey: encodeEs256CoseKey(publicKey) },
    });
    expect(hex(encodeNoneAttestationObject(authData))).toBe(SPEC.attestationObject);
  });

  it('assertion authenticatorData and clientDataJSON byte for byte', () => {
    expect(hex(assertionAuthData)).toBe(SPEC.authenticatorData);
    expect(hex(assertionClientDataJSON)).toBe(SPEC.assertionClientDataJSON);
  });

  it('the spec signature verifies with our key; signEs256 has the same r and verifies', () => {
    expect(p256.verify(unhex(SPEC.signature), signedData, publicKey, { prehash: true, format: 'der', lowS: false })).toBe(true);
    const ours = signEs256(credentialPrivateKey, signedData);
    expect(rAndS(ours).r).toBe(rAndS(unhex(SPEC.signature)).r);
    expect(p256.verify(ours, signedData, publicKey, { prehash: true, format: 'der', lowS: false })).toBe(true);
  });

  it('signEs256 (deterministic RFC 6979) reproduces the spec signature byte for byte', () => {
    expect(hex(signEs256(credentialPrivateKey, signedData))).toBe(SPEC.signature);
  });
});
