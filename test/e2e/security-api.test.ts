/**
 * SECURITY.md cases 1–7 and 11–13 in real browsers: a page calls navigator.credentials with
 * bad, hostile or odd arguments and gets exactly the browser's error names, in the browser's
 * order, created in its own realm; the prompt appears only when it should.
 * https://w3c.github.io/webauthn/#sctn-createCredential
 * https://w3c.github.io/webauthn/#sctn-discover-from-external-source
 * https://w3c.github.io/webappsec-credential-management/#algorithm-request
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, launch, type Harness, type TestPage, type TestServer } from './harness/index.js';
import { PIN, creation, openPage, register, request, result, run, start, startClientServer } from './client-pages.js';
import { browserAnswers, nativeCredential, virtualAuthenticator } from './browser-own.js';

describe.each(BROWSERS)('%s: SECURITY.md API cases', (browserName) => {
  let h: Harness;
  let server: TestServer;
  let page: TestPage;
  let heldId: string;

  beforeAll(async () => {
    server = await startClientServer();
    h = await launch(browserName);
    // One passkey on localhost, which also chooses the PIN (the vault stays unlocked).
    page = await openPage(h, `${server.origin}/`);
    const made = await register(h, page, creation({ user: { id: { $bytes: 8, fill: 1 }, name: 'alice@example.com', displayName: 'Alice' } }), true);
    expect(made.ok).toBe(true);
    heldId = made.value!.id;
  });

  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  /** Runs each call and expects its error name, with no prompt opened. */
  async function expectErrors(op: 'create' | 'get', cases: [string, unknown, string][]): Promise<void> {
    const before = h.consentCount();
    const p = await openPage(h, `${server.origin}/`);
    for (const [label, spec, name] of cases) {
      const out = await run(p, op, spec);
      expect({ label, name: out.name, pageRealm: out.pageRealm }).toEqual({ label, name, pageRealm: true });
    }
    await p.close();
    expect(h.consentCount()).toBe(before);
  }

  // SECURITY.md case 1; https://webidl.spec.whatwg.org/#es-dictionary and WebAuthn §5.1.3 step 5.
  it('case 1: bad user.id, missing members, non-buffer challenge, non-sequences → TypeError, no prompt', async () => {
    const base = creation().publicKey as Record<string, unknown>;
    const without = (key: string) => {
      const copy = { ...base };
      delete copy[key];
      return { publicKey: copy };
    };
    await expectErrors('create', [
      ['user.id of 0 bytes', creation({ user: { id: { $bytes: 0 }, name: 'a', displayName: 'A' } }), 'TypeError'],
      ['user.id of 65 bytes', creation({ user: { id: { $bytes: 65 }, name: 'a', displayName: 'A' } }), 'TypeError'],
      ['no rp', without('rp'), 'TypeError'],
      ['no user', without('user'), 'TypeError'],
      ['no challenge', without('challenge'), 'TypeError'],
      ['no pubKeyCredParams', without('pubKeyCredParams'), 'TypeError'],
      ['string challenge', creation({ challenge: 'abc' }), 'TypeError'],
      ['pubKeyCredParams not a sequence', creation({ pubKeyCredParams: { type: 'public-key', alg: -7 } }), 'TypeError'],
      ['excludeCredentials not a sequence', creation({ excludeCredentials: 5 }), 'TypeError'],
      ['excludeCredentials id not a buffer', creation({ excludeCredentials: [{ type: 'public-key', id: 'abc' }] }), 'TypeError'],
      ['mediation not an enum value', creation({}, { mediation: 'sometimes' }), 'TypeError'],
      ['signal not an AbortSignal', creation({}, { signal: {} }), 'TypeError'],
    ]);
    await expectErrors('get', [
      ['no challenge', { publicKey: {} }, 'TypeError'],
      ['allowCredentials not a sequence', request({ allowCredentials: 1 }), 'TypeError'],
      ['allowCredentials entry without id', request({ allowCredentials: [{ type: 'public-key' }] }), 'TypeError'],
    ]);
  });

  it('case 1: user.id of 1 and of 64 bytes work', async () => {
    for (const n of [1, 64]) {
      const p = await openPage(h, `${server.origin}/`);
      const out = await register(h, p, creation({ user: { id: { $bytes: n, fill: n }, name: `u${n}`, displayName: `U${n}` } }), false);
      expect(out.ok).toBe(true);
      await p.close();
    }
  });

  // SECURITY.md case 2; WebAuthn §5.1.3 step 8, §5.1.4.1 step 7.
  it('case 2: RP IDs the origin may not claim → SecurityError, before any prompt', async () => {
    const bad = ['', 'com', 'example.com', 'evil-localhost', 'a.localhost', 'localhost:443', 'localhost.', 'LOCALHOST', 'local_host', '127.0.0.1'];
    await expectErrors(
      'create',
      bad.map((id) => [`rp.id ${JSON.stringify(id)}`, creation({ rp: { name: 'X', id } }), 'SecurityError'] as [string, unknown, string]),
    );
    await expectErrors(
      'get',
      bad.map((id) => [`rpId ${JSON.stringify(id)}`, request({ rpId: id }), 'SecurityError'] as [string, unknown, string]),
    );
    // From a.localhost, the parent name "localhost" is its public suffix: no.
    const sub = await openPage(h, `${server.originFor('a')}/`);
    expect((await run(sub, 'get', request({ rpId: 'localhost' }))).name).toBe('SecurityError');
    await sub.close();
  });

  // SECURITY.md case 3; WebAuthn §5.1.3 step 10.
  // (Known type, only unknown algorithms: a prompt, then NotAllowedError; test/e2e/native-shapes.test.ts.)
  it('case 3: no usable algorithm → NotSupportedError; unknown enums and extensions are ignored', async () => {
    await expectErrors('create', [
      ['only unknown types', creation({ pubKeyCredParams: [{ type: 'secret-key', alg: -7 }] }), 'NotSupportedError'],
      // https://w3c.github.io/webappsec-credential-management/#dom-credentialscontainer-create: more than one type
      ['publicKey and password together', creation({}, { password: { id: 'a', password: 'b' } }), 'NotSupportedError'],
    ]);
    const p = await openPage(h, `${server.origin}/`);
    await start(
      p,
      'odd',
      'create',
      creation({
        pubKeyCredParams: [],
        attestation: 'sparkly',
        // an unknown userVerification value is ignored: the default, "preferred", asks for the PIN
        authenticatorSelection: { userVerification: 'maybe', authenticatorAttachment: 'wrist' },
        extensions: { noSuchExtension: true },
      }),
    );
    const prompt = await h.waitForConsent();
    await prompt.fill('testid=pin', PIN);
    await prompt.click('testid=approve');
    expect(await result(p, 'odd')).toMatchObject({ ok: true, value: { type: 'public-key' } });
    await p.close();
  });

  // SECURITY.md case 4; https://w3c.github.io/webauthn/#sctn-op-make-cred step 3.
  it('case 4: excludeCredentials naming a held passkey → InvalidStateError only after consent (NotAllowedError if declined)', async () => {
    const p = await openPage(h, `${server.origin}/`);
    const exclude = creation({ excludeCredentials: [{ type: 'public-key', id: { $b64: heldId } }] });
    const before = h.consentCount();
    await start(p, 'declined', 'create', exclude);
    const declined = await h.waitForConsent();
    await declined.click('testid=cancel');
    expect(await result(p, 'declined')).toMatchObject({ ok: false, name: 'NotAllowedError' });
    await declined.waitForClose();
    await start(p, 'approved', 'create', exclude);
    const approved = await h.waitForConsent();
    await approved.click('testid=approve');
    expect(await result(p, 'approved')).toMatchObject({ ok: false, name: 'InvalidStateError', pageRealm: true });
    expect(h.consentCount() - before).toBe(2);
    await p.close();
  });

  // README "When Passkeep steps in and when it steps aside": the page gets the browser's own
  // answer, never an immediate rejection from Passkeep that would say the passkey is not here.
  it('case 4: allowCredentials naming nothing held → the browser’s own authenticator, no Passkeep prompt, no early rejection', async () => {
    const p = await openPage(h, `${server.origin}/`);
    const unknownId = randomBytes(16);
    const expectId = browserName === 'chromium' ? await nativeCredential(await virtualAuthenticator(p), 'localhost', unknownId) : undefined;
    await browserAnswers(h, p, 'get', request({ allowCredentials: [{ type: 'public-key', id: { $b64: unknownId.toString('base64url') } }] }), expectId);
    await p.close();
  });

  // https://w3c.github.io/webappsec-credential-management/#dom-credentialscontainer-create step 4:
  // an aborted signal rejects with its reason, but only after Web IDL conversion.
  it('case 5: an already-aborted signal rejects with exactly signal.reason, after TypeErrors, before SecurityError', async () => {
    const before = h.consentCount();
    const p = await openPage(h, `${server.origin}/`);
    const aborted = { signal: { $abort: 'before' } };
    expect(await run(p, 'create', creation({}, aborted))).toMatchObject({ ok: false, isReason: true });
    expect(await run(p, 'get', request({}, aborted))).toMatchObject({ ok: false, isReason: true });
    // Web IDL conversion first: a missing challenge is a TypeError even with an aborted signal.
    expect(await run(p, 'get', { publicKey: {}, ...aborted })).toMatchObject({ ok: false, name: 'TypeError' });
    // The WebAuthn algorithm runs after the abort check: a bad RP ID loses to the abort.
    expect(await run(p, 'get', request({ rpId: 'example.com' }, aborted))).toMatchObject({ ok: false, isReason: true });
    await p.close();
    expect(h.consentCount()).toBe(before);
  });

  it('case 5: aborting while the prompt is open rejects with exactly signal.reason and closes the prompt', async () => {
    const p = await openPage(h, `${server.origin}/`);
    await start(p, 'c', 'get', request({}, { signal: { $controller: 'during' } }));
    const prompt = await h.waitForConsent();
    await p.evaluate('window.__abort()');
    expect(await result(p, 'c')).toMatchObject({ ok: false, isReason: true });
    await prompt.waitForClose();
    await p.close();
  });

  // SECURITY.md case 6.
  it('case 6: a second call while one is pending in the document → NotAllowedError at once', async () => {
    const p = await openPage(h, `${server.origin}/`);
    await start(p, 'first', 'get', request());
    const prompt = await h.waitForConsent();
    const before = h.consentCount();
    expect(await run(p, 'get', request())).toMatchObject({ ok: false, name: 'NotAllowedError', pageRealm: true });
    expect(await run(p, 'create', creation())).toMatchObject({ ok: false, name: 'NotAllowedError' });
    // Argument errors still come first, as Web IDL conversion precedes the pending check.
    expect(await run(p, 'get', { publicKey: {} })).toMatchObject({ ok: false, name: 'TypeError' });
    await prompt.click('testid=cancel');
    expect(await result(p, 'first')).toMatchObject({ ok: false, name: 'NotAllowedError' });
    await prompt.waitForClose();
    expect(h.consentCount()).toBe(before);
    // Once settled, the document may call again.
    await start(p, 'again', 'get', request());
    const again = await h.waitForConsent();
    await again.click('testid=cancel');
    expect(await result(p, 'again')).toMatchObject({ ok: false, name: 'NotAllowedError' });
    await p.close();
  });

  it('case 6: a page calling in a loop gets one prompt at a time and at most 5 a minute per tab', async () => {
    const p = await openPage(h, `${server.origin}/`);
    const before = h.consentCount();
    // The page calls again as soon as each call settles, ten times.
    await p.evaluate(`(() => {
      window.__loop = (async () => {
        const names = [];
        for (let i = 0; i < 10; i++) {
          try { await navigator.credentials.get({ publicKey: { challenge: new Uint8Array(32) } }); names.push('ok'); }
          catch (e) { names.push(e.name); }
        }
        return names;
      })();
      return true;
    })()`);
    // The person dismisses each prompt; a second frame of the same tab can't add one meanwhile.
    for (let i = 0; i < 5; i++) {
      const prompt = await h.waitForConsent();
      if (i === 0) {
        const other = await p.evaluate(`(async () => {
          const f = document.createElement('iframe'); f.src = '/'; document.body.append(f);
          await new Promise((r) => f.onload = r);
          try { await f.contentWindow.navigator.credentials.get({ publicKey: { challenge: new Uint8Array(32) } }); return 'ok'; }
          catch (e) { return e.name; }
        })()`);
        expect(other).toBe('NotAllowedError');
      }
      await prompt.click('testid=cancel');
      await prompt.waitForClose();
    }
    const names = await p.evaluate<string[]>('window.__loop');
    expect(names).toEqual(Array(10).fill('NotAllowedError'));
    expect(h.consentCount() - before).toBe(5);
    await p.close();
  });

  // SECURITY.md case 7.
  it('case 7: mediation "silent" → null with no prompt; no publicKey → the browser’s own implementation', async () => {
    const before = h.consentCount();
    const p = await openPage(h, `${server.origin}/`);
    expect(await run(p, 'get', request({}, { mediation: 'silent' }))).toEqual({ ok: true, value: null });
    // The browser's own create()/get() reject a foreign `this` ("Illegal invocation"): ours never see it.
    const native = await p.evaluate(`(async () => {
      try { await navigator.credentials.get.call({}, { password: true }); return 'resolved'; }
      catch (e) { return e.name; }
    })()`);
    expect(native).toBe('TypeError');
    const hooked = await p.evaluate(`(async () => {
      try { await navigator.credentials.get.call({}, { publicKey: {} }); return 'resolved'; }
      catch (e) { return e.name + ':' + /challenge/.test(e.message); }
    })()`);
    expect(hooked).toBe('TypeError:true');
    await p.close();
    expect(h.consentCount()).toBe(before);
  });

  // SECURITY.md cases 11 and 12.
  it('case 11/12: a page that replaced built-ins still gets a correct credential, shaped like the browser’s', async () => {
    const p = await openPage(h, `${server.origin}/`);
    await p.evaluate(`(() => {
      const keep = { parse: JSON.parse, TextDecoder, b64: T.b64 };
      window.__keep = keep;
      JSON.stringify = () => '{"origin":"https://bank.example"}';
      JSON.parse = () => ({});
      Array.prototype.map = function () { return ['forged']; };
      Array.prototype.slice = function () { return ['forged']; };
      TextEncoder.prototype.encode = () => new Uint8Array([1]);
      const then = Promise.prototype.then;
      window.__then = then;
      Promise.prototype.then = function (a, b) { return then.call(this, a, b); };
      Promise.resolve = () => { throw new Error('forged'); };
      return true;
    })()`);
    await p.evaluate(`(() => {
      window.__made = navigator.credentials.create({ publicKey: {
        rp: { name: 'RP' }, user: { id: new Uint8Array([5, 5]), name: 'carol', displayName: 'Carol' },
        challenge: new Uint8Array([1, 2, 3, 4]), pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
        authenticatorSelection: { userVerification: 'discouraged' } } });
      return true;
    })()`);
    const prompt = await h.waitForConsent();
    await prompt.click('testid=approve');
    const shape = await p.evaluate(`(async () => {
      const c = await window.__made;
      const { parse, TextDecoder, b64 } = window.__keep;
      const r = c.response;
      const spki = new Uint8Array(r.getPublicKey());
      const json = c.toJSON();
      return {
        isPKC: c instanceof PublicKeyCredential,
        isAttestation: r instanceof AuthenticatorAttestationResponse,
        idMatches: c.id === b64(c.rawId),
        rawIdIsBuffer: c.rawId instanceof ArrayBuffer,
        type: c.type,
        clientData: parse.call(JSON, new TextDecoder().decode(r.clientDataJSON)),
        spkiHead: [spki[0], spki.length],
        alg: r.getPublicKeyAlgorithm(),
        authDataLength: r.getAuthenticatorData().byteLength,
        attestationIsBuffer: r.attestationObject instanceof ArrayBuffer,
        transports: r.getTransports(),
        ext: typeof c.getClientExtensionResults(),
        attachment: c.authenticatorAttachment,
        jsonKeys: Object.keys(json).sort(),
        jsonResponseKeys: Object.keys(json.response).sort(),
        jsonIdMatches: json.id === c.id && json.rawId === c.id,
      };
    })()`);
    expect(shape).toEqual({
      isPKC: true,
      isAttestation: true,
      idMatches: true,
      rawIdIsBuffer: true,
      type: 'public-key',
      clientData: { type: 'webauthn.create', challenge: 'AQIDBA', origin: server.origin, crossOrigin: false },
      spkiHead: [0x30, 91],
      alg: -7,
      authDataLength: expect.any(Number),
      attestationIsBuffer: true,
      transports: ['internal'],
      ext: 'object',
      attachment: 'platform',
      jsonKeys: ['authenticatorAttachment', 'clientExtensionResults', 'id', 'rawId', 'response', 'type'],
      jsonResponseKeys: ['attestationObject', 'authenticatorData', 'clientDataJSON', 'publicKey', 'publicKeyAlgorithm', 'transports'],
      jsonIdMatches: true,
    });
    await p.close();
  });

  it('case 12: an assertion is shaped like the browser’s (userHandle, signature, toJSON)', async () => {
    const p = await openPage(h, `${server.origin}/`);
    await p.evaluate(`(() => { window.__got = navigator.credentials.get({ publicKey: { challenge: new Uint8Array([9]), userVerification: 'discouraged' } }); return true; })()`);
    const prompt = await h.waitForConsent();
    await prompt.click('testid=account', { nth: 0 });
    await prompt.click('testid=approve');
    const shape = await p.evaluate(`(async () => {
      const c = await window.__got;
      const r = c.response;
      const json = c.toJSON();
      return {
        isPKC: c instanceof PublicKeyCredential,
        isAssertion: r instanceof AuthenticatorAssertionResponse,
        idMatches: c.id === T.b64(c.rawId),
        signatureIsBuffer: r.signature instanceof ArrayBuffer,
        userHandleIsBuffer: r.userHandle instanceof ArrayBuffer,
        jsonResponseKeys: Object.keys(json.response).sort(),
        ext: JSON.stringify(c.getClientExtensionResults()),
        attachment: c.authenticatorAttachment,
        challenge: JSON.parse(new TextDecoder().decode(r.clientDataJSON)).challenge,
      };
    })()`);
    expect(shape).toEqual({
      isPKC: true,
      isAssertion: true,
      idMatches: true,
      signatureIsBuffer: true,
      userHandleIsBuffer: true,
      jsonResponseKeys: ['authenticatorData', 'clientDataJSON', 'signature', 'userHandle'],
      ext: '{}',
      attachment: 'platform',
      challenge: 'CQ',
    });
    await p.close();
  });
});
