/**
 * Passkey autofill in the background (src/background/autofill.ts): a conditional get() opens no
 * prompt; the bridge is told whether to show the list; the list's choice signs with UP only when
 * it was verifiably visible and no UV is wanted, and otherwise hands over to the real prompt; only
 * the list page the bridge framed, in the requesting tab, is answered; the page's abort ends it.
 * https://w3c.github.io/webauthn/#sctn-discover-from-external-source (conditional mediation)
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import type { AutofillPortMessage, AutofillView } from '../../src/core/autofill-protocol';
import type { AssertionResult } from '../../src/core/results';
import { requestWire } from './support/ceremony-fixtures';
import { flagsOf, freshBackground, prompt, request, resultOf, type Background, type FakePort } from './support/ceremony-driver';
import { EXTENSION_BASE, EXTENSION_ID, openedWindows, pageSender } from './support/fake-extension';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./support/fake-extension')).fakeBrowser }));
vi.mock('../../src/vault/kdf', async (original) => (await import('./support/fake-extension')).withFastKdf(await original<typeof import('../../src/vault/kdf')>()));

const RP = 'https://example.org';
const PIN = '482916';
const top = (tabId: number, origin = RP) => pageSender({ tabId, frameId: 0, origin, url: `${origin}/login` });

/** The list's own sender: the extension page, framed in tab `tabId`. */
function listSender(session: string, tabId = 2, frameId = 5, base = EXTENSION_BASE): Runtime.MessageSender {
  return { id: EXTENSION_ID, url: `${base}autofill.html?session=${session}`, tab: { id: tabId, index: 0, highlighted: false, active: true, pinned: false, incognito: false }, frameId };
}

let bg: Background;
beforeEach(async () => {
  bg = await freshBackground();
});

/** A passkey for example.org (a first PIN chosen), and the vault left unlocked. */
async function registerOne(): Promise<void> {
  const page = request(bg, top(1), 'create', {
    rp: { name: 'Example' },
    user: { id: { '\u0000bytes': 'AQID' }, name: 'alice@example.org', displayName: 'Alice' },
    challenge: { '\u0000bytes': 'BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc' },
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    authenticatorSelection: { userVerification: 'discouraged' },
  });
  const consent = await prompt(bg);
  await consent.decide('approve', { newPin: PIN });
  expect((await page.outcome).ok).toBe(true);
}

async function offerOf(page: FakePort): Promise<Extract<AutofillPortMessage, { autofill: 'offer' }>> {
  const first = (await page.outcome) as unknown as AutofillPortMessage;
  if (first.autofill !== 'offer') throw new Error(`no offer: ${JSON.stringify(first)}`);
  return first;
}

async function ask<T>(message: Record<string, unknown>, sender: Runtime.MessageSender): Promise<{ ok: true; value: T } | { ok: false; error: { name: string } }> {
  return (await bg.onExtensionPageMessage(message, sender)) as never;
}

