// Passkeep demo relying party: a small WebAuthn site for trying the extension by hand and for
// end-to-end tests. Plain Node ESM, no build step.
//
//   import { startDemoServer } from './test/demo-rp/server.mjs';
//   const rp = await startDemoServer({ port: 0 });   // rp.url === 'http://localhost:PORT/'
//   ...; rp.results;                                  // every verification, newest last
//   await rp.close();
//
//   node test/demo-rp/server.mjs --port 8787          // CLI: serves until Ctrl-C
//
// RP ID is `localhost`; the only accepted origin is `http://localhost:PORT`. Users, credentials
// and challenges live in memory and vanish with the server.

import http from 'node:http';
import { createHash } from 'node:crypto';
import { readFile, realpath } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import {
  convertAAGUIDToString,
  decodeAttestationObject,
  decodeClientDataJSON,
  decodeCredentialPublicKey,
  isoBase64URL,
  parseAuthenticatorData,
} from '@simplewebauthn/server/helpers';

export const RP_ID = 'localhost';
export const RP_NAME = 'Passkeep demo relying party';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..', '..');
const CHALLENGE_TTL_MS = 5 * 60 * 1000;
const MAX_BODY_BYTES = 1024 * 1024;
const UV_VALUES = new Set(['required', 'preferred', 'discouraged']);
const RESIDENT_KEY_VALUES = new Set(['required', 'preferred', 'discouraged']);
const ATTESTATION_VALUES = new Set(['none', 'direct', 'enterprise']);
// COSE algorithms the demo may ask for, in the order the body lists them (EdDSA, ES256, RS256, …).
const ALGORITHM_VALUES = new Set([-8, -7, -257, -35, -36, -37]);
const RP_ID_HASH_HEX = createHash('sha256').update(RP_ID).digest('hex');

function browserBundlePath() {
  // The package only exports "." (esm/ and script/); the UMD bundle sits next to them.
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@simplewebauthn/browser'); // …/@simplewebauthn/browser/script/index.js
  return path.join(path.dirname(path.dirname(entry)), 'dist', 'bundle', 'index.umd.min.js');
}

class HttpError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function toHex(bytes) {
  return Buffer.from(bytes).toString('hex');
}

/**
 * Best-effort parse of what the browser sent, so that failures are reported with as much detail as
 * successes. Never throws; fields it cannot read stay null.
 */
function inspectResponse(body, kind) {
  const seen = {
    credentialId: typeof body?.id === 'string' ? body.id : null,
    type: null,
    challenge: null,
    origin: null,
    crossOrigin: null,
    rpId: null,
    rpIdHash: null,
    userPresent: null,
    userVerified: null,
    backupEligible: null,
    backedUp: null,
    counter: null,
    fmt: null,
    aaguid: null,
    userHandle: null,
  };
  const response = body?.response;
  try {
    const clientData = decodeClientDataJSON(response.clientDataJSON);
    seen.type = clientData.type ?? null;
    seen.challenge = clientData.challenge ?? null;
    seen.origin = clientData.origin ?? null;
    seen.crossOrigin = clientData.crossOrigin ?? null;
  } catch {
    /* left null */
  }
  try {
    let authData;
    if (kind === 'registration') {
      const attestation = decodeAttestationObject(isoBase64URL.toBuffer(response.attestationObject));
      seen.fmt = attestation.get('fmt') ?? null;
      authData = attestation.get('authData');
    } else {
      authData = isoBase64URL.toBuffer(response.authenticatorData);
    }
    const parsed = parseAuthenticatorData(authData);
    seen.rpIdHash = toHex(parsed.rpIdHash);
    seen.rpId = seen.rpIdHash === RP_ID_HASH_HEX ? RP_ID : null;
    seen.userPresent = parsed.flags.up;
    seen.userVerified = parsed.flags.uv;
    seen.backupEligible = parsed.flags.be;
    seen.backedUp = parsed.flags.bs;
    seen.counter = parsed.counter;
    if (parsed.aaguid) seen.aaguid = convertAAGUIDToString(parsed.aaguid);
  } catch {
    /* left null */
  }
  if (kind === 'authentication' && typeof response?.userHandle === 'string' && response.userHandle) {
    seen.userHandle = response.userHandle;
  }
  return seen;
}

/**
 * Start the demo relying party.
 *
 * @param {{ port?: number, host?: string }} [options] port 0 picks a free port. With the default host
 *   `localhost` it listens on 127.0.0.1 and, where available, on ::1 with the same port.
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void>, results: object[] }>}
 */
