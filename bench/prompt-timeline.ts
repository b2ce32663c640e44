/**
 * The Chromium prompt's steps, for scripts/bench-ceremony-compare.mjs, taken from outside any
 * build (nothing of it ships, no build needs instrumenting):
 *  - in the prompt (an init script, before its own scripts): the document's Navigation, Resource,
 *    Paint and Long Animation Frame timings, when its script first messages the background and
 *    has the reply, its first render into #root, and the first animation frames; written, once
 *    approve has been painted, to the extension origin's localStorage under the key the
 *    comparison reads (`passkeep-prompt-trace`, ms since the prompt's navigation start);
 *  - in the service worker (evaluated over CDP before each ceremony): when `windows.create` is
 *    called and resolves, and when the ceremony's port delivers the request, into the
 *    `globalThis.__passkeepTrace` the comparison reads.
 */

/** Source text for `context.addInitScript`: only the consent page records anything. */
export const PROMPT_TIMELINE_MARKS = `(() => {
  if (location.protocol !== 'chrome-extension:' || !location.pathname.endsWith('/consent.html')) return;
  const t = {};
  const at = (k) => { if (!(k in t)) t[k] = performance.now(); };
  const rt = globalThis.chrome && chrome.runtime;
  if (rt && typeof rt.sendMessage === 'function') {
    const original = rt.sendMessage.bind(rt);
    rt.sendMessage = (...args) => {
      at('script:first-message');
      const p = original(...args);
      if (p && typeof p.then === 'function') p.then(() => at('script:first-reply'), () => undefined);
      return p;
    };
  }
  document.addEventListener('readystatechange', () => at('doc:' + document.readyState));
  document.addEventListener('DOMContentLoaded', () => at('doc:DOMContentLoaded'));
  let frames = 0;
  const frame = () => { at('raf:' + ++frames); if (frames < 3) requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
  const loafs = [];
  try {
    new PerformanceObserver((list) => loafs.push(...list.getEntries())).observe({ type: 'long-animation-frame', buffered: true });
  } catch {}
  let done = false;
  const collect = () => {
    const nav = performance.getEntriesByType('navigation')[0];
    if (nav) for (const k of ['fetchStart', 'responseEnd', 'domInteractive', 'domContentLoadedEventStart', 'domComplete', 'loadEventEnd']) t['nav:' + k] = nav[k];
    for (const r of performance.getEntriesByType('resource')) {
      const name = r.name.split('/').pop().split('?')[0];
      t['res:' + name + ':start'] = r.startTime;
      t['res:' + name + ':end'] = r.responseEnd;
    }
    for (const p of performance.getEntriesByType('paint')) t['paint:' + p.name] = p.startTime;
    for (const m of performance.getEntriesByType('mark')) t['mark:' + m.name] = m.startTime;
    loafs.slice(0, 3).forEach((f, i) => {
      t['loaf' + i + ':start'] = f.startTime;
      t['loaf' + i + ':render'] = f.renderStart;
      t['loaf' + i + ':style-layout'] = f.styleAndLayoutStart;
      t['loaf' + i + ':end'] = f.startTime + f.duration;
      for (const s of f.scripts) {
        const name = (s.sourceURL || s.invoker || '?').split('/').pop();
        t['loaf' + i + ':script ' + name + ':start'] = s.startTime;
        t['loaf' + i + ':script ' + name + ':exec'] = s.executionStart;
        t['loaf' + i + ':script ' + name + ':end'] = s.startTime + s.duration;
      }
    });
    localStorage.setItem('passkeep-prompt-trace', JSON.stringify(t));
  };
  addEventListener('pagehide', () => collect());
  const watched = new WeakSet();
  const check = () => {
    for (const el of document.querySelectorAll('link[rel=stylesheet], script[src]')) {
      if (watched.has(el)) continue;
      watched.add(el);
      const name = (el.getAttribute('href') || el.getAttribute('src')).split('/').pop();
      at('parsed:' + name);
      el.addEventListener('load', () => at('loaded:' + name));
    }
    if (!('dom:first-render' in t)) {
      const root = document.getElementById('root');
      if (root && root.firstChild) at('dom:first-render');
    }
    if (done) return;
    const b = document.querySelector('[data-testid="approve"]');
    if (b && !b.disabled) {
      done = true;
      at('dom:approve');
      requestAnimationFrame(() => setTimeout(() => { at('approve-painted'); collect(); }, 0));
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
})();`;

/**
 * Source text evaluated in the extension's service worker before each ceremony: wraps
 * `chrome.windows.create` and listens on ceremony ports once per worker (a restarted worker
 * gets it again).
 */
export const WORKER_TIMELINE_MARKS = `(() => {
  if (globalThis.__benchTimeline) return;
  globalThis.__benchTimeline = true;
  const now = () => performance.timeOrigin + performance.now();
  const mark = (k) => { const tr = (globalThis.__passkeepTrace ??= {}); if (!(k in tr)) tr[k] = now(); };
  const w = chrome.windows;
  const create = w.create;
  w.create = function (...args) {
    mark('bg:windows.create called');
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last];
      args[last] = (...r) => { mark('bg:windows.create resolved'); return callback(...r); };
    }
    const p = create.apply(this, args);
    if (p && typeof p.then === 'function') p.then(() => mark('bg:windows.create resolved'), () => undefined);
    return p;
  };
  chrome.runtime.onConnect.addListener((port) => {
    if (port.name === 'ceremony') port.onMessage.addListener(() => mark('bg:request'));
  });
})()`;
