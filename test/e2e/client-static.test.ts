/**
 * PublicKeyCredential's static helpers, replaced so that they agree with the ceremony Passkeep
 * runs. https://w3c.github.io/webauthn/#sctn-isUserVerifyingPlatformAuthenticatorAvailable,
 * #sctn-isConditionalMediationAvailable, #sctn-getClientCapabilities,
 * #sctn-parseCreationOptionsFromJSON, #sctn-parseRequestOptionsFromJSON, #dom-publickeycredential-tojson
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientCapabilities } from '../../src/core/client-capabilities.js';
import { BROWSERS, launch, type Harness, type TestPage, type TestServer } from './harness/index.js';
import { openPage, PIN, startClientServer } from './client-pages.js';

describe.each(BROWSERS)('%s: PublicKeyCredential static API', (browserName) => {
  let h: Harness;
  let server: TestServer;
  let page: TestPage;

  beforeAll(async () => {
    server = await startClientServer();
    h = await launch(browserName);
    page = await openPage(h, `${server.origin}/`);
  });

  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  it('isUserVerifyingPlatformAuthenticatorAvailable() → true (the PIN), isConditionalMediationAvailable() → true (Passkeep’s autofill list), no prompt', async () => {
    const before = h.consentCount();
    expect(
      await page.evaluate(`(async () => [
        await PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable(),
        await PublicKeyCredential.isConditionalMediationAvailable(),
      ])()`),
    ).toEqual([true, true]);
    expect(h.consentCount()).toBe(before);
  });

  // What the browser answers for the requests Passkeep steps aside for is checked against the
  // browser's own record in test/e2e/step-aside.test.ts.
  it('getClientCapabilities() reports Passkeep’s capabilities for what Passkeep answers', async () => {
    const caps = await page.evaluate(`PublicKeyCredential.getClientCapabilities()`);
    const browserSide = ['conditionalCreate', 'hybridTransport'];
    expect(caps).toMatchObject(Object.fromEntries(Object.entries(clientCapabilities()).filter(([k]) => !browserSide.includes(k))));
  });

  it('parseCreationOptionsFromJSON(): base64url members become ArrayBuffers, strings stay; the result drives create()', async () => {
    const parsed = await page.evaluate(`(() => {
      const o = PublicKeyCredential.parseCreationOptionsFromJSON({
        rp: { name: 'RP', id: 'localhost' },
        user: { id: 'dGVzdA', name: 'dana', displayName: 'Dana' },
        challenge: 'AQIDBA',
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
        excludeCredentials: [{ type: 'public-key', id: 'AAAA', transports: ['internal'] }],
        authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
        attestation: 'none',
        extensions: { prf: { eval: { first: 'AQ' } } },
      });
      window.__parsed = o;
      const view = (b) => b instanceof ArrayBuffer ? Array.from(new Uint8Array(b)) : 'not a buffer';
      return {
        rpId: o.rp.id, userId: view(o.user.id), name: o.user.name, challenge: view(o.challenge),
        exclude: view(o.excludeCredentials[0].id), transports: o.excludeCredentials[0].transports,
        prfFirst: view(o.extensions.prf.eval.first), uv: o.authenticatorSelection.userVerification,
      };
    })()`);
    expect(parsed).toEqual({
      rpId: 'localhost',
      userId: [0x74, 0x65, 0x73, 0x74],
      name: 'dana',
      challenge: [1, 2, 3, 4],
      exclude: [0, 0, 0],
      transports: ['internal'],
      prfFirst: [1],
      uv: 'required',
    });
    await page.evaluate(`(() => { window.__made = T.outcome(navigator.credentials.create({ publicKey: window.__parsed })); return true; })()`);
    const prompt = await h.waitForConsent({ readyTarget: 'testid=pin-new' });
    await prompt.fill('testid=pin-new', PIN);
    await prompt.fill('testid=pin-confirm', PIN);
    await prompt.click('testid=approve');
    expect(await page.evaluate('window.__made')).toMatchObject({ ok: true, value: { clientData: { challenge: 'AQIDBA', origin: server.origin } } });
  });

  it('parse*FromJSON: bad base64url → EncodingError, missing required members → TypeError (page realm)', async () => {
    const names = await page.evaluate(`(() => {
      const base = { rp: { name: 'RP' }, user: { id: 'AA', name: 'n', displayName: 'N' }, challenge: 'AA', pubKeyCredParams: [] };
      const tryIt = (f) => { try { f(); return 'ok'; } catch (e) { return e.name + (e instanceof DOMException || e instanceof TypeError ? '' : ':foreign'); } };
      return [
        tryIt(() => PublicKeyCredential.parseCreationOptionsFromJSON(base)),
        tryIt(() => PublicKeyCredential.parseCreationOptionsFromJSON({ ...base, challenge: 'a+b/' })),
        tryIt(() => PublicKeyCredential.parseCreationOptionsFromJSON({ ...base, challenge: 'AAA=' })),
        tryIt(() => PublicKeyCredential.parseCreationOptionsFromJSON({ ...base, user: { ...base.user, id: 'A' } })),
        tryIt(() => PublicKeyCredential.parseCreationOptionsFromJSON({ ...base, challenge: undefined })),
        tryIt(() => PublicKeyCredential.parseCreationOptionsFromJSON({ ...base, user: { id: 'AA' } })),
        tryIt(() => PublicKeyCredential.parseRequestOptionsFromJSON({ challenge: 'AA', allowCredentials: [{ type: 'public-key', id: '!!' }] })),
        tryIt(() => PublicKeyCredential.parseRequestOptionsFromJSON({})),
        tryIt(() => PublicKeyCredential.parseRequestOptionsFromJSON({ challenge: 'AA', rpId: 'localhost' })),
      ];
    })()`);
    expect(names).toEqual(['ok', 'EncodingError', 'EncodingError', 'EncodingError', 'TypeError', 'TypeError', 'EncodingError', 'TypeError', 'ok']);
  });

  it('parseRequestOptionsFromJSON() drives get(), and toJSON() of the result round-trips through JSON', async () => {
    await page.evaluate(`(() => {
      const o = PublicKeyCredential.parseRequestOptionsFromJSON({ challenge: 'CQkJ', rpId: 'localhost', userVerification: 'discouraged' });
      window.__got = navigator.credentials.get({ publicKey: o });
      return true;
    })()`);
    const prompt = await h.waitForConsent();
    await prompt.click('testid=approve');
    const json = await page.evaluate(`(async () => {
      const c = await window.__got;
      return JSON.parse(JSON.stringify(c));
    })()`);
    expect(json).toMatchObject({
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: { clientDataJSON: expect.any(String), authenticatorData: expect.any(String), signature: expect.any(String), userHandle: 'dGVzdA' },
    });
    const clientData = JSON.parse(Buffer.from((json as { response: { clientDataJSON: string } }).response.clientDataJSON, 'base64url').toString());
    expect(clientData).toMatchObject({ type: 'webauthn.get', challenge: 'CQkJ', origin: server.origin });
  });
});
