// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { PopupRequest } from '../../src/core/protocol';
import type { PopupApi, Send } from '../../popup/api/api-context';
import { App } from '../../popup/toolbar/app';
import { loadOnDemandViews } from '../../popup/toolbar/on-demand-views';
import { DAY, fakeVault, passkey, SAMPLE, T0, type FakeVaultOptions } from './popup-fake-vault';
import { filterPasskeys } from '../../popup/toolbar/list/filter-passkeys';
import { newPinProblem } from '../../popup/ui/new-pin-problem';
import { sortPasskeys } from '../../src/core/sort-passkeys';
import { makeStrings } from '../../popup/i18n/strings';
import { translatorFrom, type Messages } from '../../popup/i18n/translate';
import messages from '../../_locales/en/messages.json';
import { visibleRange } from '../../popup/ui/visible-range';

// The views the popup loads on demand are in, as they are in the extension once it is idle
// (popup/toolbar/on-demand-views.ts); a click before that is tested in lazy-view.test.tsx.
await loadOnDemandViews();

afterEach(() => {
  cleanup();
  localStorage.clear();
});

// The real messages.json: a key the popup asks for and the file lacks fails the test.
const t = translatorFrom(messages as Messages);
const strings = makeStrings(t);

const rows = () => screen.queryAllByTestId('passkey');
const rowTexts = () => rows().map((row) => row.textContent ?? '');
const accounts = () => rows().map((row) => row.querySelector('.passkey-account')?.textContent);
const type = (element: HTMLElement, value: string) => fireEvent.input(element, { target: { value } });

// ---------------------------------------------------------------------------------------------

describe('popup: first run', () => {
  it('asks for a PIN twice, checks length and match, then sets it', async () => {
    const { vault, api } = fakeVault({ pin: null });
    render(<App t={t} api={api} />);

    const pin = await screen.findByTestId('pin-new');
    const confirm = screen.getByTestId('pin-confirm');
    expect(document.body.textContent).toContain(
      'Anyone with a copy of your browser profile can try PINs offline; a longer passphrase protects better.',
    );
    await waitFor(() => expect(document.activeElement).toBe(pin));

    type(pin, '123');
    type(confirm, '123');
    fireEvent.click(screen.getByTestId('set-pin'));
    expect((await screen.findByRole('alert')).textContent).toBe(strings.pinTooShort);

    type(pin, '123456');
    type(confirm, '123465');
    fireEvent.click(screen.getByTestId('set-pin'));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe(strings.pinMismatch));
    expect(vault.requests.filter((r) => r.type === 'vault:set-pin')).toEqual([]);

    type(confirm, '123456');
    fireEvent.click(screen.getByTestId('set-pin'));
    expect(await screen.findByText(strings.empty)).toBeTruthy();
    expect(vault.pin).toBe('123456');
    expect(vault.requests).toContainEqual({ type: 'vault:set-pin', pin: '123456' });
  });

  it('counts UTF-8 bytes, not characters', () => {
    expect(newPinProblem('ééé', 'ééé', strings)).toBeNull(); // 3 characters, 6 bytes
    expect(newPinProblem('abc', 'abc', strings)).toBe(strings.pinTooShort);
    expect(newPinProblem('a'.repeat(63), 'a'.repeat(63), strings)).toBeNull();
    expect(newPinProblem('a'.repeat(64), 'a'.repeat(64), strings)).toBe(strings.pinTooLong);
    expect(newPinProblem('€'.repeat(21) + 'a', '€'.repeat(21) + 'a', strings)).toBe(strings.pinTooLong); // 64 bytes
  });
});

