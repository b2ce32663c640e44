/**
 * The autofill list (passkey autofill, `mediation: "conditional"`): an extension page the bridge
 * frames under the page's `webauthn` field (content-scripts/autofill-anchor.ts). Being of the
 * extension's origin, it shows the site's account names where the page cannot read them, and
 * its clicks reach the background as this page's, never the page's (src/background/autofill.ts).
 *
 * A click counts as the person's presence only when this list was verifiably visible and
 * unobscured: Chromium's IntersectionObserver v2 (`trackVisibility`, `isVisible`) reports it for
 * this frame within the whole page, covers, opacity and transforms included.
 * https://w3c.github.io/IntersectionObserver/v2/ (explainer: https://github.com/w3c/IntersectionObserver/blob/main/explainer.md)
 * The list counts as seen once it has been visible for ARM_MS without a break, and a click
 * still counts only if no report of it being hidden arrives within CONFIRM_MS after it (the
 * observer reports at most every 100 ms). Elsewhere (Firefox has no `isVisible`) and when
 * unconfirmed, the choice opens the real prompt instead.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { AutofillReplies, AutofillRequest, AutofillView } from '../../src/core/autofill-protocol.js';
import type { Reply } from '../../src/core/protocol.js';

/** How long the list must have been visible before a click in it counts (as the prompt's arming, SECURITY.md case 26). */
const ARM_MS = 500;
/** How long after a click a report that the list was hidden still cancels it. */
const CONFIRM_MS = 150;

const session = new URLSearchParams(location.search).get('session') ?? '';
const t = (key: string, substitutions?: string[]) => browser.i18n.getMessage(key, substitutions);

async function call<T extends AutofillRequest['type']>(message: Extract<AutofillRequest, { type: T }>): Promise<AutofillReplies[T]> {
  const reply = (await browser.runtime.sendMessage(message)) as Reply<AutofillReplies[T]> | undefined;
  if (!reply || !reply.ok) throw new Error(reply ? reply.error.message : 'Passkeep did not answer.');
  return reply.value;
}

type Visibility = { supported: boolean; armed: boolean; hiddenAt: number };

/** The list's verified visibility, from IntersectionObserver v2 where the browser has it. */
function watchVisibility(target: Element, onChange: (v: Visibility) => void): void {
  const state: Visibility = { supported: 'isVisible' in IntersectionObserverEntry.prototype, armed: false, hiddenAt: 0 };
  onChange({ ...state });
  if (!state.supported) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const observer = new IntersectionObserver(
    (entries) => {
      const entry = entries[entries.length - 1]!;
      const visible = (entry as IntersectionObserverEntry & { isVisible?: boolean }).isVisible === true && entry.intersectionRatio >= 0.99;
      clearTimeout(timer);
      if (!visible) {
        state.armed = false;
        state.hiddenAt = performance.now();
        onChange({ ...state });
      } else if (!state.armed) {
        timer = setTimeout(() => {
          state.armed = true;
          onChange({ ...state });
        }, ARM_MS);
      }
    },
    { threshold: [0.99, 1], trackVisibility: true, delay: 100 } as IntersectionObserverInit,
  );
  observer.observe(target);
}

let visibility: Visibility = { supported: false, armed: false, hiddenAt: 0 };

/** Whether a click at `clickedAt` (performance.now) was on a list the person could see. */
async function confirmVisible(clickedAt: number): Promise<boolean> {
  if (!visibility.supported || !visibility.armed) return false;
  await new Promise((resolve) => setTimeout(resolve, CONFIRM_MS));
  return visibility.armed && visibility.hiddenAt < clickedAt;
}

function List() {
  const [view, setView] = useState<AutofillView | null>(null);
  const [armed, setArmed] = useState(false);
  const [supported, setSupported] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call({ type: 'autofill:view', session }).then(setView, () => undefined);
  }, []);
  useEffect(() => {
    if (!view) return;
    watchVisibility(document.getElementById('list')!, (v) => {
      visibility = v;
      setArmed(v.armed);
      setSupported(v.supported);
    });
  }, [view !== null]);

  if (!view) return null;
  const choose = async (e: MouseEvent, account: string | null) => {
    // Only the person's own input chooses (a synthetic click has isTrusted false).
    if (!e.isTrusted || busy) return;
    setBusy(true);
    try {
      await call({ type: 'autofill:choose', session, account, visible: await confirmVisible(performance.now()) });
    } catch {
      // The request ended meanwhile (answered elsewhere, aborted): the bridge removes this list.
    } finally {
      setBusy(false);
    }
  };
  // data-armed tells automation when a click counts as seen (docs/contracts.md); where the
  // browser cannot tell (Firefox), there is no such moment and a click opens the prompt.
  const armedAttr = supported ? String(armed) : undefined;
  const note = supported && armed ? undefined : t('autofillHidden');
  return (
    <div id="list" class="list" role="listbox" aria-label={t('autofillListLabel', [view.rpId])}>
      <div class="heading">
        <img src="icons/icon-16.png" alt="" />
        <span>{t('autofillHeading', [view.rpId])}</span>
      </div>
      <div class="rows">
        {view.locked ? (
          <button type="button" class="row" role="option" data-testid="autofill-unlock" onClick={(e) => void choose(e, null)}>
            <span class="name">{t('autofillUnlock')}</span>
          </button>
        ) : (
          view.accounts.map((a) => (
            <button
              type="button"
              class="row"
              role="option"
              data-testid="autofill-account"
              data-armed={armedAttr}
              title={note}
              onClick={(e) => void choose(e, a.id)}
            >
              <span class="name">{a.userName}</span>
              {a.userDisplayName && a.userDisplayName !== a.userName ? <span class="detail">{a.userDisplayName}</span> : null}
            </button>
          ))
        )}
      </div>
    </div>
  );
}

render(<List />, document.getElementById('root')!);
