/**
 * Developer mode in the background (src/background/dev-requests.ts, ceremony-log.ts): refused
 * while off or locked; a passkey's developer details; the counter set forward only; one private
 * key exported as PKCS #8 PEM behind the PIN, which signs what the passkey's public key verifies
 * (node:crypto), and marks the passkey backed up; a PEM imported for an RP ID and user handle
 * signs in, verified by @simplewebauthn/server. The log is bounded in count and size.
 */
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify, generateKeyPairSync } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { CeremonyLog } from '../../src/background/ceremony-log.js';
import { handleDevRequest, type DevContext } from '../../src/background/dev-requests.js';
import { toBase64url } from '../../src/core/base64url.js';
import { p256Spki } from '../../src/core/spki.js';
import type { CeremonyLogEntry, DevRequest } from '../../src/core/protocol.js';
import { VaultPinError } from '../../src/vault/vault.js';
import { makeRecord, openTestVault, signInVerified } from './vault-test-helpers.js';

const PIN = 'pin 1234';

async function setUp(developerMode = true) {
  const vault = await openTestVault();
  await vault.setPin(PIN);
  const record = makeRecord('bank.example', 'alice@example', { largeBlob: new Uint8Array(10), prfSecretUv: new Uint8Array(32), prfSecretNoUv: new Uint8Array(32) });
  await vault.add(record);
  const ctx: DevContext = { vault, log: new CeremonyLog(), developerMode };
  const send = (m: DevRequest) => handleDevRequest(m, ctx);
  return { vault, record, ctx, send, id: toBase64url(record.credentialId) };
}

function logEntry(n: number, padding = 0): Omit<CeremonyLogEntry, 'seq'> {
  return {
    op: 'get',
    origin: 'https://bank.example',
    topOrigin: 'https://bank.example',
    sameOriginWithAncestors: true,
    startedAt: n,
    durationMs: 1,
    outcome: 'none',
    mediation: null,
    options: { pad: 'x'.repeat(padding) },
  };
}

describe('developer requests: refused unless developer mode is on and the vault unlocked', () => {
  it('developer mode off: every request is NotAllowedError', async () => {
    const { send, id } = await setUp(false);
    for (const m of [{ type: 'dev:log' }, { type: 'dev:clear-log' }, { type: 'dev:passkey', rpId: 'bank.example', id }] as DevRequest[]) {
      await expect(send(m)).rejects.toMatchObject({ name: 'NotAllowedError', message: 'Developer mode is off.' });
    }
  }, 30_000);

  it('locked: the log and the passkeys are not readable (clearing still works)', async () => {
    const { vault, send, ctx, id } = await setUp();
    ctx.log.add(logEntry(1));
    vault.lock();
    await expect(send({ type: 'dev:log' })).rejects.toMatchObject({ name: 'NotAllowedError' });
    await expect(send({ type: 'dev:passkey', rpId: 'bank.example', id })).rejects.toMatchObject({ name: 'NotAllowedError' });
    expect(await send({ type: 'dev:clear-log' })).toEqual({ cleared: 1 });
  }, 30_000);
});

describe('a passkey’s developer details', () => {
  it('RP ID, user handle, counter, algorithm, BE/BS, discoverable, dates, largeBlob size, PRF, public key PEM', async () => {
    const { record, send, id } = await setUp();
    const details = await send({ type: 'dev:passkey', rpId: 'bank.example', id });
    expect(details).toEqual({
      id,
      rpId: 'bank.example',
      userHandle: toBase64url(record.userId),
      signCount: 0,
      alg: -7,
      backupEligible: true,
      backedUp: false,
      discoverable: true,
      createdAt: record.createdAt,
      lastUsedAt: null,
      largeBlobBytes: 10,
      prfEnabled: true,
      publicKeyPem: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----\n/),
    });
    const der = createPublicKey((details as { publicKeyPem: string }).publicKeyPem).export({ format: 'der', type: 'spki' });
    expect(Buffer.from(der).equals(Buffer.from(p256Spki(record.publicKey)))).toBe(true);
  }, 30_000);

  it('the counter is set forward, the next sign-in reports one more, and it never goes backward', async () => {
    const { vault, record, send, id } = await setUp();
    expect(await send({ type: 'dev:set-counter', rpId: 'bank.example', id, counter: 1000 })).toMatchObject({ signCount: 1000 });
    const signIn = await signInVerified(vault, 'bank.example', record.credentialId, record.publicKey, 999);
    expect(signIn).toMatchObject({ verified: true, newCounter: 1001 });
    await expect(send({ type: 'dev:set-counter', rpId: 'bank.example', id, counter: 5 })).rejects.toMatchObject({ name: 'ConstraintError' });
    await expect(send({ type: 'dev:set-counter', rpId: 'bank.example', id, counter: 2 ** 32 })).rejects.toMatchObject({ name: 'RangeError' });
    await expect(send({ type: 'dev:set-counter', rpId: 'bank.example', id, counter: 1.5 })).rejects.toMatchObject({ name: 'RangeError' });
    expect((await vault.findById('bank.example', record.credentialId))!.signCount).toBe(1001);
  }, 30_000);
});

