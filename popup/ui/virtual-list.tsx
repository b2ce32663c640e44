import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { visibleRange } from './visible-range';

export interface VirtualListProps<T> {
  items: readonly T[];
  /** Each item's fixed height in CSS pixels; the list sets it on the item, so CSS cannot drift. */
  itemHeight: (item: T) => number;
  itemKey: (item: T) => string;
  renderItem: (item: T) => ComponentChildren;
  /** The accessible name of the scrolling region. */
  label: string;
  /** Items rendered beyond each edge of the viewport, so fast scrolling shows no gap. */
  overscan?: number;
  /** Used until the viewport has been measured (and where there is no layout, as in tests). */
  fallbackViewportHeight?: number;
  /** When this changes (a new search), the list scrolls back to its top. */
  resetKey?: unknown;
  /**
   * An item to render even if it is out of view (the one about to take the focus: focusing it
   * scrolls it into view). Only items next to the rendered window are reached this way.
   */
  include?: number | undefined;
}

/**
 * A scrolling list that renders only the items in view: a spacer as tall as the whole list keeps
 * the scroll bar honest, and the rendered slice sits at its offset inside it. Each item is a
 * list item that tells assistive technology its position in the whole list.
 */
export function VirtualList<T>({
  items,
  itemHeight,
  itemKey,
  renderItem,
  label,
  overscan = 8,
  fallbackViewportHeight = 400,
  resetKey,
  include,
}: VirtualListProps<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(0);

  const offsets = useMemo(() => {
    const out = new Float64Array(items.length + 1);
    for (let i = 0; i < items.length; i++) out[i + 1] = (out[i] as number) + itemHeight(items[i] as T);
    return out;
  }, [items, itemHeight]);
  const total = offsets[items.length] as number;

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element === null) return;
    const measure = () => setViewportHeight(element.clientHeight);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // A shorter list may end above the current scroll position: follow the browser, which clamps
  // scrollTop, instead of rendering an empty window.
  const lastResetKey = useRef(resetKey);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element === null) return;
    if (lastResetKey.current !== resetKey) {
      lastResetKey.current = resetKey;
      element.scrollTop = 0;
    }
    if (element.scrollTop !== scrollTop) setScrollTop(element.scrollTop);
  }, [items, resetKey]);

  let { start, end } = visibleRange(
    offsets,
    Math.min(scrollTop, total),
    viewportHeight > 0 ? viewportHeight : fallbackViewportHeight,
    overscan,
  );
  if (include !== undefined && include >= 0 && include < items.length) {
    start = Math.min(start, include);
    end = Math.max(end, include + 1);
  }
  const slice = items.slice(start, end);

  return (
    <div
      ref={scroller}
      class="virtual-list"
      role="region"
      aria-label={label}
      tabIndex={0}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
    >
      <div class="virtual-list-spacer" style={{ height: `${total}px` }}>
        <ul class="virtual-list-items" style={{ top: `${offsets[start] as number}px` }}>
          {slice.map((item, i) => (
            <li
              key={itemKey(item)}
              class="virtual-list-item"
              style={{ height: `${itemHeight(item)}px` }}
              aria-setsize={items.length}
              aria-posinset={start + i + 1}
            >
              {renderItem(item)}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
