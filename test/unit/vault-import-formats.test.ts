/**
 * Reading foreign files: Bitwarden's unencrypted JSON export (`fido2Credentials`), KeePassXC's
 * `.passkey` file, and CXF 1.0. Every imported passkey must sign in where it was registered.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from '../../src/core/base64url.js';
import { bitwardenCredentialId, parseBitwardenJson } from '../../src/vault/import-bitwarden.js';
import { parseKeePassXcPasskey } from '../../src/vault/import-keepassxc.js';
import { parseCxf } from '../../src/vault/cxf.js';
import { importIntoVault } from '../../src/background/vault-transfer.js';
import publicKeys from '../fixtures/foreign-public-keys.json';
import { openTestVault, signInVerified } from './vault-test-helpers.js';

const bitwarden = readFileSync(new URL('../fixtures/bitwarden-export.json', import.meta.url), 'utf8');
const keepassxc = readFileSync(new URL('../fixtures/keepassxc.passkey', import.meta.url), 'utf8');
const registered = publicKeys as unknown as Record<string, string>;

describe('Bitwarden unencrypted JSON export', () => {
  it('reads ES256 passkeys, keeps the counter, and reports the EdDSA one as skipped', () => {
    const parsed = parseBitwardenJson(bitwarden);
    expect(parsed.records.map((r) => [r.rpId, r.userName, r.signCount, r.backedUp])).toEqual([
      ['bank.example', 'alice@example', 7, true],
      ['shop.example', 'bob', 0, true],
    ]);
    expect(parsed.records[0]!.createdAt).toBe(Date.parse('2025-03-01T10:00:00.000Z'));
    expect(parsed.records[1]!.credentialId).toHaveLength(32); // "b64." form
    expect(parsed.records[0]!.credentialId).toHaveLength(16); // UUID form
    expect(parsed.skipped).toEqual([{ name: 'carol on ed.example', reason: 'unsupported algorithm: EdDSA Ed25519' }]);
  });

  it('turns a UUID credential id into its 16 bytes', () => {
    expect(toBase64url(bitwardenCredentialId('00112233-4455-6677-8899-aabbccddeeff'))).toBe(toBase64url(Uint8Array.from([0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff])));
  });

  it('refuses an encrypted export with a message saying what to do', () => {
    expect(() => parseBitwardenJson(JSON.stringify({ encrypted: true, data: 'x' }))).toThrow(/unencrypted|not encrypted/);
    expect(() => parseBitwardenJson('not json')).toThrow(/not JSON/);
  });

  it('reports a damaged key as skipped and imports the rest', () => {
    const file = JSON.parse(bitwarden);
    file.items[0].login.fido2Credentials[0].keyValue = 'AAAA';
    const parsed = parseBitwardenJson(JSON.stringify(file));
    expect(parsed.records.map((r) => r.rpId)).toEqual(['shop.example']);
    expect(parsed.skipped[0]).toMatchObject({ name: 'alice@example on bank.example', reason: expect.stringMatching(/damaged/) });
  });

  it('imported passkeys sign in at their relying party, counters continuing', async () => {
    const vault = await openTestVault();
    await vault.setPin('1234 pin');
    const report = await importIntoVault(vault, { format: 'bitwarden-json', data: bitwarden });
    expect(report).toMatchObject({ imported: 2, duplicates: 0 });
    expect(report.skipped).toHaveLength(1);
    for (const r of parseBitwardenJson(bitwarden).records) {
      const signed = await signInVerified(vault, r.rpId, r.credentialId, fromBase64url(registered[r.rpId]!), r.signCount);
      expect(signed).toMatchObject({ verified: true, newCounter: r.signCount + 1, backedUp: true });
    }
    vault.close();
  });
});

describe('KeePassXC .passkey file', () => {
  it('reads relyingParty, username, credentialId, userHandle and the PEM key', () => {
    const parsed = parseKeePassXcPasskey(keepassxc);
    expect(parsed.skipped).toEqual([]);
    const [r] = parsed.records;
    const file = JSON.parse(keepassxc);
    expect(r).toMatchObject({ rpId: 'forum.example', userName: 'erin', signCount: 0, backedUp: true, alg: -7 });
    expect(toBase64url(r!.credentialId)).toBe(file.credentialId);
    expect(toBase64url(r!.userId)).toBe(file.userHandle);
    expect(toBase64url(r!.publicKey)).toBe(registered['forum.example']);
  });

  it('a file without a key is reported, not imported', () => {
    const file = JSON.parse(keepassxc);
    delete file.privateKey;
    expect(parseKeePassXcPasskey(JSON.stringify(file))).toEqual({ records: [], skipped: [{ name: 'erin on forum.example', reason: 'privateKey is missing' }] });
  });

  it('the imported passkey signs in', async () => {
    const vault = await openTestVault();
    await vault.setPin('1234 pin');
    expect(await importIntoVault(vault, { format: 'keepassxc-passkey', data: keepassxc })).toEqual({ imported: 1, duplicates: 0, skipped: [] });
    const r = parseKeePassXcPasskey(keepassxc).records[0]!;
    expect(await signInVerified(vault, 'forum.example', r.credentialId, fromBase64url(registered['forum.example']!))).toMatchObject({ verified: true, newCounter: 1 });
    // importing the same file again merges: no duplicate, counter not reset
    expect(await importIntoVault(vault, { format: 'keepassxc-passkey', data: keepassxc })).toEqual({ imported: 0, duplicates: 1, skipped: [] });
    expect(await vault.findForRp('forum.example')).toMatchObject([{ signCount: 1 }]);
    vault.close();
  });
});

describe('CXF 1.0 import', () => {
  const cxf = (credentials: unknown[], version = 1) =>
    JSON.stringify({
      version: { major: version, minor: 0 },
      exporterRpId: 'exporter.example',
      exporterDisplayName: 'Exporter',
      timestamp: 1_750_000_000,
      accounts: [{ id: 'AAAA', username: '', email: 'a@example', collections: [], items: [{ id: 'BBBB', creationAt: 1_740_000_000, title: 'Bank', credentials }] }],
    });

  it('reads passkey credentials, sets the counter to zero for good, and counts the rest', async () => {
    const kp = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
    const key = toBase64url(new Uint8Array(await crypto.subtle.exportKey('pkcs8', kp.privateKey)));
    const parsed = await parseCxf(
      cxf([
        { type: 'passkey', credentialId: 'AQID', rpId: 'bank.example', username: 'alice', userDisplayName: 'Alice', userHandle: 'BAUG', key },
        { type: 'basic-auth', username: { fieldType: 'string', value: 'alice' } },
      ]),
    );
    expect(parsed.records).toHaveLength(1);
    expect(parsed.records[0]).toMatchObject({ rpId: 'bank.example', rpName: 'Bank', userName: 'alice', signCount: 0, counterless: true, createdAt: 1_740_000_000_000 });
    expect(parsed.skipped).toEqual([{ name: '1 other item', reason: 'not passkeys (Passkeep stores passkeys only)' }]);
  });

  it('refuses another major version', async () => {
    await expect(parseCxf(cxf([], 2))).rejects.toThrow(/version/);
  });
});