export async function startDemoServer({ port = 0, host = 'localhost' } = {}) {
  /** @type {Map<string, { username: string, id: Uint8Array, userHandle: string, credentialIds: string[] }>} */
  const users = new Map();
  /** @type {Map<string, { id: string, publicKey: Uint8Array, counter: number, transports?: string[], username: string, userHandle: string }>} */
  const credentials = new Map();
  /** @type {Map<string, { kind: 'registration'|'authentication', username: string|null, userVerification: string, createdAt: number }>} */
  const challenges = new Map();
  /** Every verification attempt, in order. Exposed by reference; /api/reset empties it in place. */
  const results = [];

  let origin = ''; // set once the port is known
  let bundle = null;

  function takeChallenge(challenge, kind) {
    if (typeof challenge !== 'string') return { error: 'clientDataJSON has no challenge' };
    const pending = challenges.get(challenge);
    if (!pending || pending.kind !== kind) {
      return { error: `unknown or already used ${kind} challenge` };
    }
    challenges.delete(challenge);
    if (Date.now() - pending.createdAt > CHALLENGE_TTL_MS) return { error: `${kind} challenge expired` };
    return { pending };
  }

  function record(entry) {
    const result = { ...entry, at: new Date().toISOString() };
    if (result.error === undefined) delete result.error;
    results.push(result);
    return result;
  }

  // ---- registration ------------------------------------------------------------------------

  async function registerOptions(body) {
    const username = typeof body.username === 'string' ? body.username.trim() : '';
    if (!username) throw new HttpError(400, 'username is required');
    if (username.length > 256) throw new HttpError(400, 'username is too long');
    const userVerification = UV_VALUES.has(body.userVerification) ? body.userVerification : 'preferred';
    const residentKey = RESIDENT_KEY_VALUES.has(body.residentKey) ? body.residentKey : 'required';
    const attestationType = ATTESTATION_VALUES.has(body.attestation) ? body.attestation : 'none';

    let user = users.get(username);
    if (!user) {
      const id = crypto.getRandomValues(new Uint8Array(16));
      user = { username, id, userHandle: isoBase64URL.fromBuffer(id), credentialIds: [] };
      users.set(username, user);
    }
    const options = await generateRegistrationOptions({
      rpName: RP_NAME,
      rpID: RP_ID,
      userName: username,
      userID: user.id,
      userDisplayName: username,
      attestationType,
      // Like a real site: do not let the same authenticator register twice for one account.
      // `excludeCredentials: false` in the body turns this off.
      excludeCredentials:
        body.excludeCredentials === false
          ? []
          : user.credentialIds.map((id) => ({ id, transports: credentials.get(id)?.transports })),
      authenticatorSelection: { residentKey, userVerification },
      // `algorithms: [-8, -7]` in the body: pubKeyCredParams in that order of preference.
      ...(Array.isArray(body.algorithms) && body.algorithms.length > 0 && body.algorithms.every((a) => ALGORITHM_VALUES.has(a))
        ? { supportedAlgorithmIDs: body.algorithms }
        : {}),
    });
    challenges.set(options.challenge, {
      kind: 'registration',
      username,
      userVerification,
      createdAt: Date.now(),
    });
    return options;
  }

  async function registerVerify(body) {
    const seen = inspectResponse(body, 'registration');
    const base = {
      verified: false,
      kind: 'registration',
      credentialId: seen.credentialId,
      origin: seen.origin,
      rpId: seen.rpId,
      rpIdHash: seen.rpIdHash,
      type: seen.type,
      crossOrigin: seen.crossOrigin,
      userPresent: seen.userPresent,
      userVerified: seen.userVerified,
      userVerification: null,
      backupEligible: seen.backupEligible,
      backedUp: seen.backedUp,
      counter: seen.counter,
      fmt: seen.fmt,
      aaguid: seen.aaguid,
      username: null,
      userHandle: null,
      challenge: seen.challenge,
    };
    const taken = takeChallenge(seen.challenge, 'registration');
    if (taken.error) return record({ ...base, error: taken.error });
    const { pending } = taken;
    const user = users.get(pending.username);
    Object.assign(base, {
      userVerification: pending.userVerification,
      username: pending.username,
      userHandle: user?.userHandle ?? null,
    });
    if (seen.credentialId && credentials.has(seen.credentialId)) {
      return record({ ...base, error: 'this credential ID is already registered' });
    }
    let verification;
    try {
      verification = await verifyRegistrationResponse({
        response: body,
        expectedChallenge: seen.challenge,
        expectedOrigin: origin,
        expectedRPID: RP_ID,
        requireUserVerification: pending.userVerification === 'required',
      });
    } catch (err) {
      return record({ ...base, error: String(err?.message ?? err) });
    }
    if (!verification.verified || !verification.registrationInfo) {
      return record({ ...base, error: 'registration response did not verify' });
    }
    const info = verification.registrationInfo;
    const { credential } = info;
    credentials.set(credential.id, {
      id: credential.id,
      publicKey: credential.publicKey,
      counter: credential.counter,
      transports: credential.transports,
      username: pending.username,
      userHandle: user.userHandle,
    });
    user.credentialIds.push(credential.id);
    return record({
      ...base,
      verified: true,
      credentialId: credential.id,
      origin: info.origin,
      rpId: info.rpID ?? RP_ID,
      userVerified: info.userVerified,
      counter: credential.counter,
      fmt: info.fmt,
      aaguid: info.aaguid,
      alg: decodeCredentialPublicKey(credential.publicKey).get(3),
      deviceType: info.credentialDeviceType,
      backedUp: info.credentialBackedUp,
      transports: credential.transports ?? [],
    });
  }

  // ---- authentication ----------------------------------------------------------------------

  async function loginOptions(body) {
    const username = typeof body.username === 'string' ? body.username.trim() : '';
    const userVerification = UV_VALUES.has(body.userVerification) ? body.userVerification : 'preferred';
    let allowCredentials = [];
    if (username) {
      const user = users.get(username);
      if (!user || user.credentialIds.length === 0) {
        throw new HttpError(404, `no passkey is registered for ${username}`);
      }
      allowCredentials = user.credentialIds.map((id) => ({
        id,
        transports: credentials.get(id)?.transports,
      }));
    }
    const options = await generateAuthenticationOptions({
      rpID: RP_ID,
      allowCredentials,
      userVerification,
    });
    challenges.set(options.challenge, {
      kind: 'authentication',
      username: username || null,
      userVerification,
      createdAt: Date.now(),
    });
    return options;
  }

  async function loginVerify(body) {
    const seen = inspectResponse(body, 'authentication');
    const base = {
      verified: false,
      kind: 'authentication',
      credentialId: seen.credentialId,
      origin: seen.origin,
      rpId: seen.rpId,
      rpIdHash: seen.rpIdHash,
      type: seen.type,
      crossOrigin: seen.crossOrigin,
      userPresent: seen.userPresent,
      userVerified: seen.userVerified,
      userVerification: null,
      backupEligible: seen.backupEligible,
      backedUp: seen.backedUp,
      counter: seen.counter,
      previousCounter: null,
      discoverable: null,
      username: null,
      userHandle: seen.userHandle,
      challenge: seen.challenge,
    };
    const taken = takeChallenge(seen.challenge, 'authentication');
    if (taken.error) return record({ ...base, error: taken.error });
    const { pending } = taken;
    base.userVerification = pending.userVerification;
    base.discoverable = pending.username === null;

    const stored = seen.credentialId ? credentials.get(seen.credentialId) : undefined;
    if (!stored) return record({ ...base, error: 'unknown credential ID' });
    base.username = stored.username;
    base.previousCounter = stored.counter;
    if (pending.username !== null && stored.username !== pending.username) {
      return record({ ...base, error: `credential does not belong to ${pending.username}` });
    }
    if (seen.userHandle !== null && seen.userHandle !== stored.userHandle) {
      return record({ ...base, error: 'userHandle does not match the credential’s user' });
    }
    if (pending.username === null && seen.userHandle === null) {
      return record({ ...base, error: 'discoverable sign-in returned no userHandle' });
    }
    let verification;
    try {
      verification = await verifyAuthenticationResponse({
        response: body,
        expectedChallenge: seen.challenge,
        expectedOrigin: origin,
        expectedRPID: RP_ID,
        credential: {
          id: stored.id,
          publicKey: stored.publicKey,
          counter: stored.counter,
          transports: stored.transports,
        },
        requireUserVerification: pending.userVerification === 'required',
      });
    } catch (err) {
      return record({ ...base, error: String(err?.message ?? err) });
    }
    if (!verification.verified) {
      return record({ ...base, error: 'signature did not verify' });
    }
    const info = verification.authenticationInfo;
    stored.counter = info.newCounter;
    return record({
      ...base,
      verified: true,
      credentialId: info.credentialID,
      origin: info.origin,
      rpId: info.rpID,
      userVerified: info.userVerified,
      counter: info.newCounter,
      deviceType: info.credentialDeviceType,
      backedUp: info.credentialBackedUp,
    });
  }

  // ---- HTTP --------------------------------------------------------------------------------

  async function readJson(req) {
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) throw new HttpError(413, 'request body too large');
      chunks.push(chunk);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if (!text) return {};
    try {
      const value = JSON.parse(text);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new Error('not an object');
      }
      return value;
    } catch {
      throw new HttpError(400, 'request body must be a JSON object');
    }
  }

  function send(res, status, type, body) {
    res.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(body);
  }

  function sendJson(res, status, value) {
    send(res, status, 'application/json; charset=utf-8', JSON.stringify(value, null, 2));
  }

  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case 'GET /':
      case 'GET /index.html':
        return send(res, 200, 'text/html; charset=utf-8', pageHtml(origin));
      case 'GET /demo.css':
        return send(res, 200, 'text/css; charset=utf-8', PAGE_CSS);
      case 'GET /demo.js':
        return send(
          res,
          200,
          'text/javascript; charset=utf-8',
          await readFile(path.join(HERE, 'demo.js')),
        );
      case 'GET /simplewebauthn-browser.js':
        bundle ??= await readFile(browserBundlePath());
        return send(res, 200, 'text/javascript; charset=utf-8', bundle);
      case 'GET /favicon.svg':
        try {
          return send(res, 200, 'image/svg+xml', await readFile(path.join(REPO_ROOT, 'icons', 'icon.svg')));
        } catch {
          return send(res, 404, 'text/plain; charset=utf-8', 'no icon');
        }
      case 'GET /favicon.ico':
        res.writeHead(204).end();
        return;
      case 'GET /api/results':
        return sendJson(res, 200, results);
      case 'POST /api/reset':
        users.clear();
        credentials.clear();
        challenges.clear();
        results.length = 0;
        return sendJson(res, 200, { ok: true });
      case 'POST /api/register/options':
        return sendJson(res, 200, await registerOptions(await readJson(req)));
      case 'POST /api/register/verify': {
        const result = await registerVerify(await readJson(req));
        return sendJson(res, result.verified ? 200 : 400, result);
      }
      case 'POST /api/login/options':
        return sendJson(res, 200, await loginOptions(await readJson(req)));
      case 'POST /api/login/verify': {
        const result = await loginVerify(await readJson(req));
        return sendJson(res, result.verified ? 200 : 400, result);
      }
      default:
        return sendJson(res, 404, { error: `not found: ${route}` });
    }
  }

  function onRequest(req, res) {
    handle(req, res).catch((err) => {
      const status = err instanceof HttpError ? err.status : 500;
      if (status === 500) console.error('[demo-rp]', err);
      if (!res.headersSent) sendJson(res, status, { error: String(err?.message ?? err) });
      else res.end();
    });
  }

  // ---- listen ------------------------------------------------------------------------------

  const servers = [];
  function listen(server, listenPort, listenHost) {
    return new Promise((resolve, reject) => {
      const onError = (err) => reject(err);
      server.once('error', onError);
      server.listen(listenPort, listenHost, () => {
        server.off('error', onError);
        resolve(server.address().port);
      });
    });
  }

  const primary = http.createServer(onRequest);
  const actualPort = await listen(primary, port, host === 'localhost' ? '127.0.0.1' : host);
  servers.push(primary);
  if (host === 'localhost') {
    // Browsers may try ::1 for "localhost" first; answer there too when the machine has IPv6.
    const secondary = http.createServer(onRequest);
    try {
      await listen(secondary, actualPort, '::1');
      servers.push(secondary);
    } catch {
      /* no IPv6 loopback, or the port is taken there: 127.0.0.1 is enough */
    }
  }
  origin = `http://localhost:${actualPort}`;

  let closing = null;
  function close() {
    closing ??= Promise.all(
      servers.map(
        (server) =>
          new Promise((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    ).then(() => undefined);
    return closing;
  }

  return { url: `${origin}/`, port: actualPort, close, results };
}

// ---- the page -------------------------------------------------------------------------------

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function pageHtml(origin) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Passkeep demo relying party</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/demo.css">
<script src="/simplewebauthn-browser.js" defer></script>
<script src="/demo.js" defer></script>
</head>
<body>
<main>
  <header>
    <img src="/favicon.svg" alt="" width="48" height="48">
    <div>
      <h1>Passkeep demo relying party</h1>
      <p class="sub">A test site for passkeys. RP ID <code>${RP_ID}</code>, origin <code>${escapeHtml(origin)}</code>.</p>
    </div>
  </header>
  <form id="form" autocomplete="off">
    <label for="username">Username</label>
    <input id="username" name="username" type="text" value="alice@example.com" spellcheck="false"
           autocomplete="username webauthn">
    <p class="hint">Leave it empty to sign in with a discoverable passkey (no account name sent).</p>
    <label for="uv">User verification</label>
    <select id="uv" name="uv">
      <option value="preferred" selected>preferred</option>
      <option value="required">required</option>
      <option value="discouraged">discouraged</option>
    </select>
    <div class="buttons">
      <button id="register" type="button">Register a passkey</button>
      <button id="signin" type="button" class="secondary">Sign in</button>
    </div>
  </form>
  <p id="status" role="status" aria-live="polite">ready</p>
  <h2>What the server verified</h2>
  <pre id="result" aria-label="verification result">{}</pre>
</main>
</body>
</html>
`;
}

const PAGE_CSS = `:root {
  color-scheme: light;
  --ink: #10243e; --muted: #4a5b70; --teal: #0f9f8f; --teal-dark: #0b7c70; --line: #d5dee8;
  --bg: #eef4f7; --card: #ffffff; --ok: #0b7c45; --bad: #b42318;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); line-height: 1.45; }
main { max-width: 640px; margin: 32px auto; padding: 28px 32px; background: var(--card);
  border: 1px solid var(--line); border-radius: 14px; box-shadow: 0 4px 18px rgba(16, 36, 62, .08); }
header { display: flex; gap: 16px; align-items: center; margin-bottom: 20px; }
h1 { font-size: 1.4rem; margin: 0; }
h2 { font-size: 1rem; margin: 22px 0 8px; color: var(--muted); }
.sub { margin: 2px 0 0; color: var(--muted); font-size: .9rem; }
code { background: #eef2f6; padding: 1px 5px; border-radius: 4px; font-size: .85em; }
label { display: block; font-weight: 600; margin: 14px 0 6px; }
input, select { width: 100%; font: inherit; padding: 9px 11px; border: 1px solid #b8c5d3; border-radius: 8px;
  background: #fff; color: inherit; }
input:focus, select:focus, button:focus-visible { outline: 3px solid rgba(15, 159, 143, .35); outline-offset: 1px; }
.hint { margin: 6px 0 0; color: var(--muted); font-size: .85rem; }
.buttons { display: flex; gap: 10px; margin-top: 20px; flex-wrap: wrap; }
button { font: inherit; font-weight: 600; padding: 10px 18px; border-radius: 8px; border: 1px solid var(--teal-dark);
  background: var(--teal); color: #fff; cursor: pointer; }
button:hover { background: var(--teal-dark); }
button.secondary { background: #fff; color: var(--teal-dark); }
button.secondary:hover { background: #e8f6f4; }
button:disabled { opacity: .55; cursor: progress; }
#status { margin: 20px 0 0; padding: 10px 12px; border-radius: 8px; background: #f3f6f9; border: 1px solid var(--line);
  font-weight: 600; }
#status[data-state="ok"] { background: #e9f7ef; border-color: #a6dbbd; color: var(--ok); }
#status[data-state="error"] { background: #fdecea; border-color: #f3b4ad; color: var(--bad); }
pre { margin: 0; padding: 12px 14px; background: #0f1f33; color: #d7e9f5; border-radius: 8px; overflow: auto;
  font-size: .8rem; line-height: 1.4; max-height: 420px; white-space: pre-wrap; word-break: break-all; }
`;

// ---- CLI ------------------------------------------------------------------------------------

async function isMain() {
  if (!process.argv[1]) return false;
  try {
    return pathToFileURL(await realpath(process.argv[1])).href === pathToFileURL(await realpath(fileURLToPath(import.meta.url))).href;
  } catch {
    return false;
  }
}

if (await isMain()) {
  const args = process.argv.slice(2);
  const valueOf = (name) => {
    const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
    if (i === -1) return undefined;
    return args[i].includes('=') ? args[i].slice(name.length + 1) : args[i + 1];
  };
  if (args.includes('--help') || args.includes('-h')) {
    console.log('usage: node test/demo-rp/server.mjs [--port 8787] [--host localhost]');
    process.exit(0);
  }
  const port = Number(valueOf('--port') ?? process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`invalid --port: ${valueOf('--port')}`);
    process.exit(2);
  }
  const host = valueOf('--host') ?? 'localhost';
  const rp = await startDemoServer({ port, host }).catch((err) => {
    console.error(`could not start the demo relying party on port ${port}: ${err.message}`);
    process.exit(1);
  });
  console.log(`Passkeep demo relying party: ${rp.url}`);
  const stop = () => rp.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
