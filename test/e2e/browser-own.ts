/**
 * The browser's own WebAuthn, as end-to-end tests see it answer (for the requests Passkeep steps
 * aside for; README "When Passkeep steps in and when it steps aside"):
 *  - Chromium: a CDP virtual authenticator (WebAuthn domain) is the browser's own; it holds a
 *    credential the test put there, and the page gets that very credential (or, for create(),
 *    a credential whose AAGUID is not Passkeep's).
 *  - Firefox has no virtual authenticator over BiDi: its own WebAuthn shows its doorhanger
 *    ("Touch your security key…", PopupNotification `webauthn-prompt-*`), read from the browser
 *    window's chrome scope; the test then aborts the request, which rejects with its reason.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import type { Browser as PuppeteerBrowser } from 'puppeteer-core';
import type { Harness, TestPage } from './harness/index.js';

export const PASSKEEP_AAGUID = '65678ecee9484e5bb6ac293a1fbd5976';

/**
 * Firefox: the ids of the browser's own WebAuthn doorhangers shown on any tab since the last
 * call (each doorhanger is reported once: the call marks the ones it saw).
 */
export async function firefoxWebAuthnPrompts(h: Harness): Promise<string[]> {
  const browser = h.raw as PuppeteerBrowser;
  const connection = (browser as unknown as { connection: { send(m: string, p: object): Promise<{ result: unknown }> } }).connection;
  const tree = (await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' })).result as { contexts: Array<{ context: string }> };
  const ids: string[] = [];
  for (const { context } of tree.contexts) {
    const evaluated = (
      await connection.send('script.evaluate', {
        expression: `JSON.stringify(Array.from(Services.wm.getEnumerator('navigator:browser')).flatMap((w) =>
          (w.PopupNotifications._currentNotifications || []).filter((n) => n.id.startsWith('webauthn') && !n.passkeepTestSeen)
            .map((n) => ((n.passkeepTestSeen = true), n.id))))`,
        target: { context },
        awaitPromise: false,
      })
    ).result as { type: string; result?: { value?: unknown } };
    if (evaluated.type === 'success' && typeof evaluated.result?.value === 'string') ids.push(...(JSON.parse(evaluated.result.value) as string[]));
  }
  return ids;
}

export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100)); // polling interval of a condition wait, not a sleep for synchronisation
  }
}

/**
 * Chromium: the browser's own authenticator on `page` (CDP virtual authenticator), on USB unless
 * `transport` says otherwise (`internal`: a platform one, which Chrome asks for a credential the
 * site lists with that transport only).
 */
export async function virtualAuthenticator(page: TestPage, transport: 'usb' | 'internal' = 'usb'): Promise<{ cdp: CDPSession; id: string }> {
  const raw = page.raw as Page;
  const cdp = await raw.context().newCDPSession(raw);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport, hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { cdp, id: authenticatorId };
}

/** Chromium: puts a discoverable credential for `rpId` into the virtual authenticator; returns its id (base64url). */
export async function nativeCredential(auth: { cdp: CDPSession; id: string }, rpId: string, credentialId = randomBytes(16)): Promise<string> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  await auth.cdp.send('WebAuthn.addCredential', {
    authenticatorId: auth.id,
    credential: {
      credentialId: credentialId.toString('base64'),
      isResidentCredential: true,
      rpId,
      privateKey: (privateKey.export({ format: 'der', type: 'pkcs8' }) as Buffer).toString('base64'),
      userHandle: randomBytes(8).toString('base64'),
      signCount: 0,
    },
  });
  return credentialId.toString('base64url');
}

/**
 * Runs `op` with `spec` on `page` and shows that the browser's own implementation answered
 * it and that no Passkeep prompt opened. Chromium: `expectId` is the credential the virtual
 * authenticator must return (get), or any non-Passkeep AAGUID (create).
 */
export async function browserAnswers(h: Harness, page: TestPage, op: 'create' | 'get', spec: Record<string, unknown>, expectId?: string): Promise<void> {
  const before = h.consentCount();
  if (h.browserName === 'chromium') {
    const outcome = (await page.evaluate(
      `(async () => {
        try {
          const c = await navigator.credentials[${JSON.stringify(op)}](T.build(${JSON.stringify(spec)}));
          const data = c.response.getAuthenticatorData ? new Uint8Array(c.response.getAuthenticatorData()) : null;
          return { ok: true, id: c.id, aaguid: data ? Array.from(data.subarray(37, 53), (b) => b.toString(16).padStart(2, '0')).join('') : null };
        } catch (e) { return { ok: false, name: e.name, message: e.message }; }
      })()`,
    )) as { ok: boolean; id?: string; aaguid?: string | null; name?: string };
    expect(outcome).toMatchObject({ ok: true });
    if (expectId) expect(outcome.id).toBe(expectId);
    if (op === 'create') expect(outcome.aaguid).not.toBe(PASSKEEP_AAGUID);
  } else {
    await page.evaluate(
      `(() => { window.__ac = new AbortController(); window.__native = navigator.credentials[${JSON.stringify(op)}]({ ...T.build(${JSON.stringify(spec)}), signal: window.__ac.signal })
        .then(() => 'resolved', (e) => e === window.__ac.signal.reason ? 'aborted' : e.name); return true; })()`,
    );
    const shown = await until("Firefox's own WebAuthn doorhanger", async () => (await firefoxWebAuthnPrompts(h)).length > 0);
    expect(shown).toBe(true);
    await page.evaluate('window.__ac.abort()');
    expect(await page.evaluate('window.__native')).toBe('aborted');
  }
  expect(h.consentCount()).toBe(before);
}
