import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { HEX_HEADER, hexLine, hexLineCount } from './hex-dump';
import { sameRange, visibleRange } from './window-range';

/** Height of one line in px; `.hex-line` in panel.css sets the same. */
const ROW_HEIGHT = 16;
/** Assumed viewport before the first measurement, so the first paint already shows lines. */
const INITIAL_VIEWPORT = 800;

/**
 * The hex dump, windowed: a 1 MiB payload has 65,536 lines, and only those
 * in view (plus a margin) are in the DOM. Each line's text is exactly
 * `formatHexLine` of it, so tests and copy agree with what is shown.
 */
export function HexView({ bytes }: { bytes: Uint8Array }) {
  const total = hexLineCount(bytes.length);
  const scroller = useRef<HTMLDivElement>(null);
  const [range, setRange] = useState(() => visibleRange(0, INITIAL_VIEWPORT, ROW_HEIGHT, total));

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const update = () => {
      const next = visibleRange(element.scrollTop, element.clientHeight, ROW_HEIGHT, total);
      setRange((current) => (sameRange(current, next) ? current : next));
    };
    update();
    element.addEventListener('scroll', update, { passive: true });
    const resize = new ResizeObserver(update);
    resize.observe(element);
    return () => {
      element.removeEventListener('scroll', update);
      resize.disconnect();
    };
  }, [total]);

  if (total === 0) return <p class="detail-empty">Empty payload</p>;
  const lines = [];
  for (let index = range.start; index < range.end; index++) {
    const line = hexLine(bytes, index);
    lines.push(
      <div class="hex-line" key={index}>
        <span class="hex-offset">{line.offset}</span>
        {`  ${line.hex}  `}
        <span class="hex-ascii">
          <span class="hex-bar">|</span>
          {line.ascii}
          <span class="hex-bar">|</span>
        </span>
      </div>,
    );
  }
  return (
    // Focusable so the dump scrolls with the keyboard.
    <div class="hex-view" ref={scroller} tabIndex={0} role="region" aria-label="Hex dump">
      <div class="hex-line hex-head" aria-hidden="true">
        {HEX_HEADER}
      </div>
      <div class="hex-spacer" style={{ height: `${total * ROW_HEIGHT}px` }}>
        <div class="hex-window" style={{ transform: `translateY(${range.start * ROW_HEIGHT}px)` }}>
          {lines}
        </div>
      </div>
    </div>
  );
}
