/**
 * Passkeep's results and errors have the browser's own shape (issue 10 point 1): attributes as
 * accessors on the browser's prototypes and no own properties, `in`, instanceof, the toString
 * tag, toJSON, a page's own patching of the prototypes, store(), SharedArrayBuffer-backed
 * BufferSources, and parse*FromJSON's dictionary defaults.
 *
 * In Chromium every shape is compared with a native credential made in the same browser by the
 * CDP virtual authenticator on a site Passkeep steps aside for (the settings' disabled sites),
 * and parse*FromJSON with a Chromium launched without the extension. Firefox has no native
 * authenticator headless: its shapes are compared with the same expectations, which the
 * Chromium run proves are the native ones.
 */
import { chromium as playwrightChromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, launch, startServer, type Harness, type TestPage, type TestServer } from './harness/index.js';
import { creation, HELPERS, PIN, request } from './client-pages.js';

/** In-page: what a conformance check can observe of a credential (runs in the page). */
const SHAPE = `window.SHAPE = async (c) => {
  const chain = (o) => { const a = []; for (let p = Object.getPrototypeOf(o); p; p = Object.getPrototypeOf(p)) a.push(p.constructor.name); return a; };
  const tag = (o) => Object.prototype.toString.call(o);
  const nativeText = (f) => /^function [^(]*\\(\\) \\{\\s*\\[native code\\]\\s*\\}$/.test(Function.prototype.toString.call(f));
  const getter = (P, k) => { const d = Object.getOwnPropertyDescriptor(P, k); return d && d.get ? [d.get.name, d.get.length, nativeText(d.get), d.enumerable, d.configurable] : null; };
  const method = (P, k) => { const f = P[k]; return typeof f === 'function' ? [f.name, f.length, nativeText(f), 'prototype' in f] : null; };
  const r = c.response;
  const R = Object.getPrototypeOf(r);
  const json = c.toJSON();
  const patched = (() => {
    const P = Credential.prototype;
    const d = Object.getOwnPropertyDescriptor(P, 'id');
    Object.defineProperty(P, 'id', { ...d, get() { return 'patched:' + d.get.call(this); } });
    const seen = c.id;
    Object.defineProperty(P, 'id', d);
    const toJSON = PublicKeyCredential.prototype.toJSON;
    PublicKeyCredential.prototype.toJSON = function () { return { wrapped: toJSON.call(this).type }; };
    const text = JSON.stringify(c);
    PublicKeyCredential.prototype.toJSON = toJSON;
    return [seen === 'patched:' + c.id, text];
  })();
  let stored;
  try { await navigator.credentials.store(c); stored = 'resolved'; } catch (e) { stored = [e.name, e instanceof DOMException, e.message]; }
  let foreign;
  try { Object.getOwnPropertyDescriptor(Credential.prototype, 'id').get.call({}); foreign = 'no error'; } catch (e) { foreign = e instanceof TypeError; }
  return {
    own: Reflect.ownKeys(c).map(String), ownResponse: Reflect.ownKeys(r).map(String),
    chain: chain(c), responseChain: chain(r), tag: tag(c), responseTag: tag(r),
    has: ['id', 'rawId', 'type', 'response', 'authenticatorAttachment', 'toJSON', 'getClientExtensionResults'].filter((k) => k in c),
    responseHas: ['clientDataJSON', 'attestationObject', 'authenticatorData', 'signature', 'userHandle', 'getTransports', 'getAuthenticatorData', 'getPublicKey', 'getPublicKeyAlgorithm'].filter((k) => k in r),
    instances: [c instanceof PublicKeyCredential, c instanceof Credential, r instanceof AuthenticatorResponse, r instanceof R.constructor],
    values: [typeof c.id, tag(c.rawId), c.type, c.authenticatorAttachment, tag(r.clientDataJSON), c.id === json.id],
    getters: [getter(Credential.prototype, 'id'), getter(Credential.prototype, 'type'), getter(PublicKeyCredential.prototype, 'rawId'), getter(PublicKeyCredential.prototype, 'response'), getter(AuthenticatorResponse.prototype, 'clientDataJSON')],
    methods: [method(PublicKeyCredential.prototype, 'toJSON'), method(PublicKeyCredential.prototype, 'getClientExtensionResults'), method(CredentialsContainer.prototype, 'create'), method(CredentialsContainer.prototype, 'get'), method(CredentialsContainer.prototype, 'store'), method(Function.prototype, 'toString')],
    viaGetter: Object.getOwnPropertyDescriptor(Credential.prototype, 'id').get.call(c) === c.id,
    foreign,
    stringified: Object.keys(JSON.parse(JSON.stringify(c))).sort(),
    jsonKeys: Object.keys(json).sort(), jsonResponseKeys: Object.keys(json.response).sort(),
    extensionResults: tag(c.getClientExtensionResults()),
    patched, stored,
  };
};`;

