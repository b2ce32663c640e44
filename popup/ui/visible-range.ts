/**
 * The slice `[start, end)` of items to render for a scroll position: those that intersect the
 * viewport, plus `overscan` items either side. `offsets` holds each item's top edge and, last,
 * the total height (so `offsets.length` is the item count plus one), ascending.
 */
export function visibleRange(
  offsets: ArrayLike<number>,
  scrollTop: number,
  viewportHeight: number,
  overscan: number,
): { start: number; end: number } {
  const count = offsets.length - 1;
  if (count <= 0) return { start: 0, end: 0 };
  // The item under the viewport's top edge: the last one that starts at or above it.
  const first = firstAbove(offsets, scrollTop) - 1;
  // The first item that starts at or below the viewport's bottom edge is not visible.
  const end = firstAbove(offsets, scrollTop + viewportHeight - 1e-6);
  return {
    start: clamp(first - overscan, 0, count),
    end: clamp(end + overscan, 0, count),
  };
}

/** The first index whose value is > `value` (`offsets.length` when none is). */
function firstAbove(offsets: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((offsets[mid] as number) <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}
