/**
 * The consent prompt: an extension page in its own window, out of every web page's reach.
 * Its controls carry the `data-testid`s of docs/contracts.md. Only trusted input
 * (`event.isTrusted`) approves anything, and only once the prompt has had the person's attention
 * for a moment (./approve-arming.ts, SECURITY.md case 26).
 */
import { render } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { scenarioLiesAboutPerson } from '../../src/core/failure-scenario.js';
import type { ConsentOutcome, ConsentReplies, ConsentRequest, ConsentView, Reply } from '../../src/core/protocol.js';
import { browserTranslate } from '../i18n/browser-translate.js';
import { makeStrings } from '../i18n/strings.js';
import { appTitle } from '../ui/app-title.js';
import { SECRET_FIELD } from '../ui/secret-field.js';
import { askEnrolledAuthenticator, NoPrfError } from '../api/unlock-authenticator.js';
import { armOnAttention, createApproveArming, type ApproveArming } from './approve-arming.js';

/** Whether the last click seen anywhere in the prompt was real input (see decide()). */
let lastClickTrusted = false;
document.addEventListener('click', (e) => (lastClickTrusted = e.isTrusted), true);
/** Whether the last pointer down or key came while approve was armed (see decide()). */
let lastInputArmed = false;

// The browser's own promise-based API (Firefox's `browser`, Chromium's MV3 `chrome`), not
// webextension-polyfill: the prompt uses three calls that both browsers answer alike, and the
// polyfill was half of this page's script, parsed and run before the prompt could ask for its view.
const ext = (globalThis as { browser?: typeof chrome }).browser ?? chrome;

const request = new URLSearchParams(location.search).get('request') ?? '';
const strings = makeStrings(browserTranslate);

/** Said instead of the browser's own words when the background went away with the request. */
const REQUEST_ENDED = 'Passkeep stopped before this request was answered, so nothing was signed. Go back to the site and try again.';

async function call<T extends ConsentRequest['type']>(message: Extract<ConsentRequest, { type: T }>): Promise<ConsentReplies[T]> {
  // A background stopped mid-answer rejects with the browser's raw text ("A listener indicated an
  // asynchronous response…" in Chromium): the person gets plain words instead.
  const reply = (await ext.runtime.sendMessage(message).catch(() => {
    throw new Error(REQUEST_ENDED);
  })) as Reply<ConsentReplies[T]> | undefined;
  if (!reply) throw new Error('Passkeep did not answer.');
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value;
}

// The first view is asked for as the script starts, not from the component's first effect:
// Preact runs effects only after the next animation frame, which a window just opening
// (Firefox's especially) can be slow to give, and the question waits on nothing the page renders.
const firstView = call({ type: 'consent:view', request });
firstView.catch(() => undefined);

// Keeps the background alive while the person reads and decides, and carries the decision: an
// open port reaches the background sooner than sendMessage's new channel (src/background/consent-port.ts).
const keepAlive = ext.runtime.connect({ name: 'consent' });
setInterval(() => keepAlive.postMessage({ type: 'ping' }), 20_000);
// The port drops only when the background stops (a service worker killed, an event page
// suspended, an update): its requests died with it and the page has already been answered, so a
// prompt left open could only mislead. It closes itself (SECURITY.md case 21).
keepAlive.onDisconnect.addListener(() => window.close());

/** The decisions sent over the port and not yet answered, by number. */
const replies = new Map<number, (reply: Reply<ConsentOutcome> | null) => void>();
let calls = 0;
keepAlive.onMessage.addListener((raw: { call?: unknown; reply?: Reply<ConsentOutcome> | null }) => {
  if (typeof raw?.call !== 'number') return;
  replies.get(raw.call)?.(raw.reply ?? null);
  replies.delete(raw.call);
});

