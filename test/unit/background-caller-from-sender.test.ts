/**
 * callerFromSender: who is asking, from the browser's `sender` and frame tree alone
 * (SECURITY.md: origin, tab and frame never come from the page's message).
 * https://w3c.github.io/webauthn/#sctn-createCredential step 2 (sameOriginWithAncestors) and
 * https://w3c.github.io/webauthn/#dom-collectedclientdata-toporigin
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { callerFromSender } from '../../src/background/caller-from-sender';
import { pageSender, resetFakeBrowser, setFrames } from './support/fake-extension';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./support/fake-extension')).fakeBrowser }));

const RP = 'https://example.org';
const TOP = 'https://news.example';

beforeEach(() => resetFakeBrowser());

describe('callerFromSender', () => {
  it('takes the origin from sender.origin, not from sender.url', async () => {
    const caller = await callerFromSender(pageSender({ tabId: 1, frameId: 0, origin: RP, url: 'https://attacker.example/page' }));
    expect(caller).toEqual({ origin: RP, host: 'example.org', sameOriginWithAncestors: true, topOrigin: RP, tabId: 1, frameId: 0, ancestorFrameIds: [] });
  });

  it('falls back to the URL’s origin where the browser reports no sender.origin (Firefox)', async () => {
    const caller = await callerFromSender(pageSender({ tabId: 1, frameId: 0, url: 'https://login.example.org:8443/a?b#c' }));
    expect(caller).toMatchObject({ origin: 'https://login.example.org:8443', host: 'login.example.org' });
  });

  it('refuses opaque origins (sandboxed frames, data: and unparsable URLs)', async () => {
    for (const fields of [{ origin: 'null', url: `${RP}/` }, { url: 'data:text/html,hi' }, { url: 'not a url' }, {}]) {
      await expect(callerFromSender(pageSender({ tabId: 1, frameId: 0, ...fields }))).rejects.toMatchObject({ name: 'NotAllowedError' });
    }
  });

  it('refuses a sender that is not a frame of a tab', async () => {
    await expect(callerFromSender(pageSender({ frameId: 0, origin: RP }))).rejects.toMatchObject({ name: 'NotAllowedError' });
    await expect(callerFromSender(pageSender({ tabId: 1, origin: RP }))).rejects.toMatchObject({ name: 'NotAllowedError' });
  });

  it('refuses an origin that is not a secure context (https, or http on localhost)', async () => {
    await expect(callerFromSender(pageSender({ tabId: 1, frameId: 0, origin: 'http://example.org' }))).rejects.toMatchObject({ name: 'NotAllowedError' });
    await expect(callerFromSender(pageSender({ tabId: 1, frameId: 0, origin: 'http://localhost:8080' }))).resolves.toMatchObject({ host: 'localhost' });
  });

  it('a same-origin child frame is same-origin with its ancestors', async () => {
    setFrames(1, [
      { frameId: 0, parentFrameId: -1, url: `${RP}/` },
      { frameId: 2, parentFrameId: 0, url: `${RP}/a` },
      { frameId: 5, parentFrameId: 2, url: `${RP}/b` },
    ]);
    const caller = await callerFromSender(pageSender({ tabId: 1, frameId: 5, origin: RP, url: `${RP}/b` }));
    expect(caller).toEqual({ origin: RP, host: 'example.org', sameOriginWithAncestors: true, topOrigin: RP, tabId: 1, frameId: 5, ancestorFrameIds: [2, 0] });
  });

  it('a frame under another origin is cross-origin, with the top-level document’s origin', async () => {
    setFrames(1, [
      { frameId: 0, parentFrameId: -1, url: `${TOP}/article` },
      { frameId: 3, parentFrameId: 0, url: `${RP}/widget` },
    ]);
    const caller = await callerFromSender(pageSender({ tabId: 1, frameId: 3, origin: RP, url: `${RP}/widget` }));
    expect(caller).toMatchObject({ sameOriginWithAncestors: false, topOrigin: TOP, ancestorFrameIds: [0] });
  });

  it('any ancestor of another origin counts, even when the top is the frame’s own origin', async () => {
    setFrames(1, [
      { frameId: 0, parentFrameId: -1, url: `${RP}/` },
      { frameId: 1, parentFrameId: 0, url: `${TOP}/ad` },
      { frameId: 2, parentFrameId: 1, url: `${RP}/inner` },
    ]);
    const caller = await callerFromSender(pageSender({ tabId: 1, frameId: 2, origin: RP, url: `${RP}/inner` }));
    expect(caller).toMatchObject({ sameOriginWithAncestors: false, topOrigin: RP, ancestorFrameIds: [1, 0] });
  });

  it('a frame whose ancestry the browser cannot show is treated as cross-origin', async () => {
    setFrames(1, [{ frameId: 7, parentFrameId: 3, url: `${RP}/orphan` }]);
    expect(await callerFromSender(pageSender({ tabId: 1, frameId: 7, origin: RP }))).toMatchObject({ sameOriginWithAncestors: false });
    // No frame tree at all (the tab is gone).
    expect(await callerFromSender(pageSender({ tabId: 2, frameId: 7, origin: RP }))).toMatchObject({ sameOriginWithAncestors: false });
  });
});
