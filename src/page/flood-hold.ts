/**
 * When the hook's batches go to the relay. Posting one serializes every
 * record on the page's own thread, and the relay reads it back on the same
 * thread, so during a flood (more than FLOOD_RECORDS records or FLOOD_BYTES
 * bytes in WINDOW_MS) batches wait in the hook until the traffic has been
 * quiet for QUIET_MS: the burst is the page's time. Nothing waits longer than
 * MAX_HELD_MS, nor beyond MAX_HELD_BYTES; a result, a pause or the page's
 * pagehide posts everything at once (outbox.ts).
 *
 * QUIET_MS is longer than a server's pause inside one flood (an echo server
 * starting to answer 20,000 frames took over 50 ms), and MAX_HELD_MS longer
 * than the floods `npm run bench:hook` makes (about 1.5 to 3 s). Held this
 * way, a 64 B text pushed 50,000 times cost the page about 0.3 µs a frame
 * less than posting every 10 ms (the relay held floods then, after the post).
 *
 * Arithmetic only: it runs in the page's realm, where any global may be the page's.
 */
import { MAX_HOLD_BYTES, RELAY_MAX_HOLD_MS } from '../protocol/limits';

export const WINDOW_MS = 100;
export const FLOOD_RECORDS = 500;
export const FLOOD_BYTES = 1024 * 1024;
export const QUIET_MS = 200;
export const MAX_HELD_MS = RELAY_MAX_HOLD_MS;
export const MAX_HELD_BYTES = MAX_HOLD_BYTES;

export interface FloodHold {
  /** A batch of `count` records and `bytes` bytes was taken at `t` and waits. */
  taken(count: number, bytes: number, t: number): void;
  /** When what waits may go: at or before `t` means now. */
  releaseAt(t: number): number;
  /** Everything that waited has gone. */
  released(): void;
}

export function openFloodHold(): FloodHold {
  let windowStart = -Infinity;
  let windowRecords = 0;
  let windowBytes = 0;
  /** Until when the traffic counts as a flood (pushed on by every batch during one). */
  let floodUntil = -Infinity;
  /** When the oldest batch still waiting was taken (Infinity: none waits). */
  let firstHeldAt = Infinity;
  let heldBytes = 0;

  return {
    taken(count, bytes, t) {
      if (t - windowStart >= WINDOW_MS) {
        windowStart = t;
        windowRecords = 0;
        windowBytes = 0;
      }
      windowRecords += count;
      windowBytes += bytes;
      if (windowRecords >= FLOOD_RECORDS || windowBytes >= FLOOD_BYTES) floodUntil = t + QUIET_MS;
      if (firstHeldAt === Infinity) firstHeldAt = t;
      heldBytes += bytes;
    },
    releaseAt(t) {
      if (heldBytes >= MAX_HELD_BYTES) return t;
      const deadline = firstHeldAt + MAX_HELD_MS;
      return floodUntil < deadline ? floodUntil : deadline;
    },
    released() {
      firstHeldAt = Infinity;
      heldBytes = 0;
    },
  };
}
