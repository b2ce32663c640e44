/**
 * The popup's text goes through the browser's i18n (`_locales/<lang>/messages.json`,
 * `i18n.getMessage`). `Translate` is what components get; `translatorFrom` implements
 * getMessage's substitution rules over a messages.json object, so component tests run against
 * the real file and a missing key fails them.
 * https://developer.chrome.com/docs/extensions/reference/api/i18n#method-getMessage
 * https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/Internationalization#placeholders
 */
export type MessageKey = keyof typeof import('../../_locales/en/messages.json');

export type Translate = (key: MessageKey, substitutions?: readonly string[]) => string;

export interface MessageEntry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}

export type Messages = Record<string, MessageEntry>;

/** getMessage over a messages.json object; throws on a key the file does not have. */
export function translatorFrom(messages: Messages): Translate {
  return (key, substitutions = []) => {
    const entry = messages[key];
    if (entry === undefined) throw new RangeError(`messages.json has no message "${key}"`);
    const placeholders = new Map(
      Object.entries(entry.placeholders ?? {}).map(([name, { content }]) => [name.toLowerCase(), content]),
    );
    // `$name$` → the placeholder's content; `$1`…`$9` in it → the substitutions; `$$` → `$`.
    const withPlaceholders = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => {
      const content = placeholders.get(name.toLowerCase());
      return content === undefined ? whole : content;
    });
    return withPlaceholders.replace(/\$(\$|[1-9])/g, (_whole, what: string) =>
      what === '$' ? '$' : (substitutions[Number(what) - 1] ?? ''),
    );
  };
}