describe('popup: unlock', () => {
  it('refuses a wrong PIN with an alert, then unlocks with the right one', async () => {
    const { vault, api } = fakeVault({ passkeys: SAMPLE });
    render(<App t={t} api={api} />);

    const pin = await screen.findByTestId('pin');
    expect(screen.queryByTestId('lock')).toBeNull();
    type(pin, '0000');
    fireEvent.click(screen.getByTestId('unlock'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(strings.wrongPin);
    expect((screen.getByTestId('pin') as HTMLInputElement).value).toBe('');

    type(screen.getByTestId('pin'), '1234');
    fireEvent.click(screen.getByTestId('unlock'));
    await waitFor(() => expect(rows()).toHaveLength(SAMPLE.length));
    expect(vault.requests.filter((r) => r.type === 'vault:unlock')).toEqual([
      { type: 'vault:unlock', pin: '0000' },
      { type: 'vault:unlock', pin: '1234' },
    ]);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says how long to wait when the background asks for a pause', async () => {
    const { api } = fakeVault({ backoff: (n) => (n >= 1 ? 30 : 0) });
    render(<App t={t} api={api} />);
    type(await screen.findByTestId('pin'), '9999');
    fireEvent.click(screen.getByTestId('unlock'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(`${strings.wrongPin} Too many attempts. Wait 30 seconds before trying again.`);
  });

  it('understands a wrong PIN reported as an error, and reads the wait from the status', async () => {
    const { api } = fakeVault({ wrongPinAsError: true, backoff: () => 90 });
    render(<App t={t} api={api} />);
    type(await screen.findByTestId('pin'), '9999');
    fireEvent.click(screen.getByTestId('unlock'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(`${strings.wrongPin} ${strings.waitBeforeRetry(90)}`);
    expect(strings.waitBeforeRetry(90)).toContain('1 minute 30 seconds');
  });

  it('shows a running lock-out when the popup opens during one', async () => {
    const { vault, api } = fakeVault();
    vault.retryAfterSeconds = 5;
    render(<App t={t} api={api} />);
    expect((await screen.findByRole('alert')).textContent).toBe(strings.waitBeforeRetry(5));
  });

  it('asks for the PIN instead of sending an empty one', async () => {
    const { vault, api } = fakeVault();
    render(<App t={t} api={api} />);
    await screen.findByTestId('pin');
    fireEvent.click(screen.getByTestId('unlock'));
    expect((await screen.findByRole('alert')).textContent).toBe(strings.pinRequired);
    expect(vault.requests.some((r) => r.type === 'vault:unlock')).toBe(false);
  });
});

describe('popup: the list', () => {
  it('groups passkeys by site, the current tab’s site first, with account, names, dates and algorithm', async () => {
    const { api } = fakeVault({ state: 'unlocked', passkeys: SAMPLE });
    render(<App t={t} api={api} currentHost="gist.github.com" />);
    await waitFor(() => expect(rows()).toHaveLength(5));

    const sites = screen.getAllByTestId('site').map((h) => h.querySelector('.site-name')?.textContent);
    expect(sites).toEqual(['github.com', 'example.com', 'zeta.example']);
    expect(within(screen.getAllByTestId('site')[0]!).getByText(strings.thisSite)).toBeTruthy();

    const texts = rowTexts();
    // Display order: github.com (current) first, then sites and accounts alphabetically.
    expect(accounts()).toEqual([
      'alice-gh',
      'octocat',
      'alice@example.com',
      'bob@example.com',
      'zed',
    ]);
    const [aliceGh, octocat, alice, bob, zed] = texts as [string, string, string, string, string];
    expect(aliceGh).toContain('github.com');
    expect(alice).toContain('example.com');
    expect(alice).toContain('Alice Liddell');
    expect(alice).toContain(strings.created(new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(T0)));
    expect(alice).not.toContain(strings.notUsedYet);
    expect(alice).toContain(strings.lastUsed(new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(T0 + DAY)));
    expect(bob).toContain(strings.notUsedYet);
    expect(alice).toContain('ES256');
    expect(octocat).toContain('EdDSA');
    expect(bob).toContain('RS256');
    expect(zed).toContain('COSE -35');
    // Each icon button has a name that says which passkey it deletes.
    expect(screen.getAllByTestId('delete')[2]!.getAttribute('aria-label')).toBe(
      strings.deleteButton('alice@example.com', 'example.com'),
    );
  });

  it('filters as you type across site, user name and display name, ignoring case', async () => {
    const { api } = fakeVault({ state: 'unlocked', passkeys: SAMPLE });
    render(<App t={t} api={api} />);
    const search = await screen.findByTestId('search');
    await waitFor(() => expect(document.activeElement).toBe(search));

    type(search, 'ALICE');
    expect(accounts()).toEqual(['alice@example.com', 'alice-gh']);

    type(search, 'github');
    expect(rows()).toHaveLength(2);

    type(search, 'builder');
    expect(rowTexts()).toHaveLength(1);
    expect(rowTexts()[0]).toContain('bob@example.com');

    type(search, 'octo GITHUB');
    expect(accounts()).toEqual(['octocat']);

    type(search, 'nothing-like-this');
    expect(rows()).toHaveLength(0);
    expect(screen.getByTestId('no-matches').textContent).toBe(strings.noMatches('nothing-like-this'));

    type(search, '');
    expect(rows()).toHaveLength(5);
  });

  it('holds the list’s place with a busy skeleton until the vault answers (no layout jump)', async () => {
    const { api } = fakeVault({ state: 'unlocked', passkeys: SAMPLE });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: PopupApi = {
      send: (async (request: PopupRequest) => {
        if (request.type === 'vault:list') await gate;
        return api.send(request as never);
      }) as Send,
    };
    render(<App t={t} api={slow} />);
    const skeleton = await waitFor(() => {
      const element = document.querySelector<HTMLElement>('[data-testid="loading"][aria-busy="true"]');
      expect(element).not.toBeNull();
      return element!;
    });
    expect(within(skeleton).getByRole('status').textContent).toBe(strings.loading);
    expect(rows()).toHaveLength(0);
    release();
    await waitFor(() => expect(rows()).toHaveLength(5));
    expect(screen.queryByTestId('loading')).toBeNull();
  });

  it('shows the empty state when there are no passkeys', async () => {
    const { api } = fakeVault({ state: 'unlocked' });
    render(<App t={t} api={api} />);
    expect((await screen.findByTestId('empty')).textContent).toBe(
      'No passkeys yet. When a site offers to create a passkey, Passkeep will ask you.',
    );
    expect(screen.queryByTestId('search')).toBeNull();
  });

  it('asks before deleting, explains what it means, hides the row, and deletes when the undo window ends', async () => {
    const { vault, api } = fakeVault({ state: 'unlocked', passkeys: SAMPLE });
    render(<App t={t} api={api} undoMs={30} />);
    await waitFor(() => expect(rows()).toHaveLength(5));
    const bobRow = () => rows().find((row) => row.textContent?.includes('bob@example.com'));

    fireEvent.click(within(bobRow()!).getByTestId('delete'));
    let dialog = screen.getByRole('dialog');
    expect(dialog.textContent).toContain(
      'The site will no longer accept this passkey. Remove it from your account settings on example.com too.',
    );
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.contains(document.activeElement)).toBe(true);

    // Cancel keeps it, and so does Escape.
    fireEvent.click(within(dialog).getByText(strings.cancel));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(bobRow()).toBeTruthy();
    expect(document.activeElement).toBe(within(bobRow()!).getByTestId('delete'));
    fireEvent.click(within(bobRow()!).getByTestId('delete'));
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(vault.requests.some((r) => r.type === 'vault:delete')).toBe(false);

    fireEvent.click(within(bobRow()!).getByTestId('delete'));
    dialog = screen.getByRole('dialog');
    fireEvent.click(within(dialog).getByTestId('confirm-delete'));
    // Gone from the list at once, with Undo offered; the vault is asked only when the window ends.
    expect(rows()).toHaveLength(4);
    expect(bobRow()).toBeUndefined();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByTestId('toast').textContent).toContain(strings.deleted('bob@example.com', 'example.com'));
    expect(screen.getByTestId('undo')).toBeTruthy();
    expect(vault.requests.some((r) => r.type === 'vault:delete')).toBe(false);
    // The background holds the pending delete (it commits it if the popup closes first).
    expect(vault.requests).toContainEqual({ type: 'vault:delete-later', id: 'a2', undoMs: 30 });
    // The keyboard stays in the list, on the passkey that took its place.
    expect(document.activeElement?.closest('[data-testid="passkey"]')?.textContent).toContain('alice-gh');

    await waitFor(() => expect(vault.requests).toContainEqual({ type: 'vault:delete', id: 'a2' }));
    expect(vault.passkeys.map((p) => p.id)).not.toContain('a2');
    await waitFor(() => expect(screen.queryByTestId('undo')).toBeNull());
    expect(vault.pendingDeletes.size).toBe(0);
    expect(rows()).toHaveLength(4);
  });

  it('Undo keeps the passkey: nothing is sent, the row comes back', async () => {
    const { vault, api } = fakeVault({ state: 'unlocked', passkeys: SAMPLE });
    render(<App t={t} api={api} undoMs={60_000} />);
    await waitFor(() => expect(rows()).toHaveLength(5));
    fireEvent.click(screen.getAllByTestId('delete')[0]!);
    fireEvent.click(screen.getByTestId('confirm-delete'));
    expect(rows()).toHaveLength(4);
    fireEvent.click(screen.getByTestId('undo'));
    expect(rows()).toHaveLength(5);
    expect(screen.getByTestId('toast').textContent).toContain(strings.undone('alice@example.com', 'example.com'));
    await waitFor(() => expect(vault.requests).toContainEqual({ type: 'vault:undo-delete', id: 'a1' }));
    expect(vault.pendingDeletes.size).toBe(0);

    // Ctrl+Z does the same from the keyboard (outside text fields).
    fireEvent.click(screen.getAllByTestId('delete')[1]!);
    fireEvent.click(screen.getByTestId('confirm-delete'));
    expect(rows()).toHaveLength(4);
    fireEvent.keyDown(document.activeElement!, { key: 'z', ctrlKey: true });
    expect(rows()).toHaveLength(5);
    cleanup();
    expect(vault.requests.some((r) => r.type === 'vault:delete')).toBe(false);
    expect(vault.passkeys).toHaveLength(5);
  });

  it('"Kept …" goes away by itself after the undo window', async () => {
    const { api } = fakeVault({ state: 'unlocked', passkeys: SAMPLE });
    render(<App t={t} api={api} undoMs={40} />);
    await waitFor(() => expect(rows()).toHaveLength(5));
    fireEvent.click(screen.getAllByTestId('delete')[0]!);
    fireEvent.click(screen.getByTestId('confirm-delete'));
    fireEvent.click(screen.getByTestId('undo'));
    expect(screen.getByTestId('toast')).toBeTruthy();
    await waitFor(() => expect(screen.queryByTestId('toast')).toBeNull());
    expect(rows()).toHaveLength(5);
  });

  it('"Delete now" ends the undo window at once; a second delete sends the first one', async () => {
    const { vault, api } = fakeVault({ state: 'unlocked', passkeys: SAMPLE });
    render(<App t={t} api={api} undoMs={60_000} />);
    await waitFor(() => expect(rows()).toHaveLength(5));
    fireEvent.click(screen.getAllByTestId('delete')[0]!);
    fireEvent.click(screen.getByTestId('confirm-delete'));
    fireEvent.click(screen.getAllByTestId('delete')[0]!);
    fireEvent.click(screen.getByTestId('confirm-delete'));
    await waitFor(() => expect(vault.passkeys.map((p) => p.id)).toEqual(['g1', 'a2', 'g2', 'z1']));
    expect(rows()).toHaveLength(3);
    fireEvent.click(screen.getByTestId('delete-now'));
    await waitFor(() => expect(vault.passkeys.map((p) => p.id)).toEqual(['g1', 'g2', 'z1']));
    expect(vault.requests.filter((r) => r.type === 'vault:delete')).toEqual([
      { type: 'vault:delete', id: 'a1' },
      { type: 'vault:delete', id: 'a2' },
    ]);
  });

  it('locking inside the undo window deletes first, then locks', async () => {
    const { vault, api } = fakeVault({ state: 'unlocked', passkeys: SAMPLE });
    render(<App t={t} api={api} undoMs={60_000} />);
    await waitFor(() => expect(rows()).toHaveLength(5));
    fireEvent.click(screen.getAllByTestId('delete')[0]!);
    fireEvent.click(screen.getByTestId('confirm-delete'));
    fireEvent.click(screen.getByTestId('lock'));
    await screen.findByTestId('pin');
    const order = vault.requests.map((r) => r.type).filter((type) => type === 'vault:delete' || type === 'vault:lock');
    expect(order).toEqual(['vault:delete', 'vault:lock']);
    expect(vault.passkeys.map((p) => p.id)).not.toContain('a1');
  });

  it('case 30: the deletion journal leaves nothing readable at rest (the background holds the pending delete)', async () => {
    const { vault, api } = fakeVault({ state: 'unlocked', passkeys: SAMPLE });
    const first = render(<App t={t} api={api} undoMs={60_000} />);
    await waitFor(() => expect(rows()).toHaveLength(5));
    fireEvent.click(screen.getAllByTestId('delete')[0]!);
    fireEvent.click(screen.getByTestId('confirm-delete'));
    await waitFor(() => expect(vault.pendingDeletes).toEqual(new Set(['a1'])));
    expect(vault.requests).toContainEqual({ type: 'vault:delete-later', id: 'a1', undoMs: 60_000 });
    // Nothing the page can write to disk names the credential.
    expect(localStorage.length).toBe(0);
    expect(JSON.stringify({ ...localStorage })).not.toContain('a1');
    // Closing the popup sends nothing more itself: the background commits when its port closes.
    dispatchEvent(new Event('pagehide'));
    first.unmount();
    expect(localStorage.length).toBe(0);
  });

  it('a delete that fails brings the row back and says why', async () => {
    const { api } = fakeVault({ state: 'unlocked', passkeys: SAMPLE });
    const failing: PopupApi = {
      send: ((request: PopupRequest) =>
        request.type === 'vault:delete' ? Promise.reject(new Error('disk full')) : api.send(request as never)) as Send,
    };
    render(<App t={t} api={failing} undoMs={60_000} />);
    await waitFor(() => expect(rows()).toHaveLength(5));
    fireEvent.click(screen.getAllByTestId('delete')[0]!);
    fireEvent.click(screen.getByTestId('confirm-delete'));
    expect(rows()).toHaveLength(4);
    fireEvent.click(screen.getByTestId('delete-now'));
    await waitFor(() =>
      expect(screen.getByTestId('toast').querySelector('.toast-text')?.textContent).toBe(strings.deleteFailed('alice@example.com', 'example.com', 'disk full')),
    );
    expect(rows()).toHaveLength(5);
    expect(localStorage.length).toBe(0);
  });

  it('opens the details of a passkey: site, account, display name, dates, algorithm, short credential id', async () => {
    const long = passkey('AbCdEfGhIjKlMnOpQrStUvWxYz012345', 'example.com', 'carol', {
      userDisplayName: 'Carol C.',
      createdAt: T0,
      lastUsedAt: T0 + 2 * DAY,
    });
    const { vault, api } = fakeVault({ state: 'unlocked', passkeys: [...SAMPLE, long] });
    render(<App t={t} api={api} undoMs={10} />);
    await waitFor(() => expect(rows()).toHaveLength(6));
    const carol = rows().find((row) => row.textContent?.includes('carol'))!;
    fireEvent.click(within(carol).getByTestId('passkey-open'));

    const details = screen.getByTestId('details');
    const fields = Object.fromEntries(
      [...details.querySelectorAll('.details-row')].map((row) => [row.querySelector('dt')?.textContent, row.querySelector('dd')?.textContent]),
    );
    const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    expect(fields).toEqual({
      [strings.detailSite]: 'example.com',
      [strings.detailAccount]: 'carol',
      [strings.detailDisplayName]: 'Carol C.',
      [strings.detailCreated]: dateTime.format(T0),
      [strings.detailLastUsed]: dateTime.format(T0 + 2 * DAY),
      [strings.detailAlgorithm]: 'ES256 (COSE -7)',
      [strings.detailCredentialId]: 'AbCdEfGh…012345',
    });
    expect(details.textContent).toContain(strings.deleteExplanation('example.com'));
    expect(document.activeElement?.textContent).toBe(strings.detailsTitle);

    // Escape goes back, to the same row.
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByTestId('details')).toBeNull();
    expect(document.activeElement).toBe(within(rows().find((row) => row.textContent?.includes('carol'))!).getByTestId('passkey-open'));

    // Delete from the details: the same confirmation, then back to the list without it.
    fireEvent.click(within(rows().find((row) => row.textContent?.includes('carol'))!).getByTestId('passkey-open'));
    fireEvent.click(within(screen.getByTestId('details')).getByTestId('delete'));
    fireEvent.click(screen.getByTestId('confirm-delete'));
    expect(screen.queryByTestId('details')).toBeNull();
    expect(rows()).toHaveLength(5);
    await waitFor(() => expect(vault.requests).toContainEqual({ type: 'vault:delete', id: long.id }));
  });

  it('case 25: a hidden passkey is badged, says who hid it, when and why, and Restore shows it again; Delete stays the person’s', async () => {
    const at = T0 + 3 * DAY;
    const gone = passkey('h1', 'example.com', 'hidden-alice', { hidden: { reason: 'unknown-credential', origin: 'https://sub.example.com', at } });
    const dropped = passkey('h2', 'github.com', 'hidden-octo', { hidden: { reason: 'not-accepted', origin: 'https://github.com', at } });
    const { vault, api } = fakeVault({ state: 'unlocked', passkeys: [...SAMPLE, gone, dropped] });
    render(<App t={t} api={api} undoMs={10} />);
    await waitFor(() => expect(rows()).toHaveLength(7));
    const row = (name: string) => rows().find((r) => r.querySelector('.passkey-account')?.textContent === name)!;
    // Only the hidden ones carry the badge and the class.
    expect(rows().filter((r) => within(r).queryByTestId('hidden-badge')).map((r) => r.querySelector('.passkey-account')?.textContent).sort()).toEqual([
      'hidden-alice',
      'hidden-octo',
    ]);
    expect(row('hidden-alice').classList.contains('passkey-hidden')).toBe(true);
    expect(within(row('hidden-alice')).getByTestId('hidden-badge').textContent).toBe(strings.hiddenBadge);
    expect(row('alice@example.com').classList.contains('passkey-hidden')).toBe(false);

    // A shown passkey's details have no restore.
    fireEvent.click(within(row('alice@example.com')).getByTestId('passkey-open'));
    expect(within(screen.getByTestId('details')).queryByTestId('restore')).toBeNull();
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });

    const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    fireEvent.click(within(row('hidden-octo')).getByTestId('passkey-open'));
    expect(screen.getByTestId('hidden-reason').textContent).toBe(
      `Hidden on ${dateTime.format(at)} because https://github.com said the site no longer accepts this passkey.`,
    );
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });

    fireEvent.click(within(row('hidden-alice')).getByTestId('passkey-open'));
    const details = screen.getByTestId('details');
    expect(within(details).getByTestId('hidden-reason').textContent).toBe(
      `Hidden on ${dateTime.format(at)} because https://sub.example.com said the site no longer knows this passkey.`,
    );
    expect(within(details).getByTestId('delete')).toBeTruthy();
    fireEvent.click(within(details).getByTestId('restore'));
    await waitFor(() => expect(within(screen.getByTestId('details')).queryByTestId('hidden-note')).toBeNull());
    expect(vault.requests).toContainEqual({ type: 'vault:restore', id: 'h1', rpId: 'example.com' });
    expect(vault.passkeys.find((p) => p.id === 'h1')?.hidden).toBeUndefined();
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(within(row('hidden-alice')).queryByTestId('hidden-badge')).toBeNull();
    expect(within(row('hidden-octo')).getByTestId('hidden-badge')).toBeTruthy();
    // Nothing was deleted: only the person's Delete does that.
    expect(vault.requests.some((r) => r.type === 'vault:delete' || r.type === 'vault:delete-later')).toBe(false);
  });

  it('a restore that fails says why and keeps the passkey hidden', async () => {
    const gone = passkey('h1', 'example.com', 'hidden-alice', { hidden: { reason: 'unknown-credential', origin: 'https://example.com', at: T0 } });
    const { api } = fakeVault({ state: 'unlocked', passkeys: [gone] });
    const failing: PopupApi = {
      send: ((request: { type: string }) =>
        request.type === 'vault:restore' ? Promise.reject(new Error('disk full')) : api.send(request as never)) as Send,
    };
    render(<App t={t} api={failing} undoMs={10} />);
    await waitFor(() => expect(rows()).toHaveLength(1));
    fireEvent.click(within(rows()[0]!).getByTestId('passkey-open'));
    fireEvent.click(screen.getByTestId('restore'));
    await waitFor(() => expect(screen.getByTestId('details').textContent).toContain('disk full'));
    expect(screen.getByTestId('hidden-reason')).toBeTruthy();
  });

  it('moves between passkeys with the arrow keys, from the search field down', async () => {
    const { api } = fakeVault({ state: 'unlocked', passkeys: SAMPLE });
    render(<App t={t} api={api} />);
    const search = await screen.findByTestId('search');
    await waitFor(() => expect(document.activeElement).toBe(search));
    const focusedAccount = () => document.activeElement?.closest('[data-testid="passkey"]')?.querySelector('.passkey-account')?.textContent;
    fireEvent.keyDown(search, { key: 'ArrowDown' });
    expect(focusedAccount()).toBe('alice@example.com');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(focusedAccount()).toBe('bob@example.com');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(focusedAccount()).toBe('alice-gh');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(focusedAccount()).toBe('bob@example.com');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(search);
  });

  it('locks from the header and returns to the PIN field', async () => {
    const { vault, api } = fakeVault({ state: 'unlocked', passkeys: SAMPLE });
    render(<App t={t} api={api} />);
    await waitFor(() => expect(rows()).toHaveLength(5));

    const lock = screen.getByTestId('lock');
    expect(lock.getAttribute('aria-label')).toBe(strings.lockButton);
    fireEvent.click(lock);
    expect(await screen.findByTestId('pin')).toBeTruthy();
    expect(rows()).toHaveLength(0);
    expect(screen.queryByTestId('lock')).toBeNull();
    expect(vault.unlocked).toBe(false);
    expect(vault.requests).toContainEqual({ type: 'vault:lock' });
  });

  it('renders 10,000 passkeys as a window of rows, and moves the window when scrolled', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      passkey(`id${i}`, `site${String(i % 500).padStart(3, '0')}.example`, `user${String(i).padStart(5, '0')}`),
    );
    const { api } = fakeVault({ state: 'unlocked', passkeys: many });
    render(<App t={t} api={api} />);
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    await waitFor(() => expect(document.querySelector('[aria-busy="true"]')).toBeNull());

    expect(rows().length).toBeLessThan(60);
    expect(document.querySelectorAll('li').length).toBeLessThan(80);
    expect(screen.getByText(strings.count(10_000, 10_000))).toBeTruthy();
    expect(rowTexts()[0]).toContain('site000.example');

    // The list region is as tall as every row, so the scroll bar tells the truth.
    const region = screen.getByRole('region', { name: strings.listLabel });
    const spacer = region.firstElementChild as HTMLElement;
    expect(spacer.style.height).toBe(`${500 * 32 + 10_000 * 72}px`);

    // Scroll to the middle: the rows there are rendered, the first ones no longer are.
    region.scrollTop = 370_000;
    fireEvent.scroll(region);
    await waitFor(() => expect(rowTexts()[0]).not.toContain('user00000'));
    const middle = rows().map((row) => row.textContent ?? '');
    expect(middle.length).toBeLessThan(60);
    expect(middle.some((t) => t.includes('site251.example'))).toBe(true);
    const firstLi = rows()[0]!.closest('li')!;
    expect(Number(firstLi.getAttribute('aria-posinset'))).toBeGreaterThan(5_000);
    expect(firstLi.getAttribute('aria-setsize')).toBe(String(10_500));

    // A search narrows it and starts again from the top.
    type(screen.getByTestId('search'), 'user09999');
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rowTexts()[0]).toContain('user09999');
  });
});

