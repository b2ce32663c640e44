// @vitest-environment happy-dom
/**
 * SECURITY.md case 30 (last clause): no browser offers to save the PIN as a password. Every PIN
 * and passphrase field of the popup (first run, unlock, change PIN, export, import) is a masked
 * text field with autocomplete off, never `type="password"` (popup/ui/secret-field.ts says why:
 * Firefox's login manager offers to save any password field on an extension page). The consent
 * prompt is an entry script that renders itself, so its fields are checked in the source here
 * and in the real browsers by test/e2e/pin-not-saved.test.ts.
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import messages from '../../_locales/en/messages.json';
import { App } from '../../popup/toolbar/app';
import { loadOnDemandViews } from '../../popup/toolbar/on-demand-views';
import { SECRET_FIELD } from '../../popup/ui/secret-field';
import { translatorFrom, type Messages } from '../../popup/i18n/translate';
import { fakeVault, SAMPLE } from './popup-fake-vault';

// The views the popup loads on demand are in, as they are in the extension once it is idle
// (popup/toolbar/on-demand-views.ts); a click before that is tested in lazy-view.test.tsx.
await loadOnDemandViews();

afterEach(() => {
  cleanup();
  localStorage.clear();
});

const t = translatorFrom(messages as Messages);

/** What a browser's password manager and form history look at, for one field. */
function saveRelevant(testid: string) {
  const field = screen.getByTestId(testid) as HTMLInputElement;
  return {
    testid,
    type: field.type,
    autocomplete: field.getAttribute('autocomplete'),
    autocapitalize: field.getAttribute('autocapitalize'),
    masked: field.getAttribute('data-secret'),
  };
}
// (spellcheck is a property happy-dom lacks; the real browsers' test checks it.)
const secret = (testid: string) => ({ testid, type: 'text', autocomplete: 'off', autocapitalize: 'off', masked: 'true' });
const noPasswordFields = () => expect(document.querySelectorAll('input[type="password"]').length).toBe(0);

describe('case 30: no browser offers to save the PIN', () => {
  it('case 30: no browser offers to save the PIN: first run and unlock', async () => {
    const first = fakeVault({ pin: null });
    render(<App t={t} api={first.api} />);
    await screen.findByTestId('pin-new');
    expect(['pin-new', 'pin-confirm'].map(saveRelevant)).toEqual(['pin-new', 'pin-confirm'].map(secret));
    noPasswordFields();
    cleanup();

    const locked = fakeVault({ state: 'locked' });
    render(<App t={t} api={locked.api} />);
    await screen.findByTestId('pin');
    expect(saveRelevant('pin')).toEqual(secret('pin'));
    noPasswordFields();
  });

  it('case 30: no browser offers to save the PIN: change PIN, export and import passphrases', async () => {
    const { api } = fakeVault({ state: 'unlocked', passkeys: SAMPLE });
    render(<App t={t} api={api} />);
    await screen.findByTestId('search');
    fireEvent.click(screen.getByTestId('settings'));
    await screen.findByTestId('old-pin');
    const settingsFields = ['old-pin', 'new-pin', 'confirm-new-pin', 'export-passphrase', 'export-passphrase-confirm', 'export-pin'];
    expect(settingsFields.map(saveRelevant)).toEqual(settingsFields.map(secret));

    const file = screen.getByTestId('import-file');
    Object.defineProperty(file, 'files', { value: [new File(['{"format":"passkeep-backup","data":"…"}'], 'backup.json')], configurable: true });
    fireEvent.change(file);
    await screen.findByTestId('import-passphrase');
    expect(saveRelevant('import-passphrase')).toEqual(secret('import-passphrase'));
    noPasswordFields();
  });

  it('case 30: the masked fields cannot be copied or cut out, as a password field cannot', async () => {
    const { api } = fakeVault({ state: 'locked' });
    render(<App t={t} api={api} />);
    const pin = await screen.findByTestId('pin');
    expect(fireEvent.copy(pin)).toBe(false); // default prevented
    expect(fireEvent.cut(pin)).toBe(false);
  });

  it('case 30: the reset confirmation word is a plain text field (not a secret), still kept out of form history', async () => {
    const { api } = fakeVault({ state: 'locked' });
    render(<App t={t} api={api} />);
    fireEvent.click(await screen.findByTestId('forgot-pin'));
    const field = screen.getByTestId('reset-confirm') as HTMLInputElement;
    expect([field.type, field.getAttribute('autocomplete'), field.hasAttribute('data-secret')]).toEqual(['text', 'off', false]);
  });

  it('case 30: no page of the extension (popup, prompt) makes a password-type field or asks for password autocompletion', () => {
    expect(SECRET_FIELD).toMatchObject({ type: 'text', autocomplete: 'off' });
    const dir = join(__dirname, '../../popup');
    const offenders: string[] = [];
    for (const name of readdirSync(dir, { recursive: true }) as string[]) {
      if (!/\.(tsx?|html)$/.test(name)) continue;
      const text = readFileSync(join(dir, name), 'utf8');
      if (/type=["'{]*password|['"](?:current|new)-password['"]/.test(text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''))) offenders.push(name);
    }
    // password-field.tsx names the `type` prop's values ('password' | 'text'), not an input type.
    expect(offenders.filter((f) => !/password-field\.tsx$/.test(f))).toEqual([]);
    const prompt = readFileSync(join(dir, 'consent/consent.tsx'), 'utf8');
    for (const testid of ['pin-new', 'pin-confirm', 'pin']) expect(prompt).toMatch(new RegExp(`\\{\\.\\.\\.SECRET_FIELD\\} data-testid="${testid}"`));
  });
});
