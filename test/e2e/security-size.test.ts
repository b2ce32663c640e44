/**
 * SECURITY.md case 24: nothing a page sends can stall the background. While one tab sends the
 * largest requests it can, through the API and as forged bridge messages, another tab's prompt
 * still opens promptly, and the attacking tab gets the size error and no prompt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, type Harness, type TestPage, type TestServer } from './harness/index.js';
import { launchWithPasskey, openPage, request, result, start, startClientServer } from './client-pages.js';
import { MAX_REQUEST_CHARS } from '../../src/core/limits.js';

/** What the attacking page reports: requests answered so far and the errors they ended with. */
interface AttackStats {
  answered: number;
  names: Record<string, number>;
}

/**
 * Runs in the attacking page until `window.__case24.stop`: get() calls through the API with
 * allowCredentials and prf.evalByCredential as large as fit under the bridge's cap (they reach
 * the background, which converts them in full before refusing the list), one far over the cap
 * every tenth call (80,000 entries: the attack), and `forged` raw bridge messages of the
 * same maximal size kept in flight at all times.
 */
function attack({ cap, forged }: { cap: number; forged: number }): Promise<AttackStats> {
  const w = window as unknown as { __case24: AttackStats & { stop: boolean } };
  const stats: AttackStats & { stop: boolean } = (w.__case24 = { answered: 0, names: {}, stop: false });
  const note = (name: string) => {
    stats.answered++;
    stats.names[name] = (stats.names[name] ?? 0) + 1;
  };
  const id3 = (i: number) => btoa(String.fromCharCode(i >> 16, (i >> 8) & 255, i & 255)).replace(/\+/g, '-').replace(/\//g, '_');
  // Wire shape (what the page hook would send) with n entries, and the n that fits under the cap.
  const wire = (n: number) => {
    const allowCredentials = [];
    const evalByCredential: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      allowCredentials.push({ type: 'public-key', id: { '\u0000bytes': id3(i) } });
      evalByCredential[id3(i)] = { first: { '\u0000bytes': 'AQ' } };
    }
    return { challenge: { '\u0000bytes': 'AAAAAAAAAAAAAAAAAAAAAA' }, allowCredentials, extensions: { prf: { evalByCredential } } };
  };
  const perEntry = JSON.stringify(wire(1000)).length / 1000;
  let fit = Math.floor((cap - 200) / perEntry);
  while (JSON.stringify(wire(fit)).length > cap - 'null'.length) fit -= 50;
  const maximal = wire(fit);
  const api = (n: number) => {
    const bytes = (b64: string) => Uint8Array.from(atob(b64.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const allowCredentials = [];
    const evalByCredential: Record<string, { first: Uint8Array }> = {};
    for (let i = 0; i < n; i++) {
      allowCredentials.push({ type: 'public-key' as const, id: bytes(id3(i)) });
      evalByCredential[id3(i)] = { first: Uint8Array.of(1) };
    }
    return { publicKey: { challenge: new Uint8Array(16), allowCredentials, extensions: { prf: { evalByCredential } } } } as CredentialRequestOptions;
  };
  const apiMaximal = api(fit);
  const apiHuge = api(80_000);

  let next = 0;
  const pending = new Set<string>();
  addEventListener('message', (e: MessageEvent) => {
    const d = e.data as { t?: string; id?: string; ok?: boolean; error?: { name: string } };
    if (d?.t !== 'passkeep:r' || !d.id || !pending.delete(d.id)) return;
    note(d.ok ? 'ok' : d.error!.name);
    sendForged();
  });
  const sendForged = () => {
    if (stats.stop) return;
    const id = `case24-${next++}`;
    pending.add(id);
    postMessage({ t: 'passkeep:q', id, op: 'get', mediation: null, stop: null, allow: true, options: maximal }, '*');
  };
  for (let i = 0; i < forged; i++) sendForged();

  return (async () => {
    for (let i = 0; !stats.stop; i++) {
      try {
        await navigator.credentials.get(i % 10 === 9 ? apiHuge : apiMaximal);
        note('ok');
      } catch (e) {
        note((e as Error).name);
      }
    }
    // Let the forged requests in flight settle, so that every answer is counted.
    while (pending.size > 0) await new Promise((r) => setTimeout(r, 20));
    return { answered: stats.answered, names: stats.names };
  })();
}

/**
 * The control: a tab that only keeps a CPU core busy (no request at all), in slices so that the
 * test can still talk to it. On the shared 2-core test machine this alone slows every prompt.
 */
function burn(): Promise<number> {
  const w = window as unknown as { __burn: { stop: boolean; slices: number } };
  const state = (w.__burn = { stop: false, slices: 0 });
  return (async () => {
    while (!state.stop) {
      const until = performance.now() + 50;
      while (performance.now() < until);
      state.slices++;
      await new Promise((r) => setTimeout(r, 0));
    }
    return state.slices;
  })();
}

/** From the test's call to the prompt being ready (approve visible), then cancelled. */
async function promptLatency(h: Harness, page: TestPage, key: string): Promise<number> {
  const t0 = performance.now();
  await start(page, key, 'get', request());
  const prompt = await h.waitForConsent();
  const ms = performance.now() - t0;
  await prompt.click('testid=cancel');
  expect(await result(page, key)).toMatchObject({ ok: false, name: 'NotAllowedError' });
  await prompt.waitForClose();
  return ms;
}

describe.each(BROWSERS)('%s: size and cost', (browserName) => {
  let h: Harness;
  let server: TestServer;

  beforeAll(async () => {
    server = await startClientServer();
    h = await launchWithPasskey(browserName, server);
  });

  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  it("case 24: while one tab sends the largest requests it can, another tab's prompt opens within a second", async () => {
    const victim = await openPage(h, `${server.origin}/`);
    const quiet = await promptLatency(h, victim, 'quiet');
    expect(quiet).toBeLessThan(5000); // a baseline that is itself stalled would prove nothing
    // Another site, as an attacker would be: in Firefox, same-site tabs share one content
    // process and its main thread, so a same-site attacker would slow the other tab's own
    // script, with or without Passkeep.
    const attacker = await openPage(h, `${server.originFor('attacker')}/`);
    const burning = attacker.evaluate(burn);
    while ((await attacker.evaluate(() => (window as unknown as { __burn: { slices: number } }).__burn.slices)) < 4);
    const busy = await promptLatency(h, victim, 'busy');
    await attacker.evaluate(() => void ((window as unknown as { __burn: { stop: boolean } }).__burn.stop = true));
    await burning;
    const prompts = h.consentCount();
    const running = attacker.evaluate(attack, { cap: MAX_REQUEST_CHARS, forged: 4 });
    running.catch(() => undefined); // awaited below; a failure before that closes the browser under it
    // The attack is in full swing once the background has answered a few maximal requests.
    const answered = () => attacker.evaluate(() => (window as unknown as { __case24?: AttackStats }).__case24?.answered ?? 0);
    const deadline = Date.now() + 30_000;
    while ((await answered()) < 8) expect(Date.now()).toBeLessThan(deadline);
    const attacked = await promptLatency(h, victim, 'attacked');
    const during = await answered();
    await attacker.evaluate(() => void ((window as unknown as { __case24: { stop: boolean } }).__case24.stop = true));
    const stats = await running;
    console.log(`[case 24, ${browserName}] prompt ready in ${quiet.toFixed(0)} ms quiet, ${busy.toFixed(0)} ms beside a CPU-bound tab, ${attacked.toFixed(0)} ms under attack (${during} maximal requests answered by then; ${JSON.stringify(stats)})`);
    // Every attacking request ended in the size error, and none opened a prompt.
    expect(Object.keys(stats.names)).toEqual(['RangeError']);
    expect(h.consentCount()).toBe(prompts + 1);
    // The attack delays the other tab's prompt by less than a second beyond what any tab that
    // keeps a core busy costs it. Measured against that control, not as an absolute time: on the
    // shared 2-core test machine the control alone adds about as much in Firefox, whose quiet
    // prompt already takes a second or more there. Before the bounds, one such request held the
    // background for tens of seconds (this test then timed out).
    expect(attacked - busy).toBeLessThan(1000);
  }, 120_000);
});
