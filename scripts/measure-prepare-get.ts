/**
 * SECURITY.md case 24: how long the background spends on one get() whose allowCredentials and
 * prf.evalByCredential hold N entries (the attack: three-byte ids). Run with
 * `node scripts/measure-prepare-get.mjs [N ...]` (bundles this file with esbuild); prints the
 * median of 3 runs per N, for the whole conversion + prepareGet (what `start()` does before any
 * prompt), whatever its outcome.
 */
import { toBase64url } from '../src/core/base64url.js';
import type { Caller } from '../src/core/caller.js';
import { prepareGet } from '../src/core/prepare-get.js';
import { toRequestOptions } from '../src/core/request-options.js';
import { exceedsRequestSize } from '../src/core/request-size.js';
import { BYTES_TAG, type WireValue } from '../src/core/wire-value.js';

const caller: Caller = { origin: 'https://example.com', host: 'example.com', sameOriginWithAncestors: true, topOrigin: 'https://example.com' };

function attack(n: number): WireValue {
  const allowCredentials: WireValue[] = [];
  const evalByCredential: Record<string, WireValue> = {};
  for (let i = 0; i < n; i++) {
    const id = toBase64url(Uint8Array.of(i >> 16, (i >> 8) & 255, i & 255));
    allowCredentials.push({ type: 'public-key', id: { [BYTES_TAG]: id } });
    evalByCredential[id] = { first: { [BYTES_TAG]: 'AAAA' } };
  }
  return { challenge: { [BYTES_TAG]: 'AAAAAAAAAAAAAAAAAAAAAA' }, allowCredentials, extensions: { prf: { evalByCredential } } };
}

const sizes = process.argv.slice(2).map(Number);
for (const n of sizes.length ? sizes : [40_000, 80_000]) {
  const wire = attack(n);
  const runs: number[] = [];
  let outcome = '';
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    try {
      prepareGet(toRequestOptions(wire), caller);
      outcome = 'prepared';
    } catch (e) {
      outcome = `${(e as Error).name}: ${(e as Error).message}`;
    }
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  const chars = JSON.stringify(wire).length;
  const reaches = exceedsRequestSize(wire) ? 'refused by the size cap before conversion' : 'within the size cap';
  console.log(`n=${n} (${chars} chars of JSON, ${reaches}): median ${runs[1]!.toFixed(1)} ms (runs ${runs.map((t) => t.toFixed(1)).join(', ')}) → ${outcome}`);
}
