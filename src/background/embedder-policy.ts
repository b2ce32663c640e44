/**
 * The Firefox half of ./frame-policy.ts: the requesting frame's permissions policy decided from
 * the frame tree. Every ancestor's bridge says what its `<iframe allow>` delegates to the frame
 * below it and what its own origin is (content-scripts/bridge.ts, src/core/allow-attribute.ts);
 * ./header-policies.ts adds each document's `Permissions-Policy` header; the combination is the
 * spec's (src/core/frame-tree-policy.ts).
 */
import browser from 'webextension-polyfill';
import type { EmbedderAnswer, EmbedderQuery } from '../../content-scripts/bridge.js';
import { policyAllows, type PolicyDocument } from '../core/frame-tree-policy.js';
import { declaredAllowlist } from '../core/permissions-policy-header.js';
import { headerPolicies } from './header-policies.js';

/** The frame that made the request and its ancestors' frame ids, parent first, as the browser reports them. */
export interface FrameChain {
  tabId: number;
  frameId: number;
  origin: string;
  /** parent first, ending with the top frame (0); anything else means the chain is broken */
  ancestorFrameIds: readonly number[];
}

async function askEmbedder(tabId: number, embedderFrameId: number, query: EmbedderQuery): Promise<EmbedderAnswer> {
  try {
    const answer = (await browser.tabs.sendMessage(tabId, query, { frameId: embedderFrameId })) as EmbedderAnswer | undefined;
    if (!answer || typeof answer.origin !== 'string' || (answer.allows !== null && typeof answer.allows !== 'boolean')) return null;
    return answer;
  } catch {
    return null; // no bridge there (a page it does not run on), or the frame is gone
  }
}

/**
 * Whether the frame tree allows `publickey-credentials-<op>` in the requesting document. False
 * when any ancestor cannot be asked: what cannot be checked is not allowed.
 */
export async function frameTreeAllows(chain: FrameChain, op: 'create' | 'get'): Promise<boolean> {
  const feature = `publickey-credentials-${op}`;
  const frameIds = [chain.frameId, ...chain.ancestorFrameIds];
  if (frameIds[frameIds.length - 1] !== 0) return false;
  const headers = await headerPolicies(chain.tabId, frameIds);
  const documents: PolicyDocument[] = [];
  let origin = chain.origin;
  // One ancestor after the other: each answer names the origin the next one is asked about.
  for (let i = 0; i < frameIds.length; i++) {
    const header = headers[i];
    const doc: PolicyDocument = { origin, declared: header ? declaredAllowlist(header, feature) : null, container: null };
    documents.push(doc);
    if (i === frameIds.length - 1) break;
    const answer = await askEmbedder(chain.tabId, frameIds[i + 1]!, { type: 'passkeep:embedder-allows', childFrameId: frameIds[i]!, feature, childOrigin: origin });
    if (!answer) return false;
    doc.container = answer.allows;
    origin = answer.origin;
  }
  return policyAllows(documents);
}
