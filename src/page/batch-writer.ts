/**
 * Writes the hook's records into a columnar batch (src/protocol/batch.ts):
 * plain frames as numbers, flags and a payload, anything else as the record
 * object itself. Only typed-array writes and writes to a prototype-less array,
 * so no page-defined setter or getter is ever reached.
 */
import {
  FLAG_BINARY,
  FLAG_FRAME,
  FLAG_SENT,
  FLAG_TRUNCATED,
  NUMBERS_PER_RECORD,
  UNMEASURED,
  type HookBatch,
} from '../protocol/batch';
import { BATCH_MAX_BYTES, BATCH_MAX_RECORDS } from '../protocol/limits';
import type { HookRecord } from '../protocol/schema';
import { call, natives, ownArray } from './natives';

export interface BatchWriter {
  add(record: HookRecord): void;
  /** A plain text frame kept whole, its size left UNMEASURED: the same columns add() writes for one. */
  addText(sid: number, t: number, sent: boolean, text: string): void;
  /** A plain binary frame of `size` bytes whose kept bytes are in `buffer` (byte-pool.ts): add()'s columns. */
  addBinary(
    sid: number,
    t: number,
    sent: boolean,
    size: number,
    buffer: ArrayBuffer,
    offset: number,
    length: number,
  ): void;
  readonly count: number;
  /** At BATCH_MAX_RECORDS or BATCH_MAX_BYTES: take it. */
  full(): boolean;
  /**
   * The batch so far, and the buffers to transfer with it (its chunks; the columns are cloned, so the hook
   * can hand the batch over again: unacked.ts); the writer starts a new one.
   */
  take(): { batch: HookBatch; buffers: ArrayBuffer[] };
}

export function openBatchWriter(): BatchWriter {
  // The columns are written in place and copied out, at their used length, when a batch is taken:
  // fresh memory for every batch cost more than the copy.
  const numbersBuffer = new natives.ArrayBuffer(BATCH_MAX_RECORDS * NUMBERS_PER_RECORD * 8);
  const flagsBuffer = new natives.ArrayBuffer(BATCH_MAX_RECORDS);
  const numbers = new natives.Float64Array(numbersBuffer);
  const flags = new natives.Uint8Array(flagsBuffer);
  let items: unknown[];
  /** The buffers this batch's binary payloads live in (byte-pool.ts chunks, mostly), transferred with it. */
  let chunks: ArrayBuffer[];
  let count = 0;
  let bytes = 0;

  const start = () => {
    items = ownArray();
    chunks = ownArray();
    count = 0;
    bytes = 0;
  };

  /** The index of `buffer` in `chunks`, added if new: the newest chunk is nearly always the one. */
  const chunkIndex = (buffer: ArrayBuffer): number => {
    for (let j = chunks.length - 1; j >= 0; j--) if (chunks[j] === buffer) return j;
    chunks[chunks.length] = buffer;
    return chunks.length - 1;
  };
  /** Record i's bytes as a place in a chunk: the chunk's index (items), offset and length (numbers). */
  const placeBytes = (i: number, buffer: ArrayBuffer, offset: number, length: number) => {
    const at = i * NUMBERS_PER_RECORD;
    items[i] = chunkIndex(buffer);
    numbers[at + 3] = offset;
    numbers[at + 4] = length;
    bytes += length;
  };
  start();

  return {
    get count() {
      return count;
    },
    add(record) {
      const i = count++;
      // Marks are own properties when present: hasOwn looks nowhere else.
      if (record.kind === 'frame' && !natives.hasOwn(record, 'origin') && !natives.hasOwn(record, 'intercept')) {
        const at = i * NUMBERS_PER_RECORD;
        numbers[at] = record.sid;
        numbers[at + 1] = record.t;
        numbers[at + 2] = record.size;
        flags[i] =
          FLAG_FRAME |
          (record.dir === 'sent' ? FLAG_SENT : 0) |
          (record.type === 'binary' ? FLAG_BINARY : 0) |
          (record.truncated ? FLAG_TRUNCATED : 0);
        if (record.type === 'text') {
          items[i] = record.data;
          bytes += record.data.length * 2;
        } else {
          // Bytes as a place in a chunk, not a view: cloning thousands of views cost ~2 µs each.
          const view = record.data;
          placeBytes(
            i,
            call(natives.typedArrayBuffer, view) as ArrayBuffer,
            call(natives.typedArrayByteOffset, view),
            call(natives.typedArrayByteLength, view),
          );
        }
      } else {
        flags[i] = 0;
        items[i] = record;
        bytes += sizeOf(record);
      }
    },
    addText(sid, t, sent, text) {
      const i = count++;
      const at = i * NUMBERS_PER_RECORD;
      numbers[at] = sid;
      numbers[at + 1] = t;
      numbers[at + 2] = UNMEASURED;
      flags[i] = sent ? FLAG_FRAME | FLAG_SENT : FLAG_FRAME;
      items[i] = text;
      bytes += text.length * 2;
    },
    addBinary(sid, t, sent, size, buffer, offset, length) {
      const i = count++;
      const at = i * NUMBERS_PER_RECORD;
      numbers[at] = sid;
      numbers[at + 1] = t;
      numbers[at + 2] = size;
      flags[i] = FLAG_FRAME | FLAG_BINARY | (sent ? FLAG_SENT : 0) | (length < size ? FLAG_TRUNCATED : 0);
      placeBytes(i, buffer, offset, length);
    },
    full: () => count >= BATCH_MAX_RECORDS || bytes >= BATCH_MAX_BYTES,
    take() {
      const used = count * NUMBERS_PER_RECORD;
      const numbersCopy = new natives.ArrayBuffer(used * 8);
      const flagsCopy = new natives.ArrayBuffer(count);
      const batchNumbers = new natives.Float64Array(numbersCopy);
      const batchFlags = new natives.Uint8Array(flagsCopy);
      call(natives.uint8ArraySet, batchNumbers, new natives.Float64Array(numbersBuffer, 0, used));
      call(natives.uint8ArraySet, batchFlags, new natives.Uint8Array(flagsBuffer, 0, count));
      const batch: HookBatch = { count, numbers: batchNumbers, flags: batchFlags, items, chunks, bytes };
      start();
      return { batch, buffers: batch.chunks };
    },
  };
}

function sizeOf(record: HookRecord): number {
  if (record.kind !== 'frame') return 64;
  return record.type === 'text' ? record.data.length * 2 : call(natives.typedArrayByteLength, record.data);
}
