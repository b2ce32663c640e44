/**
 * Every language in _locales/ is complete and interchangeable with the default one: the same
 * keys, no message empty, and the same placeholders (the `$name$`s a message uses and the
 * `placeholders` block that maps them to `$1`…`$9`). A translation that drops or renames a
 * placeholder would silently lose the site or account name it stands for; a missing key shows
 * the bare key name (popup/i18n/browser-translate.ts). Generic over every folder, so a new
 * language is checked the moment it is added.
 * https://developer.chrome.com/docs/extensions/reference/api/i18n
 * https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/Internationalization
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Messages } from '../../popup/i18n/translate';

const root = resolve(__dirname, '../..');
const localesDir = join(root, '_locales');
const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as Record<string, unknown>;
const defaultLocale = manifest.default_locale as string;

const locales = readdirSync(localesDir).filter((name) => statSync(join(localesDir, name)).isDirectory());

function read(locale: string): Messages {
  return JSON.parse(readFileSync(join(localesDir, locale, 'messages.json'), 'utf8')) as Messages;
}

/** Placeholder names are case-insensitive in both browsers' i18n. */
function usedPlaceholders(message: string): string[] {
  return [...new Set([...message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1]!.toLowerCase()))].sort();
}

function declaredPlaceholders(entry: Messages[string]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(entry.placeholders ?? {})
      .map(([name, { content }]) => [name.toLowerCase(), content] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

const reference = read(defaultLocale);

describe('_locales: every language is complete', () => {
  it('has the default locale the manifest names, and German and French besides', () => {
    expect(locales).toContain(defaultLocale);
    expect(locales).toEqual(expect.arrayContaining(['en', 'de', 'fr']));
  });

  it('takes the manifest name and description from the messages', () => {
    for (const field of ['name', 'description']) {
      const value = manifest[field] as string;
      const key = /^__MSG_([A-Za-z0-9_@]+)__$/.exec(value)?.[1];
      expect(key, `manifest ${field}`).toBeDefined();
      expect(reference[key!], `manifest ${field}`).toBeDefined();
    }
  });

  describe.each(locales)('%s', (locale) => {
    const messages = existsSync(join(localesDir, locale, 'messages.json')) ? read(locale) : {};

    it('has every key of the default locale and no other', () => {
      expect(Object.keys(messages).sort()).toEqual(Object.keys(reference).sort());
    });

    it('leaves no message empty', () => {
      for (const [key, entry] of Object.entries(messages)) expect(entry.message.trim(), key).not.toBe('');
    });

    it('uses the same $placeholders$ as the default locale, defined the same way', () => {
      for (const [key, english] of Object.entries(reference)) {
        const entry = messages[key];
        if (entry === undefined) continue; // reported by the key test above
        expect(usedPlaceholders(entry.message), key).toEqual(usedPlaceholders(english.message));
        expect(declaredPlaceholders(entry), key).toEqual(declaredPlaceholders(english));
      }
    });

    it('keeps the numbered substitutions ($1…$9) of the default locale', () => {
      // A literal `$1` typed into a message would also be substituted: it must match English.
      const numbered = (text: string) => [...text.matchAll(/\$[1-9]/g)].map((m) => m[0]).sort();
      for (const [key, english] of Object.entries(reference)) {
        const entry = messages[key];
        if (entry === undefined) continue;
        expect(numbered(entry.message), key).toEqual(numbered(english.message));
      }
    });
  });
});
