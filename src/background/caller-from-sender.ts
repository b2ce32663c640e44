/**
 * The caller of a ceremony, decided from the browser's `sender` alone (SECURITY.md: the
 * origin, tab and frame never come from the message body).
 */
import browser, { type Runtime } from 'webextension-polyfill';
import type { Caller } from '../core/caller.js';
import { CeremonyError } from '../core/errors.js';
import { parseCallerOrigin } from '../core/rp-id.js';

function originOf(url: string | undefined): string {
  try {
    return url ? new URL(url).origin : 'null';
  } catch {
    return 'null';
  }
}

/** `ancestorFrameIds`: parent first, up to the top frame (0) unless the browser lost track of one. */
export type SenderCaller = Caller & { tabId: number; frameId: number; ancestorFrameIds: number[] };

export async function callerFromSender(sender: Runtime.MessageSender): Promise<SenderCaller> {
  const tabId = sender.tab?.id;
  const frameId = sender.frameId;
  if (tabId === undefined || frameId === undefined) throw new CeremonyError('NotAllowedError', 'Not a web page.');
  const reported = (sender as { origin?: string }).origin ?? originOf(sender.url);
  // Opaque origins (sandboxed frames, data: URLs) may not use WebAuthn.
  if (reported === 'null') throw new CeremonyError('NotAllowedError', 'The calling document has an opaque origin.');
  const { origin, host } = parseCallerOrigin(reported);
  if (frameId === 0) return { origin, host, sameOriginWithAncestors: true, topOrigin: origin, tabId, frameId, ancestorFrameIds: [] };

  // A child frame: walk its ancestors as the browser reports them.
  const frames = (await browser.webNavigation.getAllFrames({ tabId })) ?? [];
  const byId = new Map(frames.map((f) => [f.frameId, f]));
  let sameOriginWithAncestors = true;
  let current = byId.get(frameId);
  let topOrigin = origin;
  const ancestorFrameIds: number[] = [];
  while (current && current.parentFrameId >= 0) {
    ancestorFrameIds.push(current.parentFrameId);
    const parent = byId.get(current.parentFrameId);
    if (!parent) {
      sameOriginWithAncestors = false;
      break;
    }
    const parentOrigin = originOf(parent.url);
    if (parentOrigin !== origin) sameOriginWithAncestors = false;
    topOrigin = parentOrigin;
    current = parent;
  }
  if (!current) sameOriginWithAncestors = false;
  return { origin, host, sameOriginWithAncestors, topOrigin, tabId, frameId, ancestorFrameIds };
}
