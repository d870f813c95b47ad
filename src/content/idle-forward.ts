/**
 * Forwards the hook's batches to the background without getting in the page's
 * way. Posting to the background serializes every record on the page's own
 * thread (payload bytes go in a Blob in Chrome, protocol/batch.ts: messaging
 * cost about 30 ns a byte there; see `npm run bench:hook -- --profile`), and
 * the background's work competes for the same cores. So:
 *
 * - Ordinary traffic goes on at once, as tasks of the lowest priority: the
 *   page's own tasks (its next message) always come first.
 * - During a flood (more than FLOOD_RECORDS records or FLOOD_BYTES bytes in a
 *   window of WINDOW_MS) batches wait until the traffic has been quiet for
 *   QUIET_MS: the burst is the page's time.
 * - Nothing waits longer than MAX_HELD_MS, nor beyond MAX_HELD_BYTES (nor past
 *   the page's pagehide: the relay calls `flush`).
 *
 * QUIET_MS is longer than a server's pause inside one flood (an echo server
 * starting to answer 20,000 frames took over 50 ms), and MAX_HELD_MS longer
 * than the floods `npm run bench:hook` makes (about 1.5 to 3 s): forwarding
 * in the middle of one cost the page's thread most of the recorder's share
 * (a text push at 1.24x the page alone, 0.94x when held to its end). The panel
 * then shows a flood at most MAX_HELD_MS late.
 *
 * What is held goes one hook batch (at most BATCH_MAX_RECORDS records or
 * BATCH_MAX_BYTES) per task, so even a long flood never stalls the page in one
 * piece. Order never changes.
 */
import type { HookBatch } from '../protocol/batch';
import { RELAY_MAX_HOLD_MS } from '../protocol/limits';

export const WINDOW_MS = 100;
export const FLOOD_RECORDS = 500;
export const FLOOD_BYTES = 1024 * 1024;
export const QUIET_MS = 200;
export const MAX_HELD_MS = RELAY_MAX_HOLD_MS;
export const MAX_HELD_BYTES = 64 * 1024 * 1024;

type Priority = 'background' | 'user-visible';
type PostTask = (callback: () => void, options: { priority: Priority; delay: number }) => Promise<unknown>;

export interface IdleForward {
  /** Queues a batch; it goes on in order (see above). */
  push(batch: HookBatch): void;
  /** Forwards everything held now, in one piece. */
  flush(): void;
}

/** Runs `task` after `delay` ms at `priority`, where the browser has priorities (and without ids a page could see). */
function laterTask(): (task: () => void, delay: number, priority: Priority) => void {
  const scheduler = (globalThis as { scheduler?: { postTask?: PostTask } }).scheduler;
  const postTask = scheduler?.postTask?.bind(scheduler);
  if (!postTask) return (task, delay) => void setTimeout(task, delay);
  return (task, delay, priority) => void postTask(task, { priority, delay }).catch(() => {});
}

export function openIdleForward(
  forward: (batch: HookBatch) => void,
  now: () => number = () => performance.now(),
  later = laterTask(),
): IdleForward {
  let held: HookBatch[] = [];
  /** held[0..start) are gone already. */
  let start = 0;
  let heldBytes = 0;
  let firstHeldAt = 0;
  let windowStart = -Infinity;
  let windowRecords = 0;
  let windowBytes = 0;
  /** Until when the traffic counts as a flood (pushed on by every batch during one). */
  let floodUntil = -Infinity;
  let pumpAt = Infinity;

  /** Nothing held any more. */
  const clear = () => {
    held = [];
    start = 0;
    heldBytes = 0;
  };

  const flush = () => {
    const batches = held;
    const from = start;
    clear();
    for (let i = from; i < batches.length; i++) forward(batches[i]!);
  };

  const schedule = (at: number, priority: Priority) => {
    if (at >= pumpAt) return;
    pumpAt = at;
    later(pump, Math.max(0, at - now()), priority);
  };

  const pump = () => {
    pumpAt = Infinity;
    if (start === held.length) return;
    const t = now();
    const due = t - firstHeldAt >= MAX_HELD_MS || heldBytes >= MAX_HELD_BYTES;
    if (!due && t < floodUntil) return schedule(floodUntil, 'background');
    const batch = held[start++]!;
    heldBytes -= batch.bytes;
    if (start === held.length) clear();
    else schedule(t, due ? 'user-visible' : 'background');
    forward(batch);
  };

  return {
    push(batch) {
      const t = now();
      if (t - windowStart >= WINDOW_MS) {
        windowStart = t;
        windowRecords = 0;
        windowBytes = 0;
      }
      if (start === held.length) {
        firstHeldAt = t;
        // The deadline, at normal priority: lowest-priority tasks may wait as long as the page is busy.
        later(pump, MAX_HELD_MS, 'user-visible');
      }
      held.push(batch);
      heldBytes += batch.bytes;
      windowBytes += batch.bytes;
      windowRecords += batch.count;
      if (windowRecords >= FLOOD_RECORDS || windowBytes >= FLOOD_BYTES) floodUntil = t + QUIET_MS;
      if (heldBytes >= MAX_HELD_BYTES) schedule(t, 'user-visible');
      else schedule(t < floodUntil ? floodUntil : t, 'background');
    },
    flush,
  };
}
