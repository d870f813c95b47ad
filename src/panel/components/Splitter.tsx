/**
 * A drag handle between two panes (role=separator): drag it, or focus it and
 * use the arrow keys (Shift for bigger steps). It reports the new size of the
 * pane it governs; the caller clamps and stores it.
 */
import { useRef } from 'preact/hooks';

interface Props {
  /** `vertical`: a bar between side-by-side panes (drag left/right); `horizontal`: between stacked panes. */
  orientation: 'vertical' | 'horizontal';
  label: string;
  /** The governed pane's current size in px. */
  size: number;
  min: number;
  max: number;
  /** +1 when dragging right/down grows the pane, -1 when it shrinks it (a pane after the bar). */
  direction: 1 | -1;
  onResize(size: number): void;
}

export function Splitter({ orientation, label, size, min, max, direction, onResize }: Props) {
  const start = useRef<{ pointer: number; size: number } | null>(null);
  const coordinate = (event: PointerEvent) => (orientation === 'vertical' ? event.clientX : event.clientY);
  return (
    <div
      class={`splitter splitter-${orientation}`}
      role="separator"
      aria-orientation={orientation}
      aria-label={label}
      aria-valuenow={size}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onPointerDown={(event) => {
        event.preventDefault();
        event.currentTarget.setPointerCapture(event.pointerId);
        start.current = { pointer: coordinate(event), size };
      }}
      onPointerMove={(event) => {
        if (!start.current) return;
        onResize(start.current.size + direction * (coordinate(event) - start.current.pointer));
      }}
      onPointerUp={() => (start.current = null)}
      onPointerCancel={() => (start.current = null)}
      onKeyDown={(event) => {
        const step = event.shiftKey ? 50 : 10;
        const keys: Record<string, number> =
          orientation === 'vertical' ? { ArrowLeft: -step, ArrowRight: step } : { ArrowUp: -step, ArrowDown: step };
        const delta = keys[event.key];
        if (delta === undefined) return;
        event.preventDefault();
        onResize(size + direction * delta);
      }}
    />
  );
}
