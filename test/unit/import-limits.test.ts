/**
 * SECURITY.md case 28: files cannot hurt. Hostile import files (a deflate bomb in a CXF largeBlob,
 * a backup asking for a giant Argon2id cost, huge entry counts, deep JSON, an oversized file,
 * over-long fields) are refused before the work they ask for; the vault's stored bytes are the
 * same afterwards, and the KDF never runs with the file's cost.
 */
import { deflateRawSync } from 'node:zlib';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toBase64url } from '../../src/core/base64url.js';
import { importIntoVault } from '../../src/background/vault-transfer.js';
import { writeBackup } from '../../src/vault/backup-file.js';
import { CXF_EXPORTER_RP_ID, toCxf } from '../../src/vault/cxf.js';
import { inflateRawCapped, MAX_IMPORT_CHARS, MAX_IMPORT_ENTRIES, MAX_JSON_CONTAINERS, MAX_JSON_DEPTH, MAX_JSON_VALUES } from '../../src/vault/import-limits.js';
import { deriveKeyEncryptionKey, MAX_KDF } from '../../src/vault/kdf.js';
import type { Vault } from '../../src/vault/vault.js';
import { makeRecord, openTestVault, signInVerified, TEST_KDF, uniqueDbName } from './vault-test-helpers.js';

// The real KDF, watched: every call's parameters are recorded.
vi.mock('../../src/vault/kdf.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/vault/kdf.js')>();
  return { ...real, deriveKeyEncryptionKey: vi.fn(real.deriveKeyEncryptionKey) };
});
const kdfSpy = vi.mocked(deriveKeyEncryptionKey);

const PIN = 'case 28 pin';
const PASSPHRASE = 'a long backup passphrase';

/** Every stored row of the vault's database, as IndexedDB holds it. */
async function snapshot(name: string): Promise<unknown> {
  const db = await openDB(name);
  const rows = Object.fromEntries(await Promise.all([...db.objectStoreNames].map(async (store) => [store, await db.getAll(store)])));
  db.close();
  return rows;
}

function cxfWith(credentials: unknown[]): string {
  return JSON.stringify({
    version: { major: 1, minor: 0 },
    exporterRpId: CXF_EXPORTER_RP_ID,
    exporterDisplayName: 'hostile',
    timestamp: 1,
    accounts: [{ id: 'a', username: '', email: '', collections: [], items: [{ id: 'i', creationAt: 1, modifiedAt: 1, title: 't', credentials }] }],
  });
}

/** One passkey credential as Passkeep's own CXF export writes it, with some fields replaced. */
async function cxfPasskey(overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const header = JSON.parse(await toCxf([makeRecord('bomb.example', 'mallory')]));
  return { ...header.accounts[0].items[0].credentials[0], ...overrides };
}

function deepJson(levels: number): string {
  return `${'['.repeat(levels)}${']'.repeat(levels)}`;
}

