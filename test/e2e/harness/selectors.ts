import type { Target } from './types';

/** `testid=approve` → `[data-testid="approve"]`; anything else is returned as a CSS selector. */
export function toCss(target: Target): string {
  const m = /^testid=(.+)$/.exec(target.trim());
  if (!m) return target;
  return `[data-testid="${m[1]!.replace(/["\\]/g, '\\$&')}"]`;
}

/** Serialisable form of a string-or-RegExp text matcher. */
export interface TextMatcher {
  source: string;
  flags: string;
  isRegExp: boolean;
}

export function toMatcher(text: string | RegExp): TextMatcher {
  return typeof text === 'string'
    ? { source: text, flags: '', isRegExp: false }
    : { source: text.source, flags: text.flags, isRegExp: true };
}

/** Arguments of the in-page predicates below (one object, as playwright's evaluate takes one argument). */
export interface PredicateArg {
  css: string;
  nth: number;
  state?: 'visible' | 'attached' | 'hidden' | 'detached';
  matcher?: TextMatcher;
}

/*
 * In-page predicates. They run in the browser, so they must be self-contained (no closures, no
 * imports) — both playwright and puppeteer serialise them with Function.prototype.toString.
 */

export function pageElementState(arg: PredicateArg): boolean {
  const el = document.querySelectorAll(arg.css)[arg.nth] as HTMLElement | undefined;
  const visible = (e: HTMLElement): boolean => {
    const style = getComputedStyle(e);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  switch (arg.state ?? 'visible') {
    case 'attached':
      return !!el;
    case 'detached':
      return !el;
    case 'hidden':
      return !el || !visible(el);
    default:
      return !!el && visible(el);
  }
}

export function pageTextMatches(arg: PredicateArg): boolean {
  const el = document.querySelectorAll(arg.css)[arg.nth] as HTMLElement | undefined;
  if (!el || !arg.matcher) return false;
  const text = el.innerText ?? el.textContent ?? '';
  const m = arg.matcher;
  return m.isRegExp ? new RegExp(m.source, m.flags).test(text) : text.includes(m.source);
}

/** The nth element if it is visible and enabled (ready for a click or typing), else null. */
export function pageActionable(arg: PredicateArg): Element | null {
  const el = document.querySelectorAll(arg.css)[arg.nth] as HTMLElement | undefined;
  if (!el) return null;
  const style = getComputedStyle(el);
  if (style.visibility === 'hidden' || style.display === 'none') return null;
  const r = el.getBoundingClientRect();
  if (r.width <= 0 || r.height <= 0) return null;
  if ((el as HTMLButtonElement).disabled || el.closest('fieldset:disabled')) return null;
  if (el.getAttribute('aria-disabled') === 'true') return null;
  return el;
}

export function pageTexts(css: string): string[] {
  return Array.from(document.querySelectorAll(css), (e) => (e as HTMLElement).innerText ?? e.textContent ?? '');
}

export function pageCount(css: string): number {
  return document.querySelectorAll(css).length;
}
