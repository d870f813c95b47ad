/**
 * Where the hook keeps its copies of binary payloads: packed side by side in
 * shared chunks, each frame pointing at its place in one. A fresh ArrayBuffer
 * per frame cost the page about 6 µs per 4 KiB frame (allocation and GC
 * bookkeeping, see `npm run bench:hook -- --profile`); a chunk is one
 * allocation for many frames, and the batch crosses to the relay and on to
 * the background as a few buffers instead of thousands.
 *
 * When a batch is posted, the chunks its records point into go with it as a
 * transfer (batch-writer.ts): moved to the relay, not copied, and the next
 * bytes go to a new chunk (`sealBytes`). So only records of that batch may
 * point into them; a record that has to wait (behind a Blob still being read,
 * see order.ts) takes its bytes out first (payload.ts `recordApart`). Chunks grow with the
 * traffic so that the unused tail a sealed chunk carries stays small next to
 * what the batch carried.
 */
import { bare, call, natives } from './natives';

const MIN_CHUNK = 4 * 1024;
const MAX_CHUNK = 256 * 1024;
/** A chunk is sized at about this fraction of the last batch's bytes: its unused tail is at most that much extra. */
const CHUNKS_PER_BATCH = 8;

let chunk: ArrayBuffer | null = null;
let used = 0;
let capacity = MIN_CHUNK;
let bytesSinceSeal = 0;

/** Where packInto put the last copy: its buffer (a chunk, or its own when large), offset and length. Reused. */
export const packed = bare({ buffer: null as unknown as ArrayBuffer, offset: 0, length: 0 });

/** The current chunk, viewed once: a view per frame cost more than the copy's bookkeeping. */
let chunkBytes: Uint8Array | null = null;

/** Copies `length` bytes of `source` from `offset` into the pool; `packed` says where. No per-frame objects. */
export function packInto(source: ArrayBufferLike, offset: number, length: number): void {
  bytesSinceSeal += length;
  // A burst in one task (a send loop) is not sealed until it ends: its next chunk grows with its bytes so far.
  const fits = chunk !== null && used + length <= capacity;
  const size = fits ? capacity : sized(capacity, bytesSinceSeal);
  // A detached buffer (transferred away before send) reads as length 0 and cannot be viewed: nothing to copy,
  // and an empty binary frame is what went on the wire.
  const from = length > 0 ? new natives.Uint8Array(source, offset, length) : null;
  // Large frames get their own buffer: a chunk's tail would otherwise waste up to their size.
  if (length * 4 > size) {
    const own = new natives.ArrayBuffer(length);
    if (from) call(natives.uint8ArraySet, new natives.Uint8Array(own), from);
    packed.buffer = own;
    packed.offset = 0;
    packed.length = length;
    return;
  }
  if (!fits || !chunk || !chunkBytes) {
    capacity = size;
    chunk = new natives.ArrayBuffer(capacity);
    chunkBytes = new natives.Uint8Array(chunk);
    used = 0;
  }
  if (from) call(natives.uint8ArraySet, chunkBytes, from, used);
  packed.buffer = chunk;
  packed.offset = used;
  packed.length = length;
  used += length;
}

/** A batch is being posted with the current chunk: later bytes go to a new one, sized by this batch's traffic. */
export function sealBytes(): void {
  chunk = null;
  chunkBytes = null;
  capacity = sized(MIN_CHUNK, bytesSinceSeal);
  bytesSinceSeal = 0;
}

/** From `size` up, doubled until it is about 1/CHUNKS_PER_BATCH of a batch of `bytes` (at most MAX_CHUNK). */
function sized(size: number, bytes: number): number {
  while (size < MAX_CHUNK && size * CHUNKS_PER_BATCH < bytes) size *= 2;
  return size;
}
