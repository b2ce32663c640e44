// @vitest-environment happy-dom
/**
 * Views loaded on demand (popup/ui/lazy-view.tsx, popup/toolbar/on-demand-views.ts): a view opened
 * before its module is in appears once it is, with its props; a module is loaded once however
 * often it is shown; one that fails to load says so instead of leaving a blank panel. This file
 * does not preload the popup's on-demand views, so its App test is a first click on a cold page.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import messages from '../../_locales/en/messages.json';
import { App } from '../../popup/toolbar/app';
import { makeStrings } from '../../popup/i18n/strings';
import { StringsContext } from '../../popup/i18n/strings-context';
import { translatorFrom, type Messages } from '../../popup/i18n/translate';
import { lazyView } from '../../popup/ui/lazy-view';
import { fakeVault, SAMPLE } from './popup-fake-vault';

const t = translatorFrom(messages as Messages);
const strings = makeStrings(t);

afterEach(() => cleanup());

function Greeting({ name }: { name: string }) {
  return <p data-testid="greeting">Hello {name}</p>;
}

/** A module load that waits for `arrive()` (or `fail()`), counting how often it was asked for. */
function heldModule() {
  let arrive: () => void = () => undefined;
  let fail: (e: Error) => void = () => undefined;
  const arrived = new Promise<typeof Greeting>((resolve, reject) => {
    arrive = () => resolve(Greeting);
    fail = reject;
  });
  const load = vi.fn(() => arrived);
  return { load, arrive: () => arrive(), fail: (e: Error) => fail(e) };
}

const inStrings = (node: ComponentChildren) => <StringsContext.Provider value={strings}>{node}</StringsContext.Provider>;

describe('lazyView', () => {
  it('shows nothing until the module is in, then the view with its props; the module is loaded once', async () => {
    const module = heldModule();
    const { View } = lazyView(module.load);
    render(inStrings(<View name="alice" />));
    expect(screen.queryByTestId('greeting')).toBeNull();
    module.arrive();
    expect((await screen.findByTestId('greeting')).textContent).toBe('Hello alice');
    cleanup();
    // Shown again: at once, in the same render, and without a second load.
    render(inStrings(<View name="bob" />));
    expect(screen.getByTestId('greeting').textContent).toBe('Hello bob');
    expect(module.load).toHaveBeenCalledTimes(1);
  });

  it('preload starts the load before the view is shown, once', async () => {
    const module = heldModule();
    const { View, preload } = lazyView(module.load);
    const first = preload();
    void preload();
    expect(module.load).toHaveBeenCalledTimes(1);
    module.arrive();
    await first;
    render(inStrings(<View name="carol" />));
    expect(screen.getByTestId('greeting').textContent).toBe('Hello carol');
  });

  it('a module that fails to load says so', async () => {
    const module = heldModule();
    const { View } = lazyView(module.load);
    render(inStrings(<View name="dave" />));
    module.fail(new Error('Failed to fetch dynamically imported module'));
    expect((await screen.findByRole('alert')).textContent).toBe(strings.unexpectedError('Failed to fetch dynamically imported module'));
    expect(screen.queryByTestId('greeting')).toBeNull();
  });
});

describe('popup: views loaded on demand', () => {
  it('the settings, a passkey’s details and the delete dialog open on the first click', async () => {
    const { api } = fakeVault({ state: 'unlocked', passkeys: SAMPLE });
    render(<App t={t} api={api} />);
    await screen.findByTestId('search');
    fireEvent.click(screen.getByTestId('settings'));
    // Under vitest the first import() transforms the module's files: allow for a loaded machine.
    expect(await screen.findByTestId('settings-view', {}, { timeout: 20_000 })).toBeTruthy();
    fireEvent.click(screen.getByTestId('back'));
    await waitFor(() => expect(screen.queryByTestId('settings-view')).toBeNull());
    fireEvent.click(screen.getAllByTestId('passkey')[0]!.querySelector<HTMLElement>('.passkey-open')!);
    expect(await screen.findByTestId('details', {}, { timeout: 20_000 })).toBeTruthy();
    fireEvent.click(within(screen.getByTestId('details')).getByTestId('delete'));
    expect(await screen.findByTestId('confirm-delete', {}, { timeout: 20_000 })).toBeTruthy();
  }, 60_000);
});