describe('passkey autofill: conditional get() in the background', () => {
  it('opens no prompt; offers a list with one row per passkey of the site, and none elsewhere', async () => {
    await registerOne();
    const windows = openedWindows().length;
    const page = request(bg, top(2), 'get', requestWire(), { mediation: 'conditional' });
    expect(await offerOf(page)).toMatchObject({ autofill: 'offer', rows: 1 });
    // Nothing for that site: no list; the page's hook leaves the browser's own conditional
    // request alone to answer (src/core/step-aside.ts).
    const other = request(bg, top(3, 'https://other.example'), 'get', requestWire({ rpId: 'other.example' }), { mediation: 'conditional' });
    expect(await other.outcome).toEqual({ ok: true, handoff: true });
    expect(openedWindows().length).toBe(windows);
  });

  it('a choice the list saw signs with UP and without UV, for the caller\'s origin', async () => {
    await registerOne();
    const page = request(bg, top(2), 'get', requestWire({ userVerification: 'discouraged' }), { mediation: 'conditional' });
    const { session } = await offerOf(page);
    const view = await ask<AutofillView>({ type: 'autofill:view', session }, listSender(session));
    expect(view).toMatchObject({ ok: true, value: { rpId: 'example.org', locked: false, accounts: [{ userName: 'alice@example.org' }] } });
    const account = (view as { value: AutofillView }).value.accounts[0]!.id;
    const windows = openedWindows().length;
    expect(await ask({ type: 'autofill:choose', session, account, visible: true }, listSender(session))).toEqual({ ok: true, value: { status: 'signed' } });
    const result = resultOf(page.posted[1]!) as AssertionResult;
    expect(result.id).toBe(account);
    expect(flagsOf(result)).toEqual({ up: true, uv: false });
    expect(openedWindows().length).toBe(windows);
  });

  it('unverified visibility, or UV wanted: the real prompt opens for the chosen passkey, and the list is hidden', async () => {
    await registerOne();
    for (const [i, [uv, visible]] of ([['discouraged', false], ['required', true]] as const).entries()) {
      const page = request(bg, top(2 + i), 'get', requestWire({ userVerification: uv }), { mediation: 'conditional' });
      const { session } = await offerOf(page);
      const sender = listSender(session, 2 + i);
      const view = (await ask<AutofillView>({ type: 'autofill:view', session }, sender)) as { value: AutofillView };
      const account = view.value.accounts[0]!.id;
      expect(await ask({ type: 'autofill:choose', session, account, visible }, sender)).toEqual({ ok: true, value: { status: 'prompt' } });
      expect(page.posted[1]).toEqual({ autofill: 'hide' });
      const consent = await prompt(bg, openedWindows().length - 1);
      expect((await consent.view()).accounts).toEqual([expect.objectContaining({ id: account })]);
      await consent.decide('approve', uv === 'required' ? { pin: PIN } : {});
      expect(flagsOf(resultOf(page.posted[2]!) as AssertionResult)).toEqual({ up: true, uv: uv === 'required' });
      // The offer is over: the list's later messages are refused.
      expect(await ask({ type: 'autofill:view', session }, sender)).toMatchObject({ ok: false, error: { name: 'NotAllowedError' } });
    }
  });

  it('a locked vault offers one row, whose choice opens the prompt to unlock', async () => {
    await registerOne();
    await bg.onExtensionPageMessage({ type: 'vault:lock' }, { id: EXTENSION_ID, url: `${EXTENSION_BASE}popup.html` });
    const page = request(bg, top(2), 'get', requestWire(), { mediation: 'conditional' });
    const { session, rows } = await offerOf(page);
    expect(rows).toBe(1);
    expect(await ask({ type: 'autofill:view', session }, listSender(session))).toMatchObject({ ok: true, value: { locked: true, accounts: [] } });
    // A locked vault signs nothing, visible or not.
    expect(await ask({ type: 'autofill:choose', session, account: null, visible: true }, listSender(session))).toEqual({ ok: true, value: { status: 'prompt' } });
    const consent = await prompt(bg, openedWindows().length - 1);
    expect(await consent.view()).toMatchObject({ needsPin: true, locked: true });
  });

  it('case 13: answers only the list page the bridge framed: not a page, another tab, another frame, another session, another path', async () => {
    await registerOne();
    const page = request(bg, top(2), 'get', requestWire({ userVerification: 'discouraged' }), { mediation: 'conditional' });
    const { session } = await offerOf(page);
    const strangers: Runtime.MessageSender[] = [
      pageSender({ tabId: 2, frameId: 0, origin: RP, url: `${RP}/autofill.html?session=${session}` }),
      listSender(session, 3),
      { id: EXTENSION_ID, url: `${EXTENSION_BASE}consent.html?session=${session}`, tab: listSender(session).tab!, frameId: 5 },
      listSender(`${session}x`),
    ];
    for (const sender of strangers) {
      const reply = await bg.onExtensionPageMessage({ type: 'autofill:choose', session, account: 'x', visible: true }, sender);
      if (reply) expect(reply).toMatchObject({ ok: false, error: { name: 'NotAllowedError' } });
    }
    // The first frame that asks owns the offer; a second copy of the list is refused.
    expect(await ask({ type: 'autofill:view', session }, listSender(session, 2, 5))).toMatchObject({ ok: true });
    expect(await ask({ type: 'autofill:view', session }, listSender(session, 2, 6))).toMatchObject({ ok: false, error: { name: 'NotAllowedError' } });
    expect(page.posted).toHaveLength(1);
  });

  it('the page aborting ends the offer; a newer conditional request in the same document replaces the older', async () => {
    await registerOne();
    const first = request(bg, top(2), 'get', requestWire(), { mediation: 'conditional' });
    const { session: older } = await offerOf(first);
    const second = request(bg, top(2), 'get', requestWire(), { mediation: 'conditional' });
    const { session } = await offerOf(second);
    expect(first.posted[1]).toMatchObject({ ok: false, error: { name: 'AbortError' } });
    expect(await ask({ type: 'autofill:view', session: older }, listSender(older))).toMatchObject({ ok: false });
    second.send({ type: 'abort' });
    expect(await ask({ type: 'autofill:view', session }, listSender(session))).toMatchObject({ ok: false, error: { name: 'NotAllowedError' } });
  });
});
