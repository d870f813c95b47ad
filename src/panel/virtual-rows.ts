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
  const following = useRef(true);
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
    if (following.current && count > 0) virtualizer.scrollToIndex(count - 1, { align: 'end' });
  });

  const onScroll = () => {
    const element = scrollRef.current;
    if (!element) return;
    following.current = element.scrollTop + element.clientHeight >= element.scrollHeight - rowHeight;
  };

  return {
    scrollRef,
    virtualizer,
    onScroll,
    items: virtualizer.getVirtualItems(),
    totalSize: virtualizer.getTotalSize(),
  };
}
