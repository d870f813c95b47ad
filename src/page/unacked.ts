/**
 * The record batches the hook posted to the relay that the relay has not taken
 * yet. A posted message waits in a task queue, and during a flood the relay's
 * turn can come long after (2,300 records of a 3,000-frame text flood were
 * still queued when the flood's iframe removed itself). A document that goes
 * away for good never runs that queue: its hook hands these over again, with
 * what it has not posted, in one synchronous event (outbox.ts), and the relay
 * acknowledges each batch it takes, synchronously too. Batches are numbered
 * (`seq`) so that the relay takes each once, whichever way it comes first.
 *
 * Texts and columns are kept as they are. A batch with binary chunks moved
 * them to the relay when posted: handed over again, its binary frames keep
 * their time, direction and size but none of their bytes (cut at 0, as the
 * payload limit cuts them).
 */
import { FLAG_BINARY, FLAG_FRAME, FLAG_TRUNCATED, NUMBERS_PER_RECORD, type HookBatch } from '../protocol/batch';
import { natives, ownArray } from './natives';

/** Kept at most, in batches: beyond it (a relay that stopped answering) the oldest are let go. */
export const MAX_UNACKED = 256;

export interface Unacked {
  /** Numbers a batch about to be posted, and keeps it until the relay takes it. */
  posting(batch: HookBatch): void;
  /** The relay has taken every batch numbered below `next`. */
  acked(next: number): void;
  /** Every kept batch (bytes-less where its chunks went) and then those in `more` (numbered now), in order, with the first one's number; kept no more. */
  handOver(more: HookBatch[]): { first: number; batches: HookBatch[] };
}

/** A posted batch whose chunks went with it: its binary frames cut at 0 bytes, pointing at one empty chunk. */
function withoutBytes(batch: HookBatch): HookBatch {
  const { count, numbers, flags, items } = batch;
  for (let i = 0; i < count; i++) {
    if ((flags[i]! & (FLAG_FRAME | FLAG_BINARY)) !== (FLAG_FRAME | FLAG_BINARY)) continue;
    const at = i * NUMBERS_PER_RECORD;
    numbers[at + 3] = 0;
    numbers[at + 4] = 0;
    flags[i] = flags[i]! | FLAG_TRUNCATED;
    items[i] = 0;
  }
  const chunks = ownArray<ArrayBuffer>();
  chunks[0] = new natives.ArrayBuffer(0);
  batch.chunks = chunks;
  return batch;
}

export function openUnacked(): Unacked {
  let kept = ownArray<HookBatch | null>();
  /** kept[head] is batch number `first`; kept[0..head) are let go. */
  let head = 0;
  let first = 0;
  let next = 0;

  const dropBelow = (number: number) => {
    while (first < number && head < kept.length) {
      kept[head++] = null;
      first++;
    }
    if (head === kept.length) {
      kept = ownArray();
      head = 0;
    }
  };

  return {
    posting(batch) {
      batch.seq = next++;
      kept[kept.length] = batch;
      if (kept.length - head > MAX_UNACKED) dropBelow(first + 1);
    },
    acked(number) {
      if (number > first) dropBelow(number);
    },
    handOver(more) {
      const batches = ownArray<HookBatch>();
      for (let i = head; i < kept.length; i++) {
        const batch = kept[i]!;
        // A posted batch's chunks went with it.
        batches[batches.length] = batch.chunks.length > 0 ? withoutBytes(batch) : batch;
      }
      for (let i = 0; i < more.length; i++) {
        more[i]!.seq = next++;
        batches[batches.length] = more[i]!;
      }
      const from = first;
      kept = ownArray();
      head = 0;
      first = next;
      return { first: from, batches };
    },
  };
}
