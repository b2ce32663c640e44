/**
 * One live bridge per frame, and silence from a dead one.
 *
 * The bridge reaches a document twice in some cases: from the manifest, and from the
 * background's `scripting.executeScript` into the tabs that were open when the extension
 * started (../src/background/reach-open-tabs.ts). Both run in the extension's one isolated
 * world of the frame, so a mark on that world's global tells the second copy that the first
 * serves the frame already, as long as the first one's extension is still there.
 *
 * After an update or a reload, Chromium leaves the old copy running in a world whose extension
 * context is gone (`runtime.id` reads `undefined`, `runtime.connect` throws); Firefox destroys
 * the old copy's world instead. An orphaned copy must not answer the page (it would answer
 * first, and wrongly, for the new one): it stays silent and lets the new bridge serve.
 */
type Runtime = typeof chrome.runtime;

const MARK = 'passkeepBridgeAlive';

/** Whether this bridge's extension is still there to answer. */
export function aliveCheck(runtime: Runtime): () => boolean {
  return () => {
    try {
      return typeof runtime.id === 'string';
    } catch {
      return false; // Firefox: a dead object
    }
  };
}

/**
 * Claims the frame for this copy of the bridge: false when a live copy serves it already.
 * The mark lives in the isolated world, where the page cannot read or set it.
 */
export function claimFrame(alive: () => boolean): boolean {
  const world = globalThis as { [MARK]?: () => boolean };
  const previous = world[MARK];
  try {
    if (previous?.()) return false;
  } catch {
    // a previous copy whose world is gone answers nothing
  }
  world[MARK] = alive;
  return true;
}
