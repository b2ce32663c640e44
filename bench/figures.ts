/**
 * The figures `npm run bench` writes to bench/latest.json (docs/contracts.md, "Benchmark
 * output"): one object of named figures, each `{ value, unit, note }`, and the goals of the
 * benchmark issue they are compared with.
 */

export type Unit = 'ms' | 'bytes' | 'ratio' | 'count';

export interface Figure {
  value: number;
  unit: Unit;
  note: string;
}

export type Figures = Record<string, Figure>;

/** Every figure the benchmark issue names, with its goal (`null`: an anchor, no goal). */
export const GOALS: ReadonlyArray<{ name: string; what: string; max: number | null }> = [
  { name: 'page_hook_bytes', what: 'minified size of the main-world script', max: 5000 },
  { name: 'page_hook_exec_ms', what: 'its execution at document_start, median of >= 50 loads', max: 0.2 },
  { name: 'page_load_ratio', what: 'static page load with / without the extension, median of pairs', max: 1.02 },
  { name: 'get_prompt_ms', what: 'get() called -> prompt interactive, warm', max: 100 },
  { name: 'get_prompt_cold_ms', what: 'the same with the background just stopped', max: 300 },
  { name: 'get_approve_ms', what: "approve clicked -> page's promise resolved, warm", max: 5 },
  { name: 'create_approve_ms', what: 'the same for create()', max: 10 },
  { name: 'va_get_ms', what: "Chromium's virtual authenticator get(), same run, same page", max: null },
  { name: 'get_approve_vs_va_ratio', what: 'get_approve_ms / va_get_ms', max: 4 },
  { name: 'unlock_ms', what: 'PIN entered -> vault usable, including the KDF', max: 1000 },
  { name: 'vault_10k_get_ms', what: 'get() approve -> resolved with 10,000 passkeys stored', max: 10 },
  { name: 'popup_10k_render_ms', what: 'popup opened -> first rows painted with 10,000 passkeys', max: 150 },
  { name: 'popup_10k_search_ms', what: 'a search keystroke -> result painted, 10,000 passkeys', max: 50 },
  { name: 'sign_cold_ms', what: 'first signature after a background start', max: 60 },
  { name: 'firefox_get_prompt_ms', what: 'get_prompt_ms in Firefox', max: 200 },
  { name: 'firefox_get_prompt_cold_ms', what: 'get_prompt_cold_ms in Firefox (event page suspended)', max: 400 },
  { name: 'firefox_get_approve_ms', what: 'get_approve_ms in Firefox', max: 10 },
];

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of no samples');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Rounds for display and JSON: 3 decimals below 10, 2 below 1000, whole above. */
export function round(x: number): number {
  const digits = Math.abs(x) < 10 ? 3 : Math.abs(x) < 1000 ? 2 : 0;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** The median of `samples` with n, min and max in the note, after `what`. Fails on a bad sample. */
export function fromSamples(samples: readonly number[], unit: Unit, what: string, minCount: number): Figure {
  if (samples.length < minCount) throw new Error(`${what}: only ${samples.length} samples, need ${minCount}`);
  for (const s of samples) if (!Number.isFinite(s)) throw new Error(`${what}: a sample is not a finite number (${s})`);
  return {
    value: round(median(samples)),
    unit,
    note: `median of n=${samples.length}, min ${round(Math.min(...samples))}, max ${round(Math.max(...samples))}; ${what}`,
  };
}

export function formatTable(figures: Figures): string {
  const rows = GOALS.map(({ name, max }) => {
    const f = figures[name];
    const value = f ? `${f.value} ${f.unit}` : 'MISSING';
    const goal = max === null ? '(anchor)' : `<= ${max}`;
    const status = !f ? 'MISSING' : max === null ? '' : f.value <= max ? 'met' : 'MISSED';
    const range = f ? (/min ([^,;]+), max ([^;]+);/.exec(f.note)?.slice(1).join(' .. ') ?? '') : '';
    return [name, value, goal, status, range];
  });
  const head = ['figure', 'median', 'goal', '', 'min .. max'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Throws unless every figure the issue names is present and well-formed. */
export function checkComplete(figures: Figures): void {
  const missing = GOALS.filter(({ name }) => {
    const f = figures[name];
    return !f || !Number.isFinite(f.value) || typeof f.note !== 'string';
  }).map((g) => g.name);
  if (missing.length) throw new Error(`figures missing: ${missing.join(', ')}`);
}
