/**
 * A Preact hook around @tanstack/virtual-core for fixed-height rows: only the
 * rows in view (plus overscan) are rendered, so 100,000 messages scroll as
 * smoothly as 100. It also follows the tail: while the list is scrolled to the
 * bottom, new rows keep it there; scrolling up stops that, scrolling back to
 * the bottom resumes it.
 */
import { useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';
import { Virtualizer, elementScroll, observeElementOffset, observeElementRect } from '@tanstack/virtual-core';

export function useVirtualRows(count: number, rowHeight: number) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  /** The list's height at the previous render: "at the bottom" is judged against it, before new rows grew it. */
  const previousHeight = useRef(0);
  const [virtualizer] = useState(
    () =>
      new Virtualizer<HTMLDivElement, HTMLElement>({
        count,
        getScrollElement: () => scrollRef.current,
        estimateSize: () => rowHeight,
        scrollToFn: elementScroll,
        observeElementRect,
        observeElementOffset,
        overscan: 10,
        onChange: () => rerender(0),
      }),
  );
  virtualizer.setOptions({ ...virtualizer.options, count });

  useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  useLayoutEffect(() => {
    virtualizer._willUpdate();
    const element = scrollRef.current;
    const height = count * rowHeight;
    // Read the position now rather than tracking scroll events: a scroll the user
    // just made may not have fired its event yet, and must not be undone.
    const wasAtBottom = !element || element.scrollTop + element.clientHeight >= previousHeight.current - rowHeight;
    if (wasAtBottom && height > previousHeight.current && count > 0)
      virtualizer.scrollToIndex(count - 1, { align: 'end' });
    previousHeight.current = height;
  });

  return { scrollRef, virtualizer, items: virtualizer.getVirtualItems(), totalSize: virtualizer.getTotalSize() };
}