type Shape = Record<string, unknown>;

/** What the browser's own credential shows (the Chromium run checks it against a native one). */
function expected(kind: 'create' | 'get'): Shape {
  const create = kind === 'create';
  const accessor = (name: string) => [name, 0, true, true, true];
  return {
    own: [],
    ownResponse: [],
    chain: ['PublicKeyCredential', 'Credential', 'Object'],
    responseChain: [create ? 'AuthenticatorAttestationResponse' : 'AuthenticatorAssertionResponse', 'AuthenticatorResponse', 'Object'],
    tag: '[object PublicKeyCredential]',
    responseTag: create ? '[object AuthenticatorAttestationResponse]' : '[object AuthenticatorAssertionResponse]',
    has: ['id', 'rawId', 'type', 'response', 'authenticatorAttachment', 'toJSON', 'getClientExtensionResults'],
    responseHas: create
      ? ['clientDataJSON', 'attestationObject', 'getTransports', 'getAuthenticatorData', 'getPublicKey', 'getPublicKeyAlgorithm']
      : ['clientDataJSON', 'authenticatorData', 'signature', 'userHandle'],
    instances: [true, true, true, true],
    values: ['string', '[object ArrayBuffer]', 'public-key', 'platform', '[object ArrayBuffer]', true],
    getters: [accessor('get id'), accessor('get type'), accessor('get rawId'), accessor('get response'), accessor('get clientDataJSON')],
    methods: [
      ['toJSON', 0, true, false],
      ['getClientExtensionResults', 0, true, false],
      ['create', 0, true, false],
      ['get', 0, true, false],
      ['store', 1, true, false],
      ['toString', 0, true, false],
    ],
    viaGetter: true,
    foreign: true,
    stringified: ['authenticatorAttachment', 'clientExtensionResults', 'id', 'rawId', 'response', 'type'],
    jsonKeys: ['authenticatorAttachment', 'clientExtensionResults', 'id', 'rawId', 'response', 'type'],
    jsonResponseKeys: create
      ? ['attestationObject', 'authenticatorData', 'clientDataJSON', 'publicKey', 'publicKeyAlgorithm', 'transports']
      : ['authenticatorData', 'clientDataJSON', 'signature', 'userHandle'],
    extensionResults: '[object Object]',
    patched: [true, '{"wrapped":"public-key"}'],
    stored: ['NotSupportedError', true, 'Store operation not permitted for this credential type.'],
  };
}

const COI_HEADERS = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