describe('export one private key as PKCS #8 PEM, behind the PIN', () => {
  it('a wrong PIN exports nothing and counts as a wrong PIN', async () => {
    const { send, id, vault } = await setUp();
    await expect(send({ type: 'dev:export-key', rpId: 'bank.example', id, pin: 'wrong pin' })).rejects.toBeInstanceOf(VaultPinError);
    expect((await vault.findById('bank.example', (await vault.allRecords())[0]!.credentialId))!.backedUp).toBe(false);
  }, 30_000);

  it('ES256: node:crypto signs with the exported key, the passkey’s public key verifies; BS=1 afterwards', async () => {
    const { record, send, id, vault } = await setUp();
    const { pem, filename } = (await send({ type: 'dev:export-key', rpId: 'bank.example', id, pin: PIN })) as { pem: string; filename: string };
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END PRIVATE KEY-----\n$/);
    expect(filename).toMatch(/^passkey-bank\.example-.{8}\.pem$/);
    const message = Buffer.from('signed with the exported key');
    const signature = nodeSign('sha256', message, createPrivateKey(pem));
    const publicKey = createPublicKey({ key: Buffer.from(p256Spki(record.publicKey)), format: 'der', type: 'spki' });
    expect(nodeVerify('sha256', message, publicKey, signature)).toBe(true);
    expect((await vault.findById('bank.example', record.credentialId))!.backedUp).toBe(true);
  }, 30_000);

  it('EdDSA and RS256 keys export too, and verify with their passkey’s public key', async () => {
    const { vault, ctx } = await setUp();
    const seed = ed25519.utils.randomSecretKey();
    const ed = makeRecord('ed.example', 'e', { alg: -8, privateKey: seed, publicKey: ed25519.getPublicKey(seed) });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rs = makeRecord('rs.example', 'r', {
      alg: -257,
      privateKey: new Uint8Array(rsa.privateKey.export({ format: 'der', type: 'pkcs8' })),
      publicKey: new Uint8Array(rsa.publicKey.export({ format: 'der', type: 'spki' })),
    });
    await vault.add(ed);
    await vault.add(rs);
    const message = Buffer.from('hello');
    for (const [r, hash] of [
      [ed, null],
      [rs, 'sha256'],
    ] as const) {
      const { pem } = (await handleDevRequest({ type: 'dev:export-key', rpId: r.rpId, id: toBase64url(r.credentialId), pin: PIN }, ctx)) as { pem: string };
      const { publicKeyPem } = (await handleDevRequest({ type: 'dev:passkey', rpId: r.rpId, id: toBase64url(r.credentialId) }, ctx)) as { publicKeyPem: string };
      const signature = nodeSign(hash, message, createPrivateKey(pem));
      expect(nodeVerify(hash, message, createPublicKey(publicKeyPem), signature)).toBe(true);
    }
  }, 30_000);
});

describe('import a passkey from a PEM, an RP ID and a user handle', () => {
  it('a server fixture’s P-256 key becomes a passkey that signs in (verified by @simplewebauthn/server)', async () => {
    const { vault, send } = await setUp();
    const fixture = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = fixture.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    const userHandle = toBase64url(Uint8Array.of(1, 2, 3));
    const credentialId = toBase64url(Uint8Array.of(9, 9, 9, 9));
    const details = await send({ type: 'dev:import-key', pem, rpId: 'fixture.example', userHandle, userName: 'carol', credentialId });
    expect(details).toMatchObject({ rpId: 'fixture.example', userHandle, id: credentialId, signCount: 0, alg: -7, backedUp: true });
    const spki = new Uint8Array(fixture.publicKey.export({ format: 'der', type: 'spki' }));
    const point = spki.subarray(spki.length - 65);
    const signIn = await signInVerified(vault, 'fixture.example', Uint8Array.of(9, 9, 9, 9), point);
    expect(signIn.verified).toBe(true);
  }, 30_000);

  it('bad input is refused and changes nothing: not a PEM, an RSA key, a bad RP ID, an empty or long user handle', async () => {
    const { vault, send } = await setUp();
    const before = (await vault.allRecords()).length;
    const p256Pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    const rsaPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    const handle = toBase64url(Uint8Array.of(1));
    await expect(send({ type: 'dev:import-key', pem: 'hello', rpId: 'a.example', userHandle: handle, userName: '' })).rejects.toMatchObject({ name: 'TypeError' });
    await expect(send({ type: 'dev:import-key', pem: rsaPem, rpId: 'a.example', userHandle: handle, userName: '' })).rejects.toMatchObject({ name: 'NotSupportedError' });
    await expect(send({ type: 'dev:import-key', pem: p256Pem, rpId: 'https://a.example/', userHandle: handle, userName: '' })).rejects.toMatchObject({ name: 'TypeError' });
    await expect(send({ type: 'dev:import-key', pem: p256Pem, rpId: 'a.example', userHandle: '', userName: '' })).rejects.toMatchObject({ name: 'TypeError' });
    await expect(send({ type: 'dev:import-key', pem: p256Pem, rpId: 'a.example', userHandle: toBase64url(new Uint8Array(65)), userName: '' })).rejects.toMatchObject({ name: 'TypeError' });
    expect((await vault.allRecords()).length).toBe(before);
  }, 30_000);
});

describe('the ceremony log: memory only, bounded', () => {
  it('keeps at most its count, newest first, with increasing seq', () => {
    const log = new CeremonyLog(3, 1_000_000);
    for (let i = 1; i <= 5; i++) log.add(logEntry(i));
    expect(log.entries().map((e) => e.startedAt)).toEqual([5, 4, 3]);
    expect(log.entries().map((e) => e.seq)).toEqual([5, 4, 3]);
  }, 30_000);

  it('keeps at most its size in characters, and a single entry over it keeps only its summary', () => {
    const log = new CeremonyLog(100, 10_000);
    for (let i = 1; i <= 10; i++) log.add(logEntry(i, 3_000));
    expect(log.size().chars).toBeLessThanOrEqual(10_000);
    expect(log.entries().length).toBe(3);
    const big = log.add(logEntry(11, 50_000));
    expect(big.options).toBeNull();
    expect(log.size().chars).toBeLessThanOrEqual(10_000);
    expect(log.clear()).toBeGreaterThan(0);
    expect(log.entries()).toEqual([]);
  }, 30_000);
});
