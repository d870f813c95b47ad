/**
 * Forwards the hook's batches to the background without getting in the page's
 * way. Posting to the background serializes every record on the page's own
 * thread (payload bytes go in a Blob in Chrome, protocol/batch.ts: messaging
 * cost about 30 ns a byte there; see `npm run bench:hook -- --profile`), and
 * the background's work competes for the same cores. The hook already holds
 * a flood's batches until it calms (page/flood-hold.ts); here:
 *
 * - Batches go on as tasks of the lowest priority, one batch (at most
 *   BATCH_MAX_RECORDS records or BATCH_MAX_BYTES) per task: the page's own
 *   tasks always come first, and even a long flood never stalls the page in
 *   one piece.
 * - Nothing waits longer than MAX_HELD_MS since the hook took it (so a flood
 *   the hook held to its limit goes on at once, at normal priority), nor
 *   beyond MAX_HELD_BYTES, nor past the page's pagehide (the relay calls
 *   `flush`). The panel shows a flood at most MAX_HELD_MS late.
 *
 * Order never changes.
 */
import type { HookBatch } from '../protocol/batch';
import { MAX_HOLD_BYTES, RELAY_MAX_HOLD_MS } from '../protocol/limits';

export const MAX_HELD_MS = RELAY_MAX_HOLD_MS;
export const MAX_HELD_BYTES = MAX_HOLD_BYTES;

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
  /** Milliseconds since the epoch, as the hook's `since`. */
  now: () => number = () => performance.timeOrigin + performance.now(),
  later = laterTask(),
): IdleForward {
  let held: HookBatch[] = [];
  /** held[0..start) are gone already. */
  let start = 0;
  let heldBytes = 0;
  /** When the hook took the oldest batch held since the last time nothing was. */
  let firstHeldAt = 0;
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

  const due = (t: number) => t - firstHeldAt >= MAX_HELD_MS || heldBytes >= MAX_HELD_BYTES;

  const pump = () => {
    pumpAt = Infinity;
    if (start === held.length) return;
    const t = now();
    const urgent = due(t);
    const batch = held[start++]!;
    heldBytes -= batch.bytes;
    if (start === held.length) clear();
    else schedule(t, urgent ? 'user-visible' : 'background');
    forward(batch);
  };

  return {
    push(batch) {
      const t = now();
      // From the page's world: a time that is not one, or in the future, counts as now.
      const since = typeof batch.since === 'number' && batch.since <= t ? batch.since : t;
      if (start === held.length) {
        firstHeldAt = since;
        // The deadline, at normal priority: lowest-priority tasks may wait as long as the page is busy.
        later(pump, Math.max(0, since + MAX_HELD_MS - t), 'user-visible');
      }
      held.push(batch);
      heldBytes += batch.bytes;
      schedule(t, due(t) ? 'user-visible' : 'background');
    },
    flush,
  };
}