describe.each(BROWSERS)('%s: results and errors shaped like the browser’s own', (browserName) => {
  let h: Harness;
  let server: TestServer;
  let page: TestPage;

  /** Starts `op` with `spec` in `p` (the credential is kept in the page as window.__c). */
  const startCall = (p: TestPage, op: 'create' | 'get', spec: unknown) =>
    p.evaluate(`(() => { window.__c = navigator.credentials[${JSON.stringify(op)}](T.build(${JSON.stringify(spec)})); window.__c.catch(() => {}); return true; })()`);
  const shapeOf = (p: TestPage) => p.evaluate('(async () => SHAPE(await window.__c))()') as Promise<Shape>;

  beforeAll(async () => {
    server = await startServer({
      '/': '<!doctype html><title>rp</title>',
      '/coi': () => ({ headers: COI_HEADERS, body: '<!doctype html><title>isolated</title>' }),
    });
    h = await launch(browserName);
    page = await h.newPage(`${server.origin}/`);
    await page.evaluate(HELPERS);
    await page.evaluate(SHAPE);
  });

  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  it('create() and get(): accessors and methods on the browser’s prototypes, no own properties, store() is NotSupportedError', async () => {
    await startCall(page, 'create', creation({ authenticatorSelection: { residentKey: 'required', userVerification: 'discouraged' } }));
    const prompt = await h.waitForConsent({ readyTarget: 'testid=pin-new' });
    await prompt.fill('testid=pin-new', PIN);
    await prompt.fill('testid=pin-confirm', PIN);
    await prompt.click('testid=approve');
    expect(await shapeOf(page)).toEqual(expected('create'));

    await startCall(page, 'get', request());
    await (await h.waitForConsent()).click('testid=approve');
    expect(await shapeOf(page)).toEqual(expected('get'));
  });

  // https://w3c.github.io/webauthn/#sctn-createCredential step 10 skips only unknown types; the
  // authenticator's NotSupportedError (#sctn-op-make-cred step 2) reaches the page as
  // NotAllowedError once the person dismisses the prompt, which says why.
  it('pubKeyCredParams of a known type but no supported algorithm: a prompt that says why, then NotAllowedError', async () => {
    const spec = creation({ pubKeyCredParams: [{ type: 'public-key', alg: -9999 }, { type: 'public-key', alg: -35 }] });
    for (const control of ['cancel', 'approve']) {
      await startCall(page, 'create', spec);
      const prompt = await h.waitForConsent({ readyTarget: 'testid=unsupported' });
      expect(await prompt.text('testid=unsupported')).toContain('localhost');
      expect(await prompt.count('testid=pin')).toBe(0);
      // Not yet settled while the prompt is open.
      expect(await page.evaluate('Promise.race([window.__c.then(() => "settled", () => "settled"), Promise.resolve("pending")])')).toBe('pending');
      await prompt.click(`testid=${control}`);
      expect(await page.evaluate('window.__c.then(() => "resolved", (e) => [e.name, e instanceof DOMException])')).toEqual(['NotAllowedError', true]);
      await prompt.waitForClose();
    }
  });

  it('a BufferSource backed by a SharedArrayBuffer is a TypeError of the page, before any prompt', async () => {
    const isolated = await h.newPage(`${server.origin}/coi`);
    await isolated.evaluate(HELPERS);
    const before = h.consentCount();
    const outcome = await isolated.evaluate(`(async () => {
      const view = new Uint8Array(new SharedArrayBuffer(32));
      const tryIt = async (p) => { try { await p; return 'resolved'; } catch (e) { return e.name + (e instanceof TypeError ? '' : ':foreign'); } };
      return {
        isolated: crossOriginIsolated,
        createView: await tryIt(navigator.credentials.create({ publicKey: { ...T.build(${JSON.stringify(creation())}).publicKey, challenge: view } })),
        getView: await tryIt(navigator.credentials.get({ publicKey: { challenge: view } })),
        getDataView: await tryIt(navigator.credentials.get({ publicKey: { challenge: new DataView(new SharedArrayBuffer(32)) } })),
        getBare: await tryIt(navigator.credentials.get({ publicKey: { challenge: new SharedArrayBuffer(32) } })),
        userId: await tryIt(navigator.credentials.create({ publicKey: { ...T.build(${JSON.stringify(creation())}).publicKey, user: { id: view, name: 'a', displayName: 'A' } } })),
      };
    })()`);
    expect(outcome).toEqual({ isolated: true, createView: 'TypeError', getView: 'TypeError', getDataView: 'TypeError', getBare: 'TypeError', userId: 'TypeError' });
    expect(h.consentCount()).toBe(before);
    await isolated.close();
  });

  it('the browser’s own objects have these shapes (Chromium: a CDP virtual authenticator on a site Passkeep steps aside for)', async () => {
    // The accessors the browser defines on its prototypes are the ones the expectations name.
    const accessors = await page.evaluate(`[Credential.prototype, PublicKeyCredential.prototype, AuthenticatorResponse.prototype]
      .map((P) => Object.getOwnPropertyNames(P).filter((k) => Object.getOwnPropertyDescriptor(P, k).get))`);
    expect(accessors).toEqual([['id', 'type'], ['rawId', 'response', 'authenticatorAttachment'], ['clientDataJSON']]);
    // Firefox has no native authenticator headless: the prototypes above are all it can show.
    if (browserName !== 'chromium') return;
    const popup = await h.openExtensionPage('popup.html');
    const set = await popup.evaluate(async (sites) => {
      const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
      return api.runtime.sendMessage({ type: 'settings:set', settings: { disabledSites: sites } });
    }, ['native.localhost']);
    expect(set).toMatchObject({ ok: true });
    const native = await h.newPage(`${server.originFor('native')}/`);
    await native.evaluate(HELPERS);
    await native.evaluate(SHAPE);
    const raw = native.raw as import('playwright-core').Page;
    const cdp = await raw.context().newCDPSession(raw);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    const before = h.consentCount();
    await startCall(native, 'create', creation({ authenticatorSelection: { residentKey: 'required', userVerification: 'discouraged' } }));
    expect(await shapeOf(native)).toEqual(expected('create'));
    await startCall(native, 'get', request());
    expect(await shapeOf(native)).toEqual(expected('get'));
    expect(h.consentCount()).toBe(before);
    // The same page gives the browser's own answer for a too-long allowCredentials: a
    // DOMException named RangeError, as Passkeep's (src/core/limits.ts).
    const range = await native.evaluate(`(async () => {
      try { await navigator.credentials.get({ publicKey: { challenge: new Uint8Array(32), allowCredentials: Array.from({ length: 65 }, () => ({ type: 'public-key', id: new Uint8Array(16) })) } }); return 'resolved'; }
      catch (e) { return [e.name, e instanceof DOMException]; }
    })()`);
    expect(range).toEqual(['RangeError', true]);
    await cdp.send('WebAuthn.disable');
    await native.close();
    await popup.close();
  });
});

