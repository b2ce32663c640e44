/**
 * The Firefox half of ./frame-policy.ts: the embedding document's bridge reads the requesting
 * frame's `<iframe allow>` (content-scripts/bridge.ts, src/core/allow-attribute.ts).
 */
import browser from 'webextension-polyfill';

/**
 * Firefox: asks the bridge of the frame that embeds `childFrameId` whether its `<iframe allow>`
 * delegates `publickey-credentials-<op>` to `childOrigin`. Null when nobody answers.
 */
export async function askEmbedder(tabId: number, parentFrameId: number, childFrameId: number, op: 'create' | 'get', childOrigin: string): Promise<boolean | null> {
  if (parentFrameId < 0) return null;
  try {
    const answer: unknown = await browser.tabs.sendMessage(
      tabId,
      { type: 'passkeep:embedder-allows', childFrameId, feature: `publickey-credentials-${op}`, childOrigin },
      { frameId: parentFrameId },
    );
    return typeof answer === 'boolean' ? answer : null;
  } catch {
    return null;
  }
}
