/**
 * Applies what arrives in bursts at most once per animation frame, and only
 * as much per frame as fits a time budget: a flood of records becomes a few
 * milliseconds of work per frame instead of one long task per message, so the
 * panel keeps painting and scrolling while it catches up.
 *
 * While records keep coming, frames that apply them are at least `minGapMs`
 * apart: on two cores a flood's page, worker and panel share the CPU, and a
 * panel re-rendering at 60 Hz takes the time that stretches each of its own
 * tasks (and the page's). Ten updates a second still read as live.
 *
 *   push(items) ──▶ queue ──(next frame: drain ≤ budget, in slices)──▶ apply(slice) ; done()
 */
export interface FrameQueueOptions<T> {
  /** Applies one slice, in arrival order. */
  apply(items: T[]): void;
  /** Called once after each frame's slices were applied (e.g. to re-render once). */
  done(): void;
  /** Milliseconds of work per frame before the rest waits for the next one. */
  budgetMs?: number;
  /** Items per slice: the budget is checked between slices. */
  sliceSize?: number;
  /** Least milliseconds from one applying frame to the next. */
  minGapMs?: number;
  /** How to wait for the next frame (requestAnimationFrame where there is one). */
  nextFrame?: (run: () => void) => void;
  /** How to wait `ms` before asking for a frame (setTimeout), and the clock it is measured on. */
  wait?: (run: () => void, ms: number) => void;
  now?: () => number;
}

export interface FrameQueue<T> {
  push(items: readonly T[]): void;
  /** Applies everything queued now (before an event that must see all of it, e.g. a trim). */
  flush(): void;
  /** Forgets everything queued (a reset made it stale). */
  clear(): void;
  readonly pending: number;
}

/**
 * The next animation frame, or 100 ms if none comes first: a hidden page (a
 * panel not shown, a background tab) gets no frames, and must still take in
 * what arrives, if more slowly.
 */
const defaultNextFrame = (run: () => void) => {
  let ran = false;
  const once = () => {
    if (ran) return;
    ran = true;
    run();
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(once);
  setTimeout(once, typeof requestAnimationFrame === 'function' ? 100 : 16);
};

export function createFrameQueue<T>({
  apply,
  done,
  budgetMs = 8,
  sliceSize = 500,
  minGapMs = 0,
  nextFrame = defaultNextFrame,
  wait = (run, ms) => void setTimeout(run, ms),
  now = () => performance.now(),
}: FrameQueueOptions<T>): FrameQueue<T> {
  let queue: T[] = [];
  let head = 0;
  let scheduled = false;
  let appliedAt = -Infinity;
  // A frame scheduled before clear() must not run the new queue twice in one frame.
  let generation = 0;

  const drain = (budget: number) => {
    const start = performance.now();
    while (head < queue.length) {
      const end = Math.min(queue.length, head + sliceSize);
      apply(queue.slice(head, end));
      head = end;
      if (performance.now() - start >= budget) break;
    }
    if (head === queue.length) {
      queue = [];
      head = 0;
    }
  };

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    const mine = generation;
    const frame = () =>
      nextFrame(() => {
        if (mine !== generation) return;
        scheduled = false;
        appliedAt = now();
        drain(budgetMs);
        done();
        if (head < queue.length) schedule();
      });
    const gap = appliedAt + minGapMs - now();
    if (gap > 0) wait(frame, gap);
    else frame();
  };

  return {
    push(items) {
      if (items.length === 0) return;
      for (const item of items) queue.push(item);
      schedule();
    },
    flush() {
      if (head < queue.length) drain(Infinity);
    },
    clear() {
      queue = [];
      head = 0;
      if (scheduled) generation++;
      scheduled = false;
    },
    get pending() {
      return queue.length - head;
    },
  };
}