async function decideOverPort(message: Extract<ConsentRequest, { type: 'consent:decide' }>): Promise<ConsentOutcome> {
  const call = ++calls;
  const reply = await new Promise<Reply<ConsentOutcome> | null>((resolve) => {
    replies.set(call, resolve);
    try {
      keepAlive.postMessage({ call, message });
    } catch {
      // The port is gone with the background: the prompt is closing (above).
      replies.delete(call);
      resolve(null);
    }
  });
  if (!reply) throw new Error(REQUEST_ENDED);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value;
}

function Prompt() {
  const [view, setView] = useState<ConsentView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [account, setAccount] = useState<string | null>(null);
  /** developer mode: the failure scenario chosen for this request ('' for the truthful answer) */
  const [scenario, setScenario] = useState('');
  const pinRef = useRef<HTMLInputElement>(null);
  const newPinRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  const [armed, setArmed] = useState(false);
  const arming = useRef<ApproveArming | null>(null);
  /** no enrolled authenticator answered: the recovery path (PIN only) is offered when kept */
  const [noAuthenticator, setNoAuthenticator] = useState(false);

  // A layout effect subscribes before the first frame: a plain effect would wait for the
  // "Loading…" frame to be painted before the view, often already here, could be taken up.
  useLayoutEffect(() => {
    firstView.then(
      (v) => {
        setView(v);
        setAccount(v.accounts?.[0]?.id ?? null);
      },
      (e: Error) => setError(e.message),
    );
  }, []);

  useEffect(() => {
    (newPinRef.current ?? pinRef.current)?.focus();
  }, [view?.needsNewPin, view?.needsPin]);

  // The delay counts from when approve is first on screen (the view has loaded), not from the
  // window's "Loading…": a click stream must not run the delay down before there is a button.
  const shown = view !== null;
  useEffect(() => {
    if (!shown) return;
    const machine = createApproveArming(setArmed);
    arming.current = machine;
    const stop = armOnAttention(window, machine, (mayAct) => (lastInputArmed = mayAct));
    return () => {
      stop();
      machine.dispose();
    };
  }, [shown]);

  async function decide(decision: 'approve' | 'cancel' | 'other-authenticator', event: Event, recovery = false) {
    event.preventDefault();
    // Synthetic events approve nothing (SECURITY.md case 13). A script's approveButton.click()
    // makes the browser fire a *trusted* submit event, so a submit counts only when the click
    // that caused it was trusted (a real click, or Enter's implicit submission).
    const clickTrusted = lastClickTrusted;
    lastClickTrusted = false;
    if (!event.isTrusted || (event.type === 'submit' && !clickTrusted) || busy || !view) return;
    // Approve acts only when armed now, and armed already when its click or key began (a press
    // that started early and was released late is still early). Cancel is always safe.
    const inputArmed = lastInputArmed;
    lastInputArmed = false;
    if (decision === 'approve' && !(arming.current?.armed && inputArmed)) return;
    const message: Extract<ConsentRequest, { type: 'consent:decide' }> = { type: 'consent:decide', request, decision };
    if (decision === 'approve') {
      if (view.needsNewPin) {
        const pin = newPinRef.current?.value ?? '';
        if (pin !== (confirmRef.current?.value ?? '')) {
          setError('The two PINs do not match.');
          return;
        }
        message.newPin = pin;
      } else if (view.needsPin) {
        message.pin = pinRef.current?.value ?? '';
      }
      if (account) message.account = account;
      // Sent only when the person chose one; the background checks developer mode itself.
      if (scenario) message.scenario = scenario;
    }
    setBusy(true);
    // Locked behind enrolled authenticators (issue 13): this page asks one of them itself; only
    // its PRF output goes to the background, with the PIN. Nothing is counted when none answers.
    if (decision === 'approve' && view.needsPin && view.locked && view.unlockKeys?.length && !recovery) {
      if (!message.pin) {
        setBusy(false);
        setError('Enter your PIN.');
        return;
      }
      try {
        message.authenticator = await askEnrolledAuthenticator(view.unlockKeys);
      } catch (e) {
        setBusy(false);
        setNoAuthenticator(true);
        const labels = view.unlockKeys.map((k) => k.label).join(', ');
        setError(browser.i18n.getMessage(e instanceof NoPrfError ? 'authenticatorNoPrf' : 'authenticatorMissing', [labels]));
        return;
      }
    }
    let outcome: ConsentOutcome;
    try {
      outcome = await decideOverPort(message);
    } catch (e) {
      setBusy(false);
      setError((e as Error).message);
      return;
    }
    if (outcome.status === 'done') {
      window.close();
      return;
    }
    setBusy(false);
    setError(outcome.message);
    setView(outcome.view);
    if (!outcome.view.scenarios?.includes(scenario)) setScenario('');
    if (!account || !outcome.view.accounts?.some((a) => a.id === account)) setAccount(outcome.view.accounts?.[0]?.id ?? null);
    if (pinRef.current) {
      pinRef.current.value = '';
      pinRef.current.focus();
    }
  }

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') void decide('cancel', e);
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  });

  if (!view) {
    return (
      <>
        <Header />
        {error ? <p class="error" role="alert" data-testid="error">{error}</p> : <p class="origin">Loading…</p>}
      </>
    );
  }

  const site = view.rpId;
  // A locked vault cannot see whether it holds a passkey for the site: unlocking and the
  // browser's own authenticator are the two equal choices (README "When Passkeep steps in and
  // when it steps aside"). Once unlocked, a site with no passkey here goes to the browser by itself.
  const lockedGet = view.op === 'get' && view.locked === true;
  const otherAuthenticator = (label: string, className: string) => (
    <button type="button" class={className} data-testid="other-authenticator" disabled={busy} onClick={(e) => void decide('other-authenticator', e)}>
      {label}
    </button>
  );
  const title = view.op === 'create' ? `Create a passkey for ${site}?` : `Sign in to ${site} with a passkey?`;
  return (
    <form onSubmit={(e) => void decide('approve', e)}>
      <Header />
      <h1>{title}</h1>
      {view.developerMode ? (
        <p class="dev-note" data-testid="developer-mode">
          {ext.i18n.getMessage('consentDevMode')}
        </p>
      ) : null}
      <p class="origin">
        Requested by <strong>{view.origin}</strong>
        {view.topOrigin ? (
          <span class="warn"> inside {view.topOrigin}</span>
        ) : null}
      </p>
      {view.user ? (
        <div class="card">
          <div class="account-name">{view.user.name}</div>
          {view.user.displayName && view.user.displayName !== view.user.name ? <div class="account-sub">{view.user.displayName}</div> : null}
        </div>
      ) : null}
      {view.op === 'get' && view.accounts && view.accounts.length > 0 ? (
        <fieldset>
          <legend>{view.accounts.length > 1 ? 'Choose an account' : 'Account'}</legend>
          {view.accounts.map((a) => (
            <label class="choice" key={a.id}>
              <input
                type="radio"
                name="account"
                value={a.id}
                data-testid="account"
                checked={account === a.id}
                onChange={() => setAccount(a.id)}
              />
              <span>
                <span class="account-name">{a.userName}</span>
                {a.userDisplayName && a.userDisplayName !== a.userName ? <span class="account-sub"> · {a.userDisplayName}</span> : null}
                {a.namedBy ? (
                  <span class="account-sub account-named-by" data-testid="named-by">
                    {' · '}
                    {ext.i18n.getMessage('nameSetBy', [a.namedBy])}
                  </span>
                ) : null}
              </span>
            </label>
          ))}
        </fieldset>
      ) : null}
      {view.unsupportedAlgorithms ? (
        <p class="card" data-testid="unsupported">
          {site} accepts none of the key types Passkeep can make (ES256, EdDSA, RS256). Use the browser's own authenticator, or cancel.
        </p>
      ) : null}
      {lockedGet ? (
        <p class="card" data-testid="locked-note">
          Passkeep is locked, so it cannot see whether it has a passkey for {site}. Unlock it to look, or use another authenticator: the browser's own, a security key or a phone.
        </p>
      ) : null}
      {view.op === 'get' && view.accounts && view.accounts.length === 0 ? (
        <p class="card">Passkeep has no passkey for {site}.</p>
      ) : null}
      {view.scenarios && view.scenarios.length > 0 ? (
        <div class="dev-scenario">
          <label class="field">
            {strings.scenarioPrompt}
            <select data-testid="scenario" value={scenario} disabled={busy} onChange={(e) => setScenario((e.currentTarget as HTMLSelectElement).value)}>
              <option value="">{strings.scenarioNone}</option>
              {view.scenarios.map((id) => (
                <option key={id} value={id}>
                  {strings.scenarioLabel(id)}
                </option>
              ))}
            </select>
          </label>
          {scenario ? (
            <p class="note" data-testid="scenario-note">
              {strings.scenarioOnce}
            </p>
          ) : null}
          {scenarioLiesAboutPerson(scenario) ? (
            <p class="dev-note" data-testid="scenario-lie">
              {strings.scenarioLie}
            </p>
          ) : null}
        </div>
      ) : null}
      {view.needsNewPin ? (
        <>
          <p class="note">Choose a PIN to protect your passkeys. Anyone with a copy of your browser profile can try PINs offline, so a longer passphrase protects better.</p>
          <label class="field">
            New PIN
            <input ref={newPinRef} {...SECRET_FIELD} data-testid="pin-new" minLength={4} required readOnly={!armed} />
          </label>
          <label class="field">
            Repeat the PIN
            <input ref={confirmRef} {...SECRET_FIELD} data-testid="pin-confirm" minLength={4} required readOnly={!armed} />
          </label>
        </>
      ) : view.needsPin ? (
        <>
          {view.locked && view.unlockKeys?.length ? (
            <p class="note" data-testid="unlock-with-authenticator">
              {browser.i18n.getMessage('consentUnlockWithAuthenticator', [view.unlockKeys.map((k) => k.label).join(', ')])}
            </p>
          ) : null}
          <label class="field">
            {view.locked ? 'Enter your PIN to unlock Passkeep' : 'Enter your PIN to confirm it is you'}
            <input ref={pinRef} {...SECRET_FIELD} data-testid="pin" required readOnly={!armed} />
          </label>
        </>
      ) : null}
      {error ? (
        <p class="error" role="alert" data-testid="error">
          {error}
        </p>
      ) : null}
      <div class="actions">
        <button type="button" data-testid="cancel" disabled={busy} onClick={(e) => void decide('cancel', e)}>
          Cancel
        </button>
        {lockedGet ? otherAuthenticator('Use another authenticator', '') : null}
        <button
          type="submit"
          class="primary"
          data-testid="approve"
          disabled={busy}
          data-armed={String(armed)}
          data-scenario={scenario || undefined}
          aria-disabled={armed ? undefined : 'true'}
          aria-describedby="arming-note"
        >
          {view.op === 'create' ? 'Create passkey' : lockedGet ? 'Unlock' : 'Sign in'}
        </button>
      </div>
      {noAuthenticator && view.locked && view.pinOnly ? (
        <button
          type="button"
          data-testid="unlock-recovery"
          disabled={busy}
          data-armed={String(armed)}
          onClick={(e) => void decide('approve', e, true)}
        >
          {browser.i18n.getMessage('unlockRecoveryButton')}
        </button>
      ) : null}
      {/* Always present, so that the layout does not move when approve arms. */}
      <p id="arming-note" class="arming-note">
        {armed ? '' : 'Ready in a moment…'}
      </p>
      {lockedGet ? null : otherAuthenticator("Use the browser's own authenticator instead", 'link')}
    </form>
  );
}

function Header() {
  return (
    <header>
      <img src="icons/icon-32.png" alt="" />
      <span data-testid="app-title">{appTitle(strings.appName)}</span>
    </header>
  );
}

render(<Prompt />, document.getElementById('root')!);
