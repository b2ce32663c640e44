import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Settings, UnlockKeyInfo, VaultStatus } from '../../src/core/protocol';
import { ApiContext, type PopupApi } from '../api/api-context';
import { AppHeader } from './app-header';
import { DeveloperModeContext } from './developer/developer-mode-context';
import { ErrorMessage } from '../ui/error-message';
import { messageOf } from '../api/message-of';
import { loadOnDemandViews, OnDemandReset, OnDemandSettings } from './on-demand-views';
import { whenIdle } from '../ui/when-idle';
import { PasskeyList } from './list/passkey-list';
import { SetPinForm } from '../ui/set-pin-form';
import { StoodBackNote } from './stood-back-note';
import { makeStrings } from '../i18n/strings';
import { StringsContext } from '../i18n/strings-context';
import type { Translate } from '../i18n/translate';
import { UndoToast } from './list/undo-toast';
import { UnlockForm } from './pin/unlock-form';
import { UNDO_MS, useDelayedDelete } from './list/use-delayed-delete';

export interface AppProps {
  /** The way to the background: `runtimeApi` from ./api.ts in the extension, a fake in tests. */
  api: PopupApi;
  /** The text: `browserTranslate` (./browser-translate.ts) in the extension, messages.json in tests. */
  t: Translate;
  /** The active tab's host name, when the browser tells it: that site's passkeys are listed first. */
  currentHost?: string | null | undefined;
  /** Passkeep stood back on that tab (another extension or the page took navigator.credentials first). */
  stoodBack?: boolean;
  /** How long Undo is offered after a delete, in ms. */
  undoMs?: number;
  /** Opens the guide (popup/guide/) in a tab; `tabs.create` in the extension. */
  openGuide?: () => void;
  /** Opens the ceremony inspector (popup/inspector/) in a tab; `tabs.create` in the extension. */
  openInspector?: () => void;
}

type View =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'no-pin' }
  | { kind: 'locked'; retryAfterSeconds: number; unlockKeys: UnlockKeyInfo[]; pinOnly: boolean }
  | { kind: 'reset' }
  | { kind: 'unlocked' };

function viewOf(status: VaultStatus): View {
  switch (status.state) {
    case 'no-pin':
      return { kind: 'no-pin' };
    case 'locked':
      return { kind: 'locked', retryAfterSeconds: status.retryAfterSeconds, unlockKeys: status.unlockKeys ?? [], pinOnly: status.pinOnly !== false };
    case 'unlocked':
      return { kind: 'unlocked' };
  }
}

