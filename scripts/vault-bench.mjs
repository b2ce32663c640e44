#!/usr/bin/env node
/**
 * Vault figures in Node (fake-indexeddb, which is slower than a browser's IndexedDB):
 *   unlock_ms        – one unlock with the default KDF (Argon2id via hash-wasm), median of 5
 *   find_for_rp_ms   – findForRp on a 10,000-passkey vault (one matching passkey), median of 200
 *   find_by_id_ms    – findById on the same vault, median of 200
 *   import_10k_ms    – merging 10,000 passkeys in one transaction
 *
 *   node scripts/vault-bench.mjs [--count N]
 *
 * Prints a table and one JSON object in the bench/latest.json shape. A measurement, never a
 * test: nothing here fails on a slow machine.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const countArg = process.argv.indexOf('--count');
const COUNT = countArg > 0 ? Number(process.argv[countArg + 1]) : 10_000;

const entry = `
import 'fake-indexeddb/auto';
import { p256 } from '@noble/curves/nist.js';
import { Vault } from './src/vault/vault.js';
import { DEFAULT_KDF } from './src/vault/kdf.js';

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
export async function run(count) {
  const vault = await Vault.open('bench-' + Date.now());
  await vault.setPin('bench pin 1234');
  const unlocks = [];
  for (let i = 0; i < 5; i++) {
    vault.lock();
    const t = performance.now();
    const r = await vault.unlock('bench pin 1234');
    unlocks.push(performance.now() - t);
    if (!r.ok) throw new Error('unlock failed');
  }
  const key = p256.utils.randomSecretKey();
  const pub = p256.getPublicKey(key, false);
  const records = [];
  for (let i = 0; i < count; i++) {
    records.push({ credentialId: crypto.getRandomValues(new Uint8Array(32)), rpId: 'site' + i + '.example', rpName: 'Site ' + i,
      userId: crypto.getRandomValues(new Uint8Array(16)), userName: 'user' + i + '@example', userDisplayName: 'User ' + i, alg: -7,
      privateKey: key, publicKey: pub, signCount: 0, createdAt: Date.now(), lastUsedAt: null, backedUp: false });
  }
  let t = performance.now();
  const merged = await vault.importRecords(records);
  const importMs = performance.now() - t;
  if (merged.imported !== count || (await vault.count()) !== count) throw new Error('import incomplete');
  const finds = [], byId = [];
  for (let i = 0; i < 200; i++) {
    const n = Math.floor(Math.random() * count);
    t = performance.now();
    const found = await vault.findForRp('site' + n + '.example');
    finds.push(performance.now() - t);
    if (found.length !== 1) throw new Error('lookup failed');
    t = performance.now();
    await vault.findById('site' + n + '.example', records[n].credentialId);
    byId.push(performance.now() - t);
  }
  vault.close();
  return { kdf: DEFAULT_KDF, unlock: median(unlocks), find: median(finds), byId: median(byId), importMs };
}
`;

const outDir = join(root, '.tmp');
await mkdir(outDir, { recursive: true });
const outfile = join(outDir, 'vault-bench.bundle.mjs');
await esbuild.build({ stdin: { contents: entry, resolveDir: root, loader: 'ts' }, bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'warning' });
const { run } = await import(pathToFileURL(outfile).href);
const r = await run(COUNT);
const figures = {
  unlock_ms: { value: +r.unlock.toFixed(1), unit: 'ms', note: `Argon2id m=${r.kdf.m} KiB t=${r.kdf.t} p=${r.kdf.p}, Node ${process.version}, median of 5` },
  find_for_rp_ms: { value: +r.find.toFixed(2), unit: 'ms', note: `${COUNT}-passkey vault, fake-indexeddb, median of 200` },
  find_by_id_ms: { value: +r.byId.toFixed(2), unit: 'ms', note: `${COUNT}-passkey vault, fake-indexeddb, median of 200` },
  import_10k_ms: { value: Math.round(r.importMs), unit: 'ms', note: `merge of ${COUNT} passkeys in one transaction` },
};
for (const [name, f] of Object.entries(figures)) console.log(`${name.padEnd(16)} ${String(f.value).padStart(10)} ${f.unit.padEnd(3)} ${f.note}`);
console.log(JSON.stringify(figures));
