/**
 * The autofill list (passkey autofill, `mediation: "conditional"`): an extension page the bridge
 * frames under the page's `webauthn` field (content-scripts/autofill-anchor.ts). Being of the
 * extension's origin, it shows the site's account names where the page cannot read them, and
 * its clicks reach the background as this page's, never the page's (src/background/autofill.ts).
 *
 * A click counts as the person's presence only when this list was verifiably visible and
 * unobscured (./list-visibility.ts); otherwise the choice opens the real prompt instead.
 *
 * Keyboard (src/core/autofill-list-keys.ts): Down in the page's field focuses this frame (the
 * bridge), which puts the focus on a row; Up/Down/Home/End move among the rows (a roving
 * tabindex, each row a listbox option); Enter chooses the focused row, as a click; Escape, and
 * Up from the first row, hand the focus back to the field through the bridge.
 */
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { listKeyMove } from '../../src/core/autofill-list-keys.js';
import type { AutofillFrameMessage, AutofillReplies, AutofillRequest, AutofillView } from '../../src/core/autofill-protocol.js';
import type { Reply } from '../../src/core/protocol.js';
import { confirmVisible, watchVisibility, type Visibility } from './list-visibility.js';

const session = new URLSearchParams(location.search).get('session') ?? '';
const t = (key: string, substitutions?: string[]) => browser.i18n.getMessage(key, substitutions);

async function call<T extends AutofillRequest['type']>(message: Extract<AutofillRequest, { type: T }>): Promise<AutofillReplies[T]> {
  const reply = (await browser.runtime.sendMessage(message)) as Reply<AutofillReplies[T]> | undefined;
  if (!reply || !reply.ok) throw new Error(reply ? reply.error.message : 'Passkeep did not answer.');
  return reply.value;
}

let visibility: () => Visibility = () => ({ supported: false, visible: null, armed: false, hiddenAt: 0 });

function List() {
  const [view, setView] = useState<AutofillView | null>(null);
  const [seen, setSeen] = useState<Visibility>(visibility());
  const [busy, setBusy] = useState(false);
  const [active, setActive] = useState(0);
  const rows = useRef<HTMLButtonElement[]>([]);

  useEffect(() => {
    call({ type: 'autofill:view', session }).then(setView, () => undefined);
  }, []);
  useEffect(() => {
    if (!view) return;
    visibility = watchVisibility(document.getElementById('list')!, setSeen);
    // The bridge focuses this frame (Down in the field): the focus goes on to a row. The frame may
    // have had it before the rows existed.
    const enter = () => {
      if (!rows.current.includes(document.activeElement as HTMLButtonElement)) rows.current[0]?.focus();
    };
    window.addEventListener('focus', enter);
    if (document.hasFocus()) enter();
    return () => window.removeEventListener('focus', enter);
  }, [view !== null]);

  if (!view) return null;
  const choose = async (e: MouseEvent, account: string | null) => {
    // Only the person's own input chooses (a synthetic click has isTrusted false).
    if (!e.isTrusted || busy) return;
    setBusy(true);
    try {
      await call({ type: 'autofill:choose', session, account, visible: await confirmVisible(document.getElementById('list')!, visibility, performance.now()) });
    } catch {
      // The request ended meanwhile (answered elsewhere, aborted): the bridge removes this list.
    } finally {
      setBusy(false);
    }
  };
  // data-armed tells automation when a click counts as seen (docs/contracts.md), data-visible
  // what the browser last reported (absent before its first report); where the browser cannot
  // tell (Firefox), neither exists and a click opens the prompt.
  const armedAttr = seen.supported ? String(seen.armed) : undefined;
  const visibleAttr = seen.visible === null ? undefined : String(seen.visible);
  const note = seen.supported && seen.armed ? undefined : t('autofillHidden');
  const onKey = (e: KeyboardEvent) => {
    const count = rows.current.length;
    const move = listKeyMove(e.key, Math.max(0, rows.current.indexOf(document.activeElement as HTMLButtonElement)), count);
    if (!move || !e.isTrusted) return;
    e.preventDefault();
    if ('row' in move) {
      setActive(move.row);
      rows.current[move.row]?.focus();
    } else {
      // The list's own origin cannot focus the page's field: its bridge does (autofill-anchor.ts).
      window.parent.postMessage({ passkeepAutofill: move.leave } satisfies AutofillFrameMessage, '*');
    }
  };
  // A roving tabindex: one row in the tab order, the one last moved to.
  const rowProps = (i: number) => ({
    ref: (el: HTMLButtonElement | null) => {
      if (el) rows.current[i] = el;
    },
    tabIndex: i === active ? 0 : -1,
    'aria-selected': i === active,
    onFocus: () => setActive(i),
  });
  rows.current.length = view.locked ? 1 : view.accounts.length;
  return (
    <div id="list" class="list" role="listbox" aria-label={t('autofillListLabel', [view.rpId])} onKeyDown={onKey}>
      <div class="heading">
        <img src="icons/icon-16.png" alt="" />
        <span>{t('autofillHeading', [view.rpId])}</span>
      </div>
      <div class="rows">
        {view.locked ? (
          <button type="button" class="row" role="option" data-testid="autofill-unlock" {...rowProps(0)} onClick={(e) => void choose(e, null)}>
            <span class="name">{t('autofillUnlock')}</span>
          </button>
        ) : (
          view.accounts.map((a, i) => (
            <button
              type="button"
              class="row"
              role="option"
              {...rowProps(i)}
              data-testid="autofill-account"
              data-armed={armedAttr}
              data-visible={visibleAttr}
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