/** The parse*FromJSON inputs compared with the browser's own implementation. */
const PARSE_INPUTS = `[
  ['c', { challenge: 'AAAA', rp: { name: 'n', id: 'localhost' }, user: { id: 'AQID', name: 'a', displayName: 'A' }, pubKeyCredParams: [] }],
  ['c', { challenge: 'AAAA', rp: { name: 'n' }, user: { id: 'AQID', name: 'a', displayName: 'A' }, pubKeyCredParams: [{ type: 'public-key', alg: -7 }], authenticatorSelection: {}, excludeCredentials: [{ id: 'AQID', type: 'public-key' }] }],
  ['c', { challenge: 'AAAA', rp: { name: 'n' }, user: { id: 'AQID', name: 'a', displayName: 'A' }, pubKeyCredParams: [], authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' }, attestation: 'direct', hints: ['hybrid'] }],
  ['g', { challenge: 'AAAA' }],
  ['g', { challenge: 'AAAA', rpId: 'localhost', allowCredentials: [{ id: 'AQID', type: 'public-key', transports: ['usb'] }], userVerification: 'required', timeout: 5 }],
]`;
const PARSE = `(() => {
  const view = (v) => v instanceof ArrayBuffer ? { bytes: Array.from(new Uint8Array(v)) } : Array.isArray(v) ? v.map(view) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, view(x)])) : v;
  const parse = (k, json) => view(k === 'c' ? PublicKeyCredential.parseCreationOptionsFromJSON(json) : PublicKeyCredential.parseRequestOptionsFromJSON(json));
  const out = ${PARSE_INPUTS}.map(([k, json]) => parse(k, json));
  const ext = (k, extensions) => parse(k, k === 'c'
    ? { challenge: 'AA', rp: { name: 'n' }, user: { id: 'AQ', name: 'a', displayName: 'A' }, pubKeyCredParams: [], extensions }
    : { challenge: 'AA', extensions }).extensions;
  const x = ext('g', { prf: { eval: { first: 'AQID', second: 'BAU' }, evalByCredential: { AQID: { first: 'Bg', second: 'Bw' } } }, largeBlob: { read: true } });
  const y = ext('c', { prf: { eval: { first: 'AQID' } }, largeBlob: { support: 'preferred' }, credProps: true });
  const z = ext('g', { largeBlob: { write: 'CAk' } });
  out.push({ prf: x.prf, largeBlob: x.largeBlob }, { prf: y.prf, largeBlob: y.largeBlob, credProps: y.credProps }, { largeBlob: z.largeBlob });
  return out;
})()`;

describe('parse*FromJSON: the dictionaries’ defaults and extension inputs, as the browser’s own', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ '/': '<!doctype html><title>rp</title>' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('chromium with Passkeep returns what Chromium without the extension returns', async () => {
    const plain = await playwrightChromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true });
    let native: unknown;
    try {
      const p = await (await plain.newContext()).newPage();
      await p.goto(`${server.origin}/`);
      // The extension is not loaded here: these are Chromium's own static methods.
      expect(await p.evaluate('Function.prototype.toString.call(PublicKeyCredential.parseRequestOptionsFromJSON)')).toMatch(/native code/);
      native = await p.evaluate(PARSE);
    } finally {
      await plain.close();
    }
    for (const browserName of BROWSERS) {
      const h = await launch(browserName);
      try {
        const page = await h.newPage(`${server.origin}/`);
        expect(await page.evaluate(PARSE), browserName).toEqual(native);
      } finally {
        await h.close();
      }
    }
  });
});