// Each test runs Argon2id at OWASP's floor (the PIN, an honest backup): slow on a shared 2-core machine.
describe('case 28: files cannot hurt', { timeout: 30_000 }, () => {
  let name: string;
  let vault: Vault;
  let existing: ReturnType<typeof makeRecord>;
  let before: unknown;

  beforeEach(async () => {
    name = uniqueDbName();
    vault = await openTestVault(name);
    await vault.setPin(PIN);
    existing = makeRecord('bank.example', 'alice@example', { largeBlob: new Uint8Array([1, 2, 3]) });
    await vault.add(existing);
    before = await snapshot(name);
    kdfSpy.mockClear();
  });

  afterEach(async () => {
    // Nothing already in the vault changed, byte for byte, and the passkey still signs.
    expect(await snapshot(name)).toEqual(before);
    expect((await signInVerified(vault, existing.rpId, existing.credentialId, existing.publicKey)).verified).toBe(true);
    vault.close();
  });

  it('case 28: a CXF largeBlob deflate bomb under its declared size is refused as the file, inflating at most one chunk past the cap', async () => {
    // 1 MiB of zeros deflates to ~1 KB: small enough to pass the length check, stopped by the running cap.
    const bomb = deflateRawSync(new Uint8Array(1 << 20));
    const file = cxfWith([await cxfPasskey({ fido2Extensions: { largeBlob: { size: 4096, alg: 'deflate', data: toBase64url(bomb) } } })]);
    expect(file.length).toBeLessThan(4096);
    await expect(importIntoVault(vault, { format: 'cxf', data: file })).rejects.toThrow(/largeBlob inflates to more than 4096 bytes/);
  });

  it('case 28: a CXF largeBlob that declares 512 MiB, or carries megabytes of data, is refused before decoding', async () => {
    const claims = cxfWith([await cxfPasskey({ fido2Extensions: { largeBlob: { size: 512 << 20, alg: 'deflate', data: 'AA' } } })]);
    await expect(importIntoVault(vault, { format: 'cxf', data: claims })).rejects.toThrow(/declares 536870912 bytes/);
    // The 0.7 MB file of the report: 512 MiB of zeros deflated.
    const huge = toBase64url(deflateRawSync(new Uint8Array(64 << 20)));
    const big = cxfWith([await cxfPasskey({ fido2Extensions: { largeBlob: { size: 4096, alg: 'deflate', data: huge } } })]);
    await expect(importIntoVault(vault, { format: 'cxf', data: big })).rejects.toThrow(/largeBlob\.data is longer than/);
  });

  it('case 28: a backup asking for a giant Argon2id cost is refused before the KDF runs', async () => {
    const honest = JSON.parse(await writeBackup([makeRecord('shop.example', 'bob')], PASSPHRASE, TEST_KDF));
    kdfSpy.mockClear();
    for (const kdf of [
      { m: 1 << 22, t: 3, p: 1 }, // 4 GiB
      { m: TEST_KDF.m, t: 100_000, p: 1 },
      { m: TEST_KDF.m, t: 3, p: 255 },
      { m: MAX_KDF.m + 1, t: 3, p: 1 },
      { m: 1024, t: 1, p: 1 }, // too weak to trust
      { m: 1.5e4 + 0.5, t: 3, p: 1 },
    ]) {
      const hostile = JSON.stringify({ ...honest, kdf: { ...honest.kdf, ...kdf } });
      await expect(importIntoVault(vault, { format: 'passkeep-backup', data: hostile, passphrase: PASSPHRASE })).rejects.toThrow(
        /KDF parameters Passkeep does not accept|damaged/,
      );
    }
    // A salt or nonce of another size is refused before decoding or deriving, too.
    for (const change of [{ iv: 'A'.repeat(1 << 20) }, { kdf: { ...honest.kdf, salt: 'A'.repeat(1 << 20) } }]) {
      const hostile = JSON.stringify({ ...honest, ...change });
      await expect(importIntoVault(vault, { format: 'passkeep-backup', data: hostile, passphrase: PASSPHRASE })).rejects.toThrow(/damaged/);
    }
    expect(kdfSpy).not.toHaveBeenCalled();
  });

  it('case 28: a backup whose passphrase came with it still cannot carry over-long fields into the vault', async () => {
    const hostile = await writeBackup([makeRecord('shop.example', 'x'.repeat(5000))], PASSPHRASE, TEST_KDF);
    await expect(importIntoVault(vault, { format: 'passkeep-backup', data: hostile, passphrase: PASSPHRASE })).rejects.toThrow(
      /a passkey's userName is longer than 1024 characters/,
    );
    const blob = await writeBackup([makeRecord('shop.example', 'bob', { largeBlob: new Uint8Array(1 << 16) })], PASSPHRASE, TEST_KDF);
    await expect(importIntoVault(vault, { format: 'passkeep-backup', data: blob, passphrase: PASSPHRASE })).rejects.toThrow(/extra data is larger/);
  });

  it('case 28: Argon2id itself never runs above the ceiling, whoever asks', async () => {
    await expect(deriveKeyEncryptionKey('pin', { alg: 'argon2id', m: MAX_KDF.m * 2, t: 1, p: 1, salt: new Uint8Array(16) })).rejects.toThrow(RangeError);
  });

  it('case 28: a file listing more entries than the limit is refused before any entry is read', async () => {
    const many = Array.from({ length: MAX_IMPORT_ENTRIES }, () => ({ type: 'note' }));
    await expect(importIntoVault(vault, { format: 'cxf', data: cxfWith([...many, await cxfPasskey()]) })).rejects.toThrow(/more than 20000 entries/);
    const items = Array.from({ length: MAX_IMPORT_ENTRIES + 1 }, () => ({ login: { fido2Credentials: [] } }));
    await expect(importIntoVault(vault, { format: 'bitwarden-json', data: JSON.stringify({ encrypted: false, items }) })).rejects.toThrow(
      /more than 20000 entries/,
    );
  });

  it('case 28: deep JSON and an oversized file are refused by every format', async () => {
    for (const format of ['cxf', 'bitwarden-json', 'keepassxc-passkey', 'passkeep-backup'] as const) {
      await expect(importIntoVault(vault, { format, data: deepJson(100_000), passphrase: PASSPHRASE })).rejects.toThrow(/nests deeper than/);
      await expect(importIntoVault(vault, { format, data: `{"a":${deepJson(MAX_JSON_DEPTH)}}`, passphrase: PASSPHRASE })).rejects.toThrow(
        /nests deeper than/,
      );
      await expect(importIntoVault(vault, { format, data: ' '.repeat(MAX_IMPORT_CHARS + 1), passphrase: PASSPHRASE })).rejects.toThrow(
        /larger than 32 MiB/,
      );
    }
    // Millions of tiny values are refused before JSON.parse builds them.
    const arrays = `[${'[],'.repeat(MAX_JSON_CONTAINERS)}[]]`;
    await expect(importIntoVault(vault, { format: 'cxf', data: arrays })).rejects.toThrow(/more than 400000 objects and arrays/);
    const numbers = `[${'1,'.repeat(MAX_JSON_VALUES)}1]`;
    await expect(importIntoVault(vault, { format: 'bitwarden-json', data: numbers })).rejects.toThrow(/more than 2000000 values/);
    // An escaped quote does not end a string; an escaped backslash before the quote does.
    const escaped = (levels: number) => `{"a":"\\"${'['.repeat(levels)}","b":"\\\\","d":${'{"c":'.repeat(levels)}1${'}'.repeat(levels)}}`;
    expect(() => JSON.parse(escaped(MAX_JSON_DEPTH))).not.toThrow();
    await expect(importIntoVault(vault, { format: 'keepassxc-passkey', data: escaped(MAX_JSON_DEPTH) })).rejects.toThrow(/nests deeper than/);
    expect((await importIntoVault(vault, { format: 'keepassxc-passkey', data: escaped(MAX_JSON_DEPTH - 2) })).skipped).toEqual([
      { name: 'unknown site', reason: 'relyingParty is missing' },
    ]);
    // Brackets inside strings are text, not nesting.
    expect(await importIntoVault(vault, { format: 'bitwarden-json', data: JSON.stringify({ encrypted: false, items: [], note: '['.repeat(1000) }) })).toEqual({
      imported: 0,
      duplicates: 0,
      skipped: [],
    });
  });

  it('case 28: over-long fields skip their passkey, unread, and the report names them briefly', async () => {
    const long = 'x'.repeat(1 << 20);
    const report = await importIntoVault(vault, {
      format: 'cxf',
      data: cxfWith([await cxfPasskey({ username: long }), await cxfPasskey({ credentialId: 'A'.repeat(1 << 20) }), await cxfPasskey({ key: 'A'.repeat(1 << 20) })]),
    });
    expect(report.imported).toBe(0);
    expect(report.skipped.map((s) => s.reason)).toEqual([
      'userName is longer than 1024 characters',
      'credentialId is longer than 1023 bytes',
      'key is longer than 2048 bytes',
    ]);
    expect(Math.max(...report.skipped.map((s) => s.name.length))).toBeLessThan(250);
  });
});

describe('case 28: inflation stops at the cap', () => {
  it('case 28: a 64 MiB deflate bomb yields at most a few chunks before it is cut off', async () => {
    const Real = globalThis.DecompressionStream;
    let produced = 0;
    class Counting {
      readonly writable: WritableStream<BufferSource>;
      readonly readable: ReadableStream<Uint8Array>;
      constructor(format: CompressionFormat) {
        const inner = new Real(format);
        this.writable = inner.writable;
        this.readable = inner.readable.pipeThrough(
          new TransformStream<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              produced += chunk.length;
              controller.enqueue(chunk);
            },
          }),
        );
      }
    }
    vi.stubGlobal('DecompressionStream', Counting);
    try {
      await expect(inflateRawCapped(deflateRawSync(new Uint8Array(64 << 20)), 4096, 'largeBlob')).rejects.toThrow(/inflates to more than 4096/);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(produced).toBeGreaterThan(4096);
    expect(produced).toBeLessThan(1 << 20);
  });
});