/** The popup: first-run PIN, unlock, or the passkey list, as the vault's state says. */
export function App({ api, t, currentHost, stoodBack = false, undoMs = UNDO_MS, openGuide, openInspector }: AppProps) {
  const strings = useMemo(() => makeStrings(t), [t]);
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [settingsOpen, setSettingsOpen] = useState(false);
  /** Developer mode (the setting): the header's badge, the details' developer part. */
  const [developerMode, setDeveloperMode] = useState(false);
  /** Bumped when the vault changed under the list (an import): the list reads it again. */
  const [listVersion, setListVersion] = useState(0);

  const refresh = useCallback(async () => {
    try {
      setView(viewOf(await api.send({ type: 'vault:status' })));
    } catch (e) {
      setView({ kind: 'failed', message: messageOf(e) });
    }
  }, [api]);

  // A layout effect, not an effect: Preact runs effects only after the next animation frame, and
  // the state (asked for as the popup started, ../api/with-prefetched.ts) may already be here.
  useLayoutEffect(() => {
    void refresh();
  }, [refresh]);

  // Once what the popup opened for is on screen (the list's first rows, or a form) and the page is
  // idle, developer mode is read (then kept by the settings view's changes) and the views no first
  // paint needs are loaded. Asked for at once, the settings competed in the background with the
  // first rows' request (README "Benchmarks"); nothing here re-renders the app before then.
  const firstScreenDone = useRef(false);
  const mounted = useRef(true);
  useEffect(() => () => void (mounted.current = false), []);
  const afterFirstScreen = useCallback(() => {
    if (firstScreenDone.current) return;
    firstScreenDone.current = true;
    whenIdle(() => {
      if (!mounted.current) return;
      loadOnDemandViews().catch(() => undefined); // a view that failed to load says so when opened
      api.send({ type: 'settings:get' }).then(
        (settings) => mounted.current && setDeveloperMode(settings.developerMode === true),
        () => undefined,
      );
    });
  }, [api]);
  // An effect runs after the frame with the form was painted; the list calls it after its rows'.
  useEffect(() => {
    if (view.kind !== 'loading' && view.kind !== 'unlocked') afterFirstScreen();
  }, [view.kind, afterFirstScreen]);

  // Only a vault that really locked leaves the list: a failed list or delete keeps its own message.
  const recheck = useCallback(async () => {
    try {
      const status = await api.send({ type: 'vault:status' });
      if (status.state !== 'unlocked') setView(viewOf(status));
    } catch {
      // The list already shows the error that sent us here.
    }
  }, [api]);

  const deletes = useDelayedDelete(api.send, undoMs, () => void recheck());

  // Ctrl+Z / ⌘Z undoes a delete while Undo is offered (not inside a text field: that is the field's undo).
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'z' || !(event.ctrlKey || event.metaKey) || event.shiftKey) return;
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
      if (deletes.notice?.kind !== 'pending') return;
      event.preventDefault();
      deletes.undo();
    };
    addEventListener('keydown', onKeyDown);
    return () => removeEventListener('keydown', onKeyDown);
  }, [deletes.notice, deletes.undo]);

  const lock = useCallback(async () => {
    // A delete waiting for its undo window goes through first: locking is leaving.
    await deletes.flush();
    try {
      setView(viewOf(await api.send({ type: 'vault:lock' })));
    } catch (e) {
      setView({ kind: 'failed', message: messageOf(e) });
    }
  }, [api, deletes.flush]);

  const onStatus = useCallback((status: VaultStatus) => {
    setSettingsOpen(false);
    setView(viewOf(status));
  }, []);
  const unlocked = view.kind === 'unlocked';

  // Back from the settings: the keyboard returns to the button that opened them.
  const wasOpen = useRef(false);
  useLayoutEffect(() => {
    if (wasOpen.current && !settingsOpen) document.querySelector<HTMLElement>('[data-testid="settings"]')?.focus();
    wasOpen.current = settingsOpen;
  }, [settingsOpen]);

  return (
    <ApiContext.Provider value={api}>
      <StringsContext.Provider value={strings}>
        <DeveloperModeContext.Provider value={developerMode}>
          <div class="app" data-state={view.kind}>
            <AppHeader
              onLock={unlocked ? () => void lock() : undefined}
              onSettings={unlocked ? () => setSettingsOpen(true) : undefined}
              onGuide={openGuide}
              developerMode={developerMode}
              onInspector={openInspector}
            />
            <main class="app-main">
              {stoodBack && <StoodBackNote />}
              {view.kind === 'loading' && (
                <p class="placeholder" role="status" data-testid="loading">
                  {strings.loading}
                </p>
              )}
              {view.kind === 'failed' && (
                <div class="placeholder">
                  <ErrorMessage>{strings.unexpectedError(view.message)}</ErrorMessage>
                  <button
                    type="button"
                    class="button button-secondary"
                    onClick={() => {
                      setView({ kind: 'loading' });
                      void refresh();
                    }}
                  >
                    {strings.tryAgain}
                  </button>
                </div>
              )}
              {view.kind === 'no-pin' && <SetPinForm onStatus={onStatus} />}
              {view.kind === 'locked' && (
                <UnlockForm
                  retryAfterSeconds={view.retryAfterSeconds}
                  unlockKeys={view.unlockKeys}
                  pinOnly={view.pinOnly}
                  onStatus={onStatus}
                  onForgot={() => setView({ kind: 'reset' })}
                />
              )}
              {view.kind === 'reset' && (
                <div class="panel-layer">
                  <OnDemandReset.View onBack={() => void refresh()} onStatus={onStatus} />
                </div>
              )}
              {unlocked && (
                <div class="list-layer" inert={settingsOpen}>
                  <PasskeyList
                    key={listVersion}
                    currentHost={currentHost}
                    onFailure={() => void recheck()}
                    deletes={deletes}
                    onShown={afterFirstScreen}
                  />
                </div>
              )}
              {unlocked && settingsOpen && (
                <div class="panel-layer">
                  <OnDemandSettings.View
                    currentHost={currentHost}
                    onBack={() => setSettingsOpen(false)}
                    onImported={() => setListVersion((n) => n + 1)}
                    onStatus={onStatus}
                    onSettings={(settings: Settings) => setDeveloperMode(settings.developerMode)}
                  />
                </div>
              )}
            </main>
            <UndoToast deletes={deletes} />
          </div>
        </DeveloperModeContext.Provider>
      </StringsContext.Provider>
    </ApiContext.Provider>
  );
}
