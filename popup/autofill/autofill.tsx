/**
 * The autofill list (passkey autofill, `mediation: "conditional"`): an extension page the bridge
 * frames under the page's `webauthn` field (content-scripts/autofill-anchor.ts). Being of the
 * extension's origin, it shows the site's account names where the page cannot read them, and
 * its clicks reach the background as this page's, never the page's (src/background/autofill.ts).
 *
 * A click counts as the person's presence only when this list was verifiably visible and
 * unobscured (./list-visibility.ts); otherwise the choice opens the real prompt instead.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { AutofillReplies, AutofillRequest, AutofillView } from '../../src/core/autofill-protocol.js';
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

  useEffect(() => {
    call({ type: 'autofill:view', session }).then(setView, () => undefined);
  }, []);
  useEffect(() => {
    if (!view) return;
    visibility = watchVisibility(document.getElementById('list')!, setSeen);
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
