/**
 * A Preact hook for a list of fixed-height rows: only the rows in view (plus
 * overscan) are rendered, so 100,000 messages scroll as smoothly as 100. It
 * also follows the tail: while the list is scrolled to the bottom, new rows
 * keep it there; scrolling up stops that, scrolling back to the bottom
 * resumes it. Following is the browser's scroll anchoring at work: an anchor
 * element right after the rows (TAIL_ANCHOR, the only one allowed to anchor)
 * keeps the view at the bottom as the rows above it grow, within the layout
 * the browser does anyway. Reading or setting the scroll position after each
 * render forced a layout of its own: on a flood, the longest part of the
 * panel's tasks.
 *
 * Written by hand because rows have one height: the window is arithmetic on
 * the scroll position. @tanstack/virtual-core (used before) rebuilt its
 * measurement arrays for every row whenever the count changed, megabytes of
 * garbage per animation frame during a flood, and re-rendered once more on
 * the scroll event its own tail-following caused.
 */
import { useLayoutEffect, useReducer, useRef } from 'preact/hooks';

/**
 * Rows rendered beyond each edge of the view. Few: a scroll brings in the same
 * number of new rows whatever the overscan, and every row rendered is laid out
 * and painted on each frame that changes the list (on a flood, ten a second).
 */
export const OVERSCAN = 4;
/** Class of the element a list renders right after its rows (panel.css gives it overflow-anchor). */
export const TAIL_ANCHOR = 'tail-anchor';

export interface VirtualRow {
  index: number;
  /** Offset from the top of the list, px. */
  start: number;
}

export interface RowScroller {
  /** Scrolls the least that brings row `index` into view (nothing when it is). */
  scrollToIndex(index: number): void;
}

interface ViewState {
  /** The scroller's position and height as last seen, so a render reads no layout. */
  top: number;
  height: number;
  following: boolean;
  /** The list's height at the last render, and the first row it rendered. */
  totalSize: number;
  firstRow: number;
}

/**
 * How many rows a window holds: the view, rounded out at both ends, and the
 * overscan. Always that many (fewer only when the list is shorter), so that
 * as the window moves, each row that leaves hands its element to one that
 * comes (see `slots` below).
 */
const windowRows = (height: number, rowHeight: number) => Math.ceil(height / rowHeight) + 2 * OVERSCAN + 1;

/** The rows to render, overscan included, for what the scroller shows: [first, last). */
function shownRows({ top, height, following, totalSize }: ViewState, rowHeight: number): [number, number] {
  // Following the tail, the window is the end of the list even before the scroll lands there.
  const shownTop = following ? Math.max(0, totalSize - height) : top;
  const size = windowRows(height, rowHeight);
  const last = Math.min(totalSize / rowHeight, Math.max(0, Math.floor(shownTop / rowHeight) - OVERSCAN) + size);
  return [Math.max(0, last - size), last];
}

export function useVirtualRows(count: number, rowHeight: number) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const view = useRef<ViewState>({ top: 0, height: 0, following: true, totalSize: 0, firstRow: -1 });
  const totalSize = count * rowHeight;
  const previousSize = useRef(0);

  view.current.totalSize = totalSize;
  const [first, last] = shownRows(view.current, rowHeight);
  const items: VirtualRow[] = [];
  for (let index = first; index < last; index++) items.push({ index, start: index * rowHeight });
  view.current.firstRow = first;

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const seen = () => {
      const state = view.current;
      state.top = element.scrollTop;
      state.height = element.clientHeight;
      // The content's height is known (the rows and the 1px tail anchor): reading scrollHeight
      // instead would lay out again whatever the last render changed.
      state.following = state.top + state.height >= Math.max(state.totalSize + 1, state.height) - rowHeight;
    };
    seen();
    const onScroll = () => {
      seen();
      // A scroll that follows the tail lands on the rows already rendered: no render for it.
      if (shownRows(view.current, rowHeight)[0] !== view.current.firstRow) rerender(0);
    };
    const resized = new ResizeObserver(() => {
      seen();
      rerender(0);
    });
    element.addEventListener('scroll', onScroll, { passive: true });
    resized.observe(element);
    rerender(0);
    return () => {
      element.removeEventListener('scroll', onScroll);
      resized.disconnect();
    };
  }, [scrollRef.current, rowHeight]);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    const { following, height } = view.current;
    // Browsers anchor nothing at scroll position 0, so a list that fitted in view is put at
    // its end once it outgrows it; from there the tail anchor keeps it at the bottom.
    if (element && following && previousSize.current <= height && totalSize > height) element.scrollTop = totalSize;
    previousSize.current = totalSize;
  });

  const scroller: RowScroller = {
    scrollToIndex(index) {
      const element = scrollRef.current;
      if (!element) return;
      const rowTop = index * rowHeight;
      if (rowTop < element.scrollTop) element.scrollTop = rowTop;
      else if (rowTop + rowHeight > element.scrollTop + element.clientHeight)
        element.scrollTop = rowTop + rowHeight - element.clientHeight;
    },
  };
  /**
   * Keys for the rendered rows that stay with their DOM element as the window
   * moves: `index % slots` never repeats within a window of `slots` rows, so a
   * row that leaves hands its element to the row that comes in (new text and
   * attributes, no element made, styled and laid out from nothing, none removed).
   */
  const slots = windowRows(view.current.height, rowHeight);
  return { scrollRef, scroller, items, totalSize, slots };
}
