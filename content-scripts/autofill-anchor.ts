/**
 * Isolated world: anchors Passkeep's autofill list (popup/autofill/, an extension page) to the
 * page's `autocomplete="… webauthn"` field while a conditional get() waits
 * (../src/background/autofill.ts).
 *
 * The list is a frame of the extension's origin inside a closed shadow root: the page can see
 * neither its URL nor its content (the site's account names), and cannot script it. What the
 * page can do is hide, move or cover the host element; the list itself checks that it is
 * visible and unobscured before a click counts (IntersectionObserver v2), so that gains nothing.
 *
 * Keyboard, as a browser's own autofill dropdown (../src/core/autofill-list-keys.ts): Down in the
 * field (the person's own key press) focuses the list's frame, where the list takes it on to a
 * row; Escape in the field closes the list; the list hands the focus back to the field by a
 * message from its window, the only window whose messages count here.
 */
import { autofillPlacement } from '../src/core/autofill-placement.js';
import { isAutofillFrameMessage } from '../src/core/autofill-protocol.js';
import { hasWebauthnToken } from '../src/core/webauthn-field.js';

interface Shown {
  url: string;
  rows: number;
  field: Element | null;
  host: HTMLElement | null;
  frame: HTMLIFrameElement | null;
  stop: () => void;
}

// Only one list per document: one conditional request per document (the background replaces an older one).
let shown: Shown | null = null;

function isWebauthnField(target: EventTarget | null): target is HTMLInputElement | HTMLTextAreaElement {
  return (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) && hasWebauthnToken(target.getAttribute('autocomplete'));
}

function place(s: Shown): void {
  if (!s.field || !s.frame) return;
  const r = s.field.getBoundingClientRect();
  const at = autofillPlacement(r, { width: document.documentElement.clientWidth, height: document.documentElement.clientHeight }, s.rows);
  const style = s.frame.style;
  style.left = `${at.left}px`;
  style.top = `${at.top}px`;
  style.width = `${at.width}px`;
  style.height = `${at.height}px`;
}

function open(s: Shown, field: Element): void {
  s.field = field;
  if (!s.host) {
    const host = document.createElement('div');
    // The host takes no room and no input; the frame inside it is fixed to the viewport.
    host.style.cssText = 'all:initial;position:fixed;left:0;top:0;width:0;height:0;z-index:2147483647';
    const root = host.attachShadow({ mode: 'closed' });
    const frame = document.createElement('iframe');
    frame.src = s.url;
    frame.setAttribute('title', 'Passkeep');
    frame.style.cssText = 'position:fixed;border:0;margin:0;padding:0;background:transparent;color-scheme:normal;display:block;visibility:visible;opacity:1';
    root.append(frame);
    s.host = host;
    s.frame = frame;
  }
  place(s);
  s.host.style.display = 'block';
  if (!s.host.isConnected) document.documentElement.append(s.host);
}

/** Hidden, not removed: a frame put back into the document would load again, as another frame. */
function close(s: Shown): void {
  if (s.host) s.host.style.display = 'none';
  s.field = null;
}

/** Shows the list at the webauthn field the person is in (now or once they focus one); returns its removal. */
export function showAutofillList(url: string, rows: number): () => void {
  shown?.stop();
  const s: Shown = { url, rows, field: null, host: null, frame: null, stop: () => undefined };
  const onFocus = (e: Event) => {
    if (isWebauthnField(e.target)) open(s, e.target);
    else if (e.target !== s.host) close(s);
  };
  // A press anywhere in the page outside the field closes it (a press inside the list is the
  // list's own document, and never reaches this one).
  const onPointer = (e: Event) => {
    if (isWebauthnField(e.target)) open(s, e.target);
    else if (s.field && e.target !== s.host) close(s);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && s.field) close(s);
    // A script's synthetic key press does not move the person's focus into the list.
    if (e.key === 'ArrowDown' && e.isTrusted && !e.altKey && isWebauthnField(e.target)) {
      open(s, e.target);
      e.preventDefault();
      // A task later: Firefox (153 ESR) ignores focusing the list's frame from inside the key
      // event's own dispatch, and takes it once that is over.
      setTimeout(() => s.frame?.focus(), 0);
    }
  };
  const onLeave = (e: MessageEvent) => {
    const field = s.field;
    if (!field || !s.frame || e.source !== s.frame.contentWindow || !isAutofillFrameMessage(e.data)) return;
    // Focusing the field shows the list (onFocus): Escape closes it after.
    (field as HTMLElement).focus();
    if (e.data.passkeepAutofill === 'escape') close(s);
  };
  let frameRequested = false;
  const onMove = () => {
    if (frameRequested || !s.field) return;
    frameRequested = true;
    requestAnimationFrame(() => {
      frameRequested = false;
      place(s);
    });
  };
  document.addEventListener('focusin', onFocus, true);
  document.addEventListener('pointerdown', onPointer, true);
  document.addEventListener('keydown', onKey, true);
  window.addEventListener('message', onLeave);
  window.addEventListener('scroll', onMove, true);
  window.addEventListener('resize', onMove);
  s.stop = () => {
    document.removeEventListener('focusin', onFocus, true);
    document.removeEventListener('pointerdown', onPointer, true);
    document.removeEventListener('keydown', onKey, true);
    window.removeEventListener('message', onLeave);
    window.removeEventListener('scroll', onMove, true);
    window.removeEventListener('resize', onMove);
    s.host?.remove();
    s.field = null;
    s.host = null;
    s.frame = null;
    if (shown === s) shown = null;
  };
  shown = s;
  if (isWebauthnField(document.activeElement)) open(s, document.activeElement);
  return s.stop;
}