describe('popup: the first rows before the whole list', () => {
  const many = Array.from({ length: 2_000 }, (_, i) =>
    passkey(`id${i}`, `site${String(i % 100).padStart(3, '0')}.example`, `user${String(i).padStart(5, '0')}`),
  );

  /** The fake background, with the whole list held back until `release()`. */
  function holdingWholeList(options: FakeVaultOptions) {
    const fake = fakeVault(options);
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const send = (async (request: Parameters<Send>[0]) => {
      if (request.type === 'vault:list') await released;
      return fake.api.send(request);
    }) as Send;
    return { ...fake, api: { send } satisfies PopupApi, release };
  }

  it('draws the first page in display order, current site first, and says the list is still loading', async () => {
    const { vault, api, release } = holdingWholeList({ state: 'unlocked', passkeys: many });
    render(<App t={t} api={api} currentHost="login.site042.example" />);
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    expect(vault.requests).toContainEqual({ type: 'vault:list-first', count: 40, currentHost: 'login.site042.example' });
    // The background's first page: site042's passkeys first, then the other sites in order.
    const expected = sortPasskeys(many, 'login.site042.example').slice(0, 40);
    expect(accounts()).toEqual(expected.slice(0, rows().length).map((p) => p.userName));
    expect(rowTexts()[0]).toContain('site042.example');
    // The count is the whole vault's, and the region says more is coming.
    expect(screen.getByText(strings.count(2_000, 2_000))).toBeTruthy();
    expect(document.querySelector('.list-area')!.getAttribute('aria-busy')).toBe('true');
    // A search typed now shows no "no matches" for what is simply not here yet.
    type(screen.getByTestId('search'), 'user01999');
    expect(screen.queryByTestId('no-matches')).toBeNull();

    release();
    await waitFor(() => expect(document.querySelector('.list-area')!.getAttribute('aria-busy')).toBeNull());
    await waitFor(() => expect(accounts()).toEqual(['user01999']));
    expect(vault.requests.filter((r) => r.type === 'vault:list')).toHaveLength(1);
  });

  it('an empty first page shows the loading shapes, never "no passkeys", until the whole list is here', async () => {
    const fake = fakeVault({ state: 'unlocked', passkeys: many });
    let releaseFirst: () => void = () => undefined;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    let wholeAsked: () => void = () => undefined;
    const whole = new Promise<void>((resolve) => (wholeAsked = resolve));
    const send = (async (request: Parameters<Send>[0]) => {
      if (request.type === 'vault:list-first') {
        await firstHeld;
        return { passkeys: [], total: 0 };
      }
      if (request.type === 'vault:list') wholeAsked();
      return fake.api.send(request);
    }) as Send;
    render(<App t={t} api={{ send }} />);
    // Nothing drawn from an empty first page: still loading, not "no passkeys".
    await waitFor(() => expect(screen.getByTestId('loading')).toBeTruthy());
    releaseFirst();
    await whole;
    await waitFor(() => expect(document.querySelector('.list-area')?.getAttribute('aria-busy')).toBeNull());
    expect(screen.queryByTestId('empty')).toBeNull();
    expect(screen.getByText(strings.count(2_000, 2_000))).toBeTruthy();
  });

  it('asks for the settings only once the first rows are drawn, so that they do not compete with them', async () => {
    const fake = fakeVault({ state: 'unlocked', passkeys: many });
    fake.vault.settings.developerMode = true;
    let releaseFirst: () => void = () => undefined;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    const sent: string[] = [];
    const send = (async (request: Parameters<Send>[0]) => {
      sent.push(request.type);
      if (request.type === 'vault:list-first') await firstHeld;
      return fake.api.send(request);
    }) as Send;
    render(<App t={t} api={{ send }} />);
    await waitFor(() => expect(sent).toContain('vault:list-first'));
    // Frames pass while the first rows are held back: still no settings request.
    await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
    expect(sent).not.toContain('settings:get');
    releaseFirst();
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    await waitFor(() => expect(sent).toContain('settings:get'));
    expect(sent.indexOf('settings:get')).toBeGreaterThan(sent.indexOf('vault:list-first'));
    // Developer mode still shows once the settings are in.
    await waitFor(() => expect(screen.getByTestId('developer-badge')).toBeTruthy());
  });

  it('a failed first page costs nothing: the whole list is drawn', async () => {
    const fake = fakeVault({ state: 'unlocked', passkeys: many.slice(0, 3) });
    const send = (async (request: Parameters<Send>[0]) => {
      if (request.type === 'vault:list-first') throw new Error('first page failed');
      return fake.api.send(request);
    }) as Send;
    render(<App t={t} api={{ send }} />);
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('popup: accessibility', () => {
  // Guards against a vacuous check: axe does find problems under happy-dom.
  it('axe-core runs under happy-dom and catches a nameless icon button', async () => {
    const { container } = render(
      <button type="button">
        <svg aria-hidden="true" />
      </button>,
    );
    const results = await axe.run(container, { resultTypes: ['violations'] });
    expect(results.violations.map((v) => v.id)).toContain('button-name');
  });

  it('has no serious or critical axe violations in the unlocked list, nor in the delete dialog', async () => {
    const { api } = fakeVault({ state: 'unlocked', passkeys: SAMPLE });
    const { container } = render(<App t={t} api={api} currentHost="github.com" />);
    await waitFor(() => expect(rows()).toHaveLength(5));

    const serious = async () => {
      const results = await axe.run(container, { resultTypes: ['violations'] });
      return results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    };
    expect(await serious()).toEqual([]);

    fireEvent.click(screen.getAllByTestId('delete')[0]!);
    expect(await serious()).toEqual([]);
  });

  it('has no serious or critical axe violations in the details view, nor with the undo toast shown', async () => {
    const { api } = fakeVault({ state: 'unlocked', passkeys: SAMPLE });
    const { container } = render(<App t={t} api={api} undoMs={60_000} />);
    await waitFor(() => expect(rows()).toHaveLength(5));
    fireEvent.click(screen.getAllByTestId('passkey-open')[0]!);
    await screen.findByTestId('details');
    const results = await axe.run(container, { resultTypes: ['violations'] });
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    fireEvent.click(within(screen.getByTestId('details')).getByTestId('delete'));
    fireEvent.click(screen.getByTestId('confirm-delete'));
    await screen.findByTestId('undo');
    const withToast = await axe.run(container, { resultTypes: ['violations'] });
    expect(withToast.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  });

  it('has no serious or critical axe violations on the PIN screens', async () => {
    for (const options of [{ pin: null }, {}] satisfies FakeVaultOptions[]) {
      const { api } = fakeVault(options);
      const { container, unmount } = render(<App t={t} api={api} />);
      await screen.findByRole('button', { name: /Set PIN|Unlock/ });
      const results = await axe.run(container, { resultTypes: ['violations'] });
      expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
      unmount();
    }
  });
});

describe('popup: list helpers', () => {
  it('visibleRange covers the viewport plus overscan, and nothing for an empty list', () => {
    const offsets = [0, 10, 20, 30, 40, 50]; // five items of 10px
    expect(visibleRange(offsets, 0, 20, 0)).toEqual({ start: 0, end: 2 });
    expect(visibleRange(offsets, 5, 20, 0)).toEqual({ start: 0, end: 3 });
    expect(visibleRange(offsets, 10, 20, 1)).toEqual({ start: 0, end: 4 });
    expect(visibleRange(offsets, 40, 100, 2)).toEqual({ start: 2, end: 5 });
    expect(visibleRange([0], 0, 100, 3)).toEqual({ start: 0, end: 0 });
  });

  it('sortPasskeys puts the current site (and its subdomains’ RP ID) first without mutating', () => {
    const input = SAMPLE.slice();
    const sorted = sortPasskeys(input, 'example.com');
    expect(sorted.map((p) => p.id)).toEqual(['a1', 'a2', 'g2', 'g1', 'z1']);
    expect(input).toEqual(SAMPLE);
    // zeta.example is not a suffix of notzeta.example
    expect(sortPasskeys(SAMPLE, 'notzeta.example')[0]!.rpId).toBe('example.com');
  });

  it('filterPasskeys keeps order and needs every word to match somewhere', () => {
    expect(filterPasskeys(SAMPLE, '  ').length).toBe(5);
    expect(filterPasskeys(SAMPLE, 'alice example').map((p) => p.id)).toEqual(['a1']);
    expect(filterPasskeys(SAMPLE, 'ALICE').map((p) => p.id)).toEqual(['a1', 'g2']);
  });
});
