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
  /** pageActionable: an element with `data-armed` must also say "true" (SECURITY.md case 26). */
  armed?: boolean;
  /** pageActionable: a field must also be editable (not read-only). */
  editable?: boolean;
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
  if (arg.armed && el.hasAttribute('data-armed') && el.getAttribute('data-armed') !== 'true') return null;
  if (arg.editable && (el as HTMLInputElement).readOnly) return null;
  return el;
}

/** Whether the nth element carries `data-armed` (a control that ignores early input). */
export function pageHasArming(arg: PredicateArg): boolean {
  return !!document.querySelectorAll(arg.css)[arg.nth]?.hasAttribute('data-armed');
}

/**
 * Before a click on an armed control: records, at the next pointer down that reaches the nth
 * element, what its `data-armed` said then. The capturing listener on window runs after the
 * page's own (registered earlier), which do not change the attribute for the same press.
 */
export function pageArmPressProbe(arg: PredicateArg): void {
  const w = window as unknown as { __harnessArmedAtPress?: string | null };
  w.__harnessArmedAtPress = null;
  const el = document.querySelectorAll(arg.css)[arg.nth];
  addEventListener(
    'pointerdown',
    (e) => {
      if (el && e.target instanceof Node && el.contains(e.target)) w.__harnessArmedAtPress = el.getAttribute('data-armed');
    },
    { capture: true, once: true },
  );
}

/** What pageArmPressProbe recorded: the element's `data-armed` at the press, or null (no press reached it). */
export function pageReadPressProbe(): string | null {
  return (window as unknown as { __harnessArmedAtPress?: string | null }).__harnessArmedAtPress ?? null;
}

export function pageTexts(css: string): string[] {
  return Array.from(document.querySelectorAll(css), (e) => (e as HTMLElement).innerText ?? e.textContent ?? '');
}

export function pageCount(css: string): number {
  return document.querySelectorAll(css).length;
}
