/**
 * The popup's text through the browser's i18n: _locales/en/messages.json is well formed for
 * `i18n.getMessage`, and the test translator follows getMessage's substitution rules.
 * https://developer.chrome.com/docs/extensions/reference/api/i18n
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import messages from '../../_locales/en/messages.json';
import { makeStrings } from '../../popup/i18n/strings';
import { translatorFrom, type Messages } from '../../popup/i18n/translate';

const getMessage = vi.fn();
vi.stubGlobal('browser', { i18n: { getMessage } });

const all = messages as Messages;

describe('i18n: messages.json (chrome.i18n message format)', () => {
  it('names every key and placeholder with [A-Za-z0-9_@] only, and describes every message', () => {
    for (const [key, entry] of Object.entries(all)) {
      expect(key).toMatch(/^[A-Za-z0-9_@]+$/);
      expect(entry.message, key).not.toBe('');
      expect(entry.description, key).toBeTruthy();
      for (const name of Object.keys(entry.placeholders ?? {})) expect(name).toMatch(/^[A-Za-z0-9_@]+$/);
    }
  });

  it('declares every $placeholder$ a message uses, and uses every one it declares', () => {
    for (const [key, entry] of Object.entries(all)) {
      const used = new Set([...entry.message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1]!.toLowerCase()));
      const declared = new Set(Object.keys(entry.placeholders ?? {}).map((n) => n.toLowerCase()));
      expect([...used].sort(), key).toEqual([...declared].sort());
    }
  });

  it('has a message for every key the popup source asks for', () => {
    const dir = join(__dirname, '../../popup');
    const asked = new Set<string>();
    // Recursive: every page folder and the shared ones (popup/ui, popup/i18n…) ask for strings.
    for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f))) {
      const text = readFileSync(join(dir, file), 'utf8');
      for (const m of text.matchAll(/\bt\('([A-Za-z0-9_@]+)'/g)) asked.add(m[1]!);
    }
    expect(asked.size).toBeGreaterThan(50);
    for (const key of asked) expect(Object.keys(all), key).toContain(key);
  });
});

describe('i18n: translatorFrom follows getMessage', () => {
  const t = translatorFrom({
    plain: { message: 'Hello' },
    named: { message: 'Delete $User$ on $site$ ($$5)', placeholders: { user: { content: '$1' }, SITE: { content: '$2' } } },
    fixed: { message: 'Made by $who$', placeholders: { who: { content: 'Passkeep' } } },
  });
  const unsafe = t as (key: string, substitutions?: string[]) => string;

  it('substitutes placeholders case-insensitively, $1…$9 from the arguments, and $$ as $', () => {
    expect(unsafe('plain')).toBe('Hello');
    expect(unsafe('named', ['alice', 'example.com'])).toBe('Delete alice on example.com ($5)');
    expect(unsafe('fixed')).toBe('Made by Passkeep');
    expect(unsafe('named', ['a'])).toBe('Delete a on  ($5)');
  });

  it('does not re-expand a substitution that looks like a placeholder', () => {
    expect(unsafe('named', ['$2', '$site$'])).toBe('Delete $2 on $site$ ($5)');
  });

  it('throws on a key the file lacks', () => {
    expect(() => unsafe('noSuchKey')).toThrow(new RangeError('messages.json has no message "noSuchKey"'));
  });

  it('builds every popup string from the real file', () => {
    const strings = makeStrings(translatorFrom(all));
    expect(strings.deleteButton('alice', 'example.com')).toBe('Delete passkey for alice on example.com');
    expect(strings.count(3, 12)).toBe('3 of 12 passkeys');
    expect(strings.count(1, 1)).toBe('1 passkey');
    expect(strings.waitBeforeRetry(90)).toBe('Too many attempts. Wait 1 minute 30 seconds before trying again.');
    expect(strings.waitBeforeRetry(1)).toBe('Too many attempts. Wait 1 second before trying again.');
    expect(strings.waitBeforeRetry(120)).toBe('Too many attempts. Wait 2 minutes before trying again.');
    expect(strings.noMatches('git')).toBe('No passkeys match “git”.');
  });
});

describe('i18n: browserTranslate', () => {
  it('asks the browser, and shows the key when the locale has no such message', async () => {
    const { browserTranslate } = await import('../../popup/i18n/browser-translate');
    getMessage.mockImplementation((key: string, subs?: string[]) => (key === 'undo' ? 'Undo' : key === 'created' ? `Created ${subs?.[0]}` : ''));
    expect(browserTranslate('undo')).toBe('Undo');
    expect(browserTranslate('created', ['today'])).toBe('Created today');
    expect(getMessage).toHaveBeenLastCalledWith('created', ['today']);
    expect(browserTranslate('back')).toBe('back');
  });
});
