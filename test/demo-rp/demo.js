// Page script of the Passkeep demo relying party (served as /demo.js by server.mjs).
// It drives @simplewebauthn/browser (the UMD bundle, global SimpleWebAuthnBrowser) and shows what
// the server verified. #status ends as `registered`, `signed in` or `error: …`.
//
// Query parameters preset the form: ?username=bob&uv=required (username= empty: discoverable
// sign-in), and pass registration options through: &residentKey=preferred&attestation=direct
// &algorithms=-8,-7 (pubKeyCredParams in that order).
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const usernameInput = $('username');
  const uvSelect = $('uv');
  const registerButton = $('register');
  const signinButton = $('signin');
  const statusLine = $('status');
  const resultPre = $('result');
  const params = new URLSearchParams(location.search);

  if (params.has('username')) usernameInput.value = params.get('username') ?? '';
  const uvParam = params.get('uv');
  if (uvParam && [...uvSelect.options].some((o) => o.value === uvParam)) uvSelect.value = uvParam;

  function setStatus(text, state) {
    statusLine.textContent = text;
    statusLine.dataset.state = state;
  }

  function setBusy(busy) {
    registerButton.disabled = busy;
    signinButton.disabled = busy;
  }

  function showResult(value) {
    resultPre.textContent = JSON.stringify(value, null, 2);
  }

  async function postJSON(path, body) {
    const res = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    let data;
    try {
      data = await res.json();
    } catch {
      data = { error: `HTTP ${res.status} from ${path}` };
    }
    return { ok: res.ok, data };
  }

  function describeError(err) {
    if (err && typeof err === 'object') {
      const name = err.name && err.name !== 'Error' ? `${err.name}: ` : '';
      // WebAuthnError from @simplewebauthn/browser keeps the browser's DOMException in `cause`.
      const cause = err.cause && err.cause.name && err.cause.name !== err.name ? ` (${err.cause.name})` : '';
      return `${name}${err.message || String(err)}${cause}`;
    }
    return String(err);
  }

  async function run(label, task) {
    setBusy(true);
    setStatus(`working: ${label}…`, 'busy');
    try {
      await task();
    } catch (err) {
      setStatus(`error: ${describeError(err)}`, 'error');
    } finally {
      setBusy(false);
    }
  }

  function browserLib() {
    const lib = window.SimpleWebAuthnBrowser;
    if (!lib) throw new Error('the @simplewebauthn/browser bundle did not load');
    return lib;
  }

  async function register() {
    const username = usernameInput.value.trim();
    if (!username) throw new Error('enter a username to register');
    const body = { username, userVerification: uvSelect.value };
    if (params.get('residentKey')) body.residentKey = params.get('residentKey');
    if (params.get('attestation')) body.attestation = params.get('attestation');
    if (params.get('algorithms')) body.algorithms = params.get('algorithms').split(',').map(Number);
    const options = await postJSON('/api/register/options', body);
    if (!options.ok) throw new Error(options.data.error || 'could not get registration options');
    const credential = await browserLib().startRegistration({ optionsJSON: options.data });
    const verification = await postJSON('/api/register/verify', credential);
    showResult(verification.data);
    if (verification.data.verified === true) setStatus('registered', 'ok');
    else setStatus(`error: ${verification.data.error || 'registration not verified'}`, 'error');
  }

  async function signIn() {
    const username = usernameInput.value.trim();
    const body = { userVerification: uvSelect.value };
    if (username) body.username = username;
    const options = await postJSON('/api/login/options', body);
    if (!options.ok) throw new Error(options.data.error || 'could not get sign-in options');
    const credential = await browserLib().startAuthentication({ optionsJSON: options.data });
    const verification = await postJSON('/api/login/verify', credential);
    showResult(verification.data);
    if (verification.data.verified === true) setStatus('signed in', 'ok');
    else setStatus(`error: ${verification.data.error || 'sign-in not verified'}`, 'error');
  }

  // The header logo is icons/icon.svg; hide it rather than show a broken image if it is missing.
  const logo = document.querySelector('header img');
  if (logo) {
    if (logo.complete && logo.naturalWidth === 0) logo.hidden = true;
    logo.addEventListener('error', () => {
      logo.hidden = true;
    });
  }

  registerButton.addEventListener('click', () => run('registering', register));
  signinButton.addEventListener('click', () => run('signing in', signIn));
  $('form').addEventListener('submit', (event) => {
    event.preventDefault();
    run('signing in', signIn);
  });
})();
