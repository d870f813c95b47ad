/**
 * Keeps one socket's records in wire order while a Blob payload is still being
 * read: records behind a pending read wait in a small linked queue and leave
 * together once it is filled (their bytes copied out of the shared buffers
 * meanwhile, see byte-pool.ts). No promises: every `then` on a page-realm promise
 * looks up `constructor` (and resolving with an object looks up `then`) where a
 * page can see it.
 */
import type { HookRecord } from '../protocol/schema';
import type { Outbox } from './outbox';

export interface FrameOrder {
  emit(record: HookRecord): void;
  /** Nothing waits: a record may go to the outbox directly. */
  idle(): boolean;
  /** Holds a place for a record that is not ready yet; call the returned function with it. */
  reserve(): (record: HookRecord) => void;
}

interface Slot {
  record: HookRecord | null;
  next: Slot | null;
}

/**
 * `hold` is applied to every record that has to wait: batches go meanwhile, and
 * a waiting record's bytes must leave the buffers they transfer (byte-pool.ts).
 */
export function openFrameOrder(outbox: Pick<Outbox, 'push'>, hold: (record: HookRecord) => HookRecord): FrameOrder {
  let head: Slot | null = null;
  let tail: Slot | null = null;

  const append = (record: HookRecord | null): Slot => {
    const slot: Slot = { record: record && hold(record), next: null };
    if (tail) tail.next = slot;
    else head = slot;
    tail = slot;
    return slot;
  };

  const drain = () => {
    while (head && head.record) {
      outbox.push(head.record);
      head = head.next;
    }
    if (!head) tail = null;
  };

  return {
    idle: () => head === null,
    emit(record) {
      if (head) append(record);
      else outbox.push(record);
    },
    reserve() {
      const slot = append(null);
      return (record) => {
        slot.record = slot === head ? record : hold(record);
        drain();
      };
    },
  };
}
