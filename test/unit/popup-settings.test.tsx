// @vitest-environment happy-dom
/**
 * The popup's settings, PIN change, export/import, reset and about, against a fake background
 * that answers the requests typed in src/core/protocol.ts (SettingsRequest / SettingsReplies).
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import axe from 'axe-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import messages from '../../_locales/en/messages.json';
import type { PopupApi, Send } from '../../popup/api/api-context';
import { App } from '../../popup/toolbar/app';
import { loadOnDemandViews } from '../../popup/toolbar/on-demand-views';
import { detectImportFormat } from '../../popup/toolbar/settings/detect-import-format';
import { makeStrings } from '../../popup/i18n/strings';
import { translatorFrom, type Messages } from '../../popup/i18n/translate';
import { RESET_CONFIRMATION } from '../../src/core/protocol';
import { MAX_IMPORT_CHARS } from '../../src/vault/import-limits';
import { fakeVault, SAMPLE } from './popup-fake-vault';

// The views the popup loads on demand are in, as they are in the extension once it is idle
// (popup/toolbar/on-demand-views.ts); a click before that is tested in lazy-view.test.tsx.
await loadOnDemandViews();

afterEach(() => {
  cleanup();
  localStorage.clear();
});

const t = translatorFrom(messages as Messages);
const strings = makeStrings(t);
const type = (element: HTMLElement, value: string) => fireEvent.input(element, { target: { value } });

async function openSettings(options: Parameters<typeof fakeVault>[0] = {}, currentHost: string | null = null) {
  const fake = fakeVault({ state: 'unlocked', passkeys: SAMPLE, ...options });
  const result = render(<App t={t} api={fake.api} currentHost={currentHost} />);
  await screen.findByTestId('search');
  fireEvent.click(screen.getByTestId('settings'));
  const view = screen.getByTestId('settings-view');
  return { ...fake, ...result, view };
}

async function serious(container: Element): Promise<string[]> {
  const results = await axe.run(container, { resultTypes: ['violations'] });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

function chooseFile(input: HTMLElement, name: string, text: string) {
  Object.defineProperty(input, 'files', { value: [new File([text], name, { type: 'application/json' })], configurable: true });
  fireEvent.change(input);
}

describe('popup settings: auto-lock and sites', () => {
  it('opens from the header with the focus on its heading, and Back returns the focus to the button', async () => {
    const { view } = await openSettings();
    expect(document.activeElement?.textContent).toBe(strings.settingsTitle);
    expect(screen.getByTestId('search').closest('[inert]')).not.toBeNull();
    fireEvent.click(within(view).getByTestId('back'));
    expect(screen.queryByTestId('settings-view')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('settings'));
  });

  it('offers 1, 5, 15, 30, 60 minutes and never, and stores the choice', async () => {
    const { vault } = await openSettings();
    const select = (await screen.findByTestId('auto-lock')) as HTMLSelectElement;
    expect([...select.options].map((o) => [o.value, o.textContent])).toEqual([
      ['1', '1 minute'],
      ['5', '5 minutes'],
      ['15', '15 minutes'],
      ['30', '30 minutes'],
      ['60', '60 minutes'],
      ['0', strings.autoLockNever],
    ]);
    expect(select.value).toBe('15');
    fireEvent.change(select, { target: { value: '0' } });
    await waitFor(() => expect(vault.settings.autoLockMinutes).toBe(0));
    expect(vault.requests).toContainEqual({ type: 'settings:set', settings: { autoLockMinutes: 0 } });
    expect(within(screen.getByTestId('auto-lock-section')).getByRole('status').textContent).toBe(strings.saved);
  });

  it('adds the current site to the sites Passkeep stays out of, and removes it again', async () => {
    const { vault } = await openSettings({}, 'www.github.com');
    expect((await screen.findByTestId('sites-empty')).textContent).toBe(strings.sitesEmpty);
    fireEvent.click(screen.getByTestId('add-site'));
    await waitFor(() => expect(vault.settings.disabledSites).toEqual(['www.github.com']));
    expect((await screen.findByTestId('disabled-site')).textContent).toContain('www.github.com');
    expect(screen.queryByTestId('add-site')).toBeNull();
    const remove = screen.getByTestId('remove-site');
    expect(remove.getAttribute('aria-label')).toBe(strings.removeSite('www.github.com'));
    fireEvent.click(remove);
    await waitFor(() => expect(vault.settings.disabledSites).toEqual([]));
    expect(await screen.findByTestId('add-site')).toBeTruthy();
  });

  it('without a current site there is nothing to add; a setting the background refuses says so', async () => {
    const fake = fakeVault({ state: 'unlocked', passkeys: SAMPLE });
    const refusing: PopupApi = {
      send: ((request: { type: string }) =>
        request.type.startsWith('settings:')
          ? Promise.reject(Object.assign(new Error('Unknown request.'), { name: 'NotSupportedError' }))
          : fake.api.send(request as never)) as Send,
    };
    render(<App t={t} api={refusing} />);
    await screen.findByTestId('search');
    fireEvent.click(screen.getByTestId('settings'));
    expect((await screen.findByRole('alert')).textContent).toBe(strings.unexpectedError('Unknown request.'));
    expect(screen.queryByTestId('auto-lock')).toBeNull();
    expect(screen.queryByTestId('add-site')).toBeNull();
    // The rest of the settings do not depend on it.
    expect(screen.getByTestId('change-pin')).toBeTruthy();
    expect(await within(screen.getByTestId('about')).findByText('0.1.0')).toBeTruthy();
  });
});

describe('popup settings: change PIN', () => {
  it('checks the new PIN like the first run, refuses a wrong current PIN, then changes it', async () => {
    const { vault } = await openSettings();
    const submit = () => fireEvent.click(screen.getByTestId('change-pin'));
    const section = screen.getByTestId('change-pin-section');

    submit();
    expect(within(section).getByRole('alert').textContent).toBe(strings.pinRequired);
    type(screen.getByTestId('old-pin'), '0000');
    type(screen.getByTestId('new-pin'), '12');
    type(screen.getByTestId('confirm-new-pin'), '12');
    submit();
    expect(within(section).getByRole('alert').textContent).toBe(strings.pinTooShort);
    type(screen.getByTestId('new-pin'), 'a longer passphrase');
    submit();
    expect(within(section).getByRole('alert').textContent).toBe(strings.pinMismatch);
    type(screen.getByTestId('confirm-new-pin'), 'a longer passphrase');
    submit();
    await waitFor(() => expect(within(section).getByRole('alert').textContent).toBe(strings.wrongPin));
    expect(vault.pin).toBe('1234');

    type(screen.getByTestId('old-pin'), '1234');
    submit();
    await waitFor(() => expect(within(section).getAllByRole('status')[0]!.textContent).toBe(strings.pinChanged));
    expect(vault.pin).toBe('a longer passphrase');
    expect(vault.requests).toContainEqual({ type: 'vault:change-pin', oldPin: '1234', newPin: 'a longer passphrase' });
    expect((screen.getByTestId('old-pin') as HTMLInputElement).value).toBe('');
  });
});

describe('popup settings: export', () => {
  it('an encrypted backup needs a passphrase typed twice and the PIN, and is offered as a download', async () => {
    const { vault } = await openSettings();
    const section = screen.getByTestId('export-section');
    expect((screen.getByTestId('export-format-passkeep-backup') as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByTestId('export'));
    expect(within(section).getByRole('alert').textContent).toBe(strings.passphraseRequired);
    type(screen.getByTestId('export-passphrase'), 'correct horse battery staple');
    type(screen.getByTestId('export-passphrase-confirm'), 'correct horse');
    fireEvent.click(screen.getByTestId('export'));
    expect(within(section).getByRole('alert').textContent).toBe(strings.passphraseMismatch);
    type(screen.getByTestId('export-passphrase-confirm'), 'correct horse battery staple');
    type(screen.getByTestId('export-pin'), '9999');
    fireEvent.click(screen.getByTestId('export'));
    await waitFor(() => expect(within(section).getByRole('alert').textContent).toBe(strings.wrongPin));
    expect(screen.queryByTestId('download')).toBeNull();

    type(screen.getByTestId('export-pin'), '1234');
    const blobs: Blob[] = [];
    const createObjectURL = URL.createObjectURL.bind(URL);
    const spy = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => (blobs.push(blob as Blob), createObjectURL(blob)));
    fireEvent.click(screen.getByTestId('export'));
    const link = (await screen.findByTestId('download')) as HTMLAnchorElement;
    spy.mockRestore();
    expect(link.getAttribute('download')).toBe('passkeep-backup.json');
    expect(link.href).toMatch(/^blob:/);
    expect(link.textContent).toBe(strings.downloadLink('passkeep-backup.json'));
    expect(blobs).toHaveLength(1);
    expect(await blobs[0]!.text()).toBe('{"format":"passkeep-backup"}');
    expect(blobs[0]!.type).toBe('application/json');
    expect(vault.exported).toEqual([{ format: 'passkeep-backup', pin: '1234', passphrase: 'correct horse battery staple' }]);
  });

  it('CXF warns that the file is unencrypted and asks no passphrase', async () => {
    const { vault } = await openSettings();
    expect(screen.queryByTestId('cxf-warning')).toBeNull();
    fireEvent.click(screen.getByTestId('export-format-cxf'));
    expect(screen.getByTestId('cxf-warning').textContent).toBe(strings.cxfWarning);
    expect(screen.queryByTestId('export-passphrase')).toBeNull();
    type(screen.getByTestId('export-pin'), '1234');
    fireEvent.click(screen.getByTestId('export'));
    expect(((await screen.findByTestId('download')) as HTMLAnchorElement).download).toBe('passkeep.cxf.json');
    expect(vault.exported).toEqual([{ format: 'cxf', pin: '1234' }]);
  });
});

describe('popup settings: import', () => {
  it('detects the format from the file, sends it, shows the report, and the list then has the new passkey', async () => {
    const { vault } = await openSettings();
    fireEvent.click(screen.getByTestId('import'));
    expect(within(screen.getByTestId('import-section')).getByRole('alert').textContent).toBe(strings.importNoFile);

    const cxf = JSON.stringify({ version: { major: 1, minor: 0 }, exporterRpId: 'other.example', exporterDisplayName: 'Other', timestamp: 0, accounts: [] });
    chooseFile(screen.getByTestId('import-file'), 'export.json', cxf);
    await waitFor(() =>
      expect((screen.getByTestId('import-format') as HTMLSelectElement).options[0]!.textContent).toBe(
        `${strings.importFormatAuto}: ${strings.formatCxf}`,
      ),
    );
    expect(screen.queryByTestId('import-passphrase')).toBeNull();
    fireEvent.click(screen.getByTestId('import'));
    await waitFor(() => expect(screen.getByTestId('import-report').textContent).toContain(strings.importReport(2, 1, 1)));
    expect(screen.getByTestId('import-report').textContent).toContain(
      strings.importSkippedItem('old.example', 'RS256 is not supported'),
    );
    expect(vault.imports).toEqual([{ format: 'cxf', data: cxf }]);

    fireEvent.click(within(screen.getByTestId('settings-view')).getByTestId('back'));
    await waitFor(() => expect(screen.getAllByTestId('passkey').some((row) => row.textContent?.includes('newcomer'))).toBe(true));
  });

  it('asks for the passphrase of a Passkeep backup, and for the format when it cannot tell', async () => {
    const { vault } = await openSettings();
    chooseFile(screen.getByTestId('import-file'), 'backup.json', '{"format":"passkeep-backup","data":"…"}');
    const passphrase = await screen.findByTestId('import-passphrase');
    fireEvent.click(screen.getByTestId('import'));
    expect(within(screen.getByTestId('import-section')).getByRole('alert').textContent).toBe(strings.passphraseRequired);
    type(passphrase, 'the backup passphrase');
    fireEvent.click(screen.getByTestId('import'));
    await waitFor(() => expect(vault.imports).toHaveLength(1));
    expect(vault.imports[0]).toMatchObject({ format: 'passkeep-backup', passphrase: 'the backup passphrase' });

    chooseFile(screen.getByTestId('import-file'), 'mystery.json', '{"what":"is this"}');
    await waitFor(() => expect(screen.queryByTestId('import-passphrase')).toBeNull());
    fireEvent.click(screen.getByTestId('import'));
    expect(within(screen.getByTestId('import-section')).getByRole('alert').textContent).toBe(strings.importUnknownFormat);
    fireEvent.change(screen.getByTestId('import-format'), { target: { value: 'keepassxc-passkey' } });
    fireEvent.click(screen.getByTestId('import'));
    await waitFor(() => expect(vault.imports).toHaveLength(2));
    expect(vault.imports[1]).toEqual({ format: 'keepassxc-passkey', data: '{"what":"is this"}' });
  });

  it('case 28: a file over the size limit is refused before it is read; a file the background refuses is reported as not imported', async () => {
    const { vault, api } = await openSettings();
    const huge = new File(['{}'], 'huge.json', { type: 'application/json' });
    Object.defineProperty(huge, 'size', { value: MAX_IMPORT_CHARS + 1 });
    const text = vi.spyOn(huge, 'text');
    const input = screen.getByTestId('import-file');
    Object.defineProperty(input, 'files', { value: [huge], configurable: true });
    fireEvent.change(input);
    await waitFor(() => expect(within(screen.getByTestId('import-section')).getByRole('alert').textContent).toBe(strings.importFileTooLarge(32)));
    expect(text).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('import'));
    expect(within(screen.getByTestId('import-section')).getByRole('alert').textContent).toBe(strings.importNoFile);

    const refusing = vi.spyOn(api, 'send').mockImplementation(((request: { type: string }) =>
      request.type === 'vault:import' ? Promise.reject(new Error('largeBlob inflates to more than 4096 bytes')) : Promise.resolve()) as Send);
    chooseFile(input, 'bomb.json', JSON.stringify({ exporterRpId: 'x', accounts: [] }));
    await waitFor(() => expect((screen.getByTestId('import-format') as HTMLSelectElement).options[0]!.textContent).toContain(strings.formatCxf));
    fireEvent.click(screen.getByTestId('import'));
    await waitFor(() =>
      expect(within(screen.getByTestId('import-section')).getByRole('alert').textContent).toBe(
        'This file was not imported: largeBlob inflates to more than 4096 bytes. Nothing in your vault changed.',
      ),
    );
    expect(screen.getByTestId('import-report').textContent).toBe('');
    expect(refusing).toHaveBeenCalledTimes(1);
    expect(vault.imports).toEqual([]);
  });

  it('detectImportFormat tells the four formats apart by shape and gives up on anything else', () => {
    expect(detectImportFormat('{"format":"passkeep-backup"}')).toBe('passkeep-backup');
    expect(detectImportFormat('{"exporterRpId":"x","accounts":[]}')).toBe('cxf');
    expect(detectImportFormat('{"encrypted":false,"items":[]}')).toBe('bitwarden-json');
    expect(detectImportFormat('{"relyingParty":"a","privateKey":"b","credentialId":"c"}')).toBe('keepassxc-passkey');
    expect(detectImportFormat('[]')).toBeNull();
    expect(detectImportFormat('not json')).toBeNull();
    expect(detectImportFormat('{"accounts":[]}')).toBeNull();
  });
});

describe('popup settings: reset and about', () => {
  it('forgot PIN: explains that every passkey goes, needs the phrase typed exactly, then starts the first run', async () => {
    const { vault, api } = fakeVault({ passkeys: SAMPLE });
    render(<App t={t} api={api} />);
    fireEvent.click(await screen.findByTestId('forgot-pin'));
    const view = screen.getByTestId('reset-view');
    expect(view.textContent).toContain(strings.resetIntro);
    expect(view.textContent).toContain(strings.resetTypeLabel(RESET_CONFIRMATION));
    expect(strings.resetIntro).toContain('deletes every passkey');

    type(screen.getByTestId('reset-confirm'), RESET_CONFIRMATION.toLowerCase());
    fireEvent.click(screen.getByTestId('reset'));
    expect(within(view).getByRole('alert').textContent).toBe(strings.resetMismatch);
    expect(vault.requests.some((r) => r.type === 'vault:reset')).toBe(false);

    // Back is the way out without deleting anything.
    fireEvent.click(within(view).getByTestId('back'));
    fireEvent.click(await screen.findByTestId('forgot-pin'));
    type(screen.getByTestId('reset-confirm'), RESET_CONFIRMATION);
    fireEvent.click(screen.getByTestId('reset'));
    expect(await screen.findByTestId('pin-new')).toBeTruthy();
    expect(vault.requests).toContainEqual({ type: 'vault:reset', confirm: RESET_CONFIRMATION });
    expect(vault.passkeys).toEqual([]);
  });

  it('the reset is also in the settings', async () => {
    const { vault } = await openSettings();
    type(screen.getByTestId('reset-confirm'), RESET_CONFIRMATION);
    fireEvent.click(screen.getByTestId('reset'));
    expect(await screen.findByTestId('pin-new')).toBeTruthy();
    expect(vault.pin).toBeNull();
  });

  it('about shows the version, AAGUID, where data lives and the KDF', async () => {
    const { vault } = await openSettings();
    const about = screen.getByTestId('about');
    await within(about).findByText(vault.about.version);
    const fields = Object.fromEntries(
      [...about.querySelectorAll('.details-row')].map((row) => [row.querySelector('dt')?.textContent, row.querySelector('dd')?.textContent]),
    );
    expect(fields).toEqual({
      [strings.aboutVersion]: '0.1.0',
      [strings.aboutAaguid]: '65678ece-e948-4e5b-b6ac-293a1fbd5976',
      [strings.aboutStorage]: vault.about.storage,
      [strings.aboutKdf]: vault.about.kdf,
    });
  });
});

describe('popup settings: accessibility', () => {
  it('has no serious or critical axe violations in the settings, with the CXF warning and a download shown', async () => {
    const { container } = await openSettings({}, 'github.com');
    await screen.findByTestId('auto-lock');
    await within(screen.getByTestId('about')).findByText('0.1.0');
    fireEvent.click(screen.getByTestId('export-format-cxf'));
    type(screen.getByTestId('export-pin'), '1234');
    fireEvent.click(screen.getByTestId('export'));
    await screen.findByTestId('download');
    expect(await serious(container)).toEqual([]);
  });

  it('has no serious or critical axe violations in the reset view', async () => {
    const { api } = fakeVault({ passkeys: SAMPLE });
    const { container } = render(<App t={t} api={api} />);
    fireEvent.click(await screen.findByTestId('forgot-pin'));
    expect(await serious(container)).toEqual([]);
  });
});
