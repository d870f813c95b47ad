/**
 * A batch of records as they travel from the page hook through the relay to
 * the background: in columns. Cloning 40,000 record objects cost the page's
 * thread about 70 ms (every key of every object written and read again);
 * columns of numbers are typed arrays, cloned as one block each.
 *
 *   numbers  Float64Array, NUMBERS_PER_RECORD per record: sid, t, size
 *            (UNMEASURED for a text the hook did not cut: measured here,
 *            off the page's thread), and for bytes their offset and length
 *            in their chunk
 *   flags    Uint8Array, one per record (FLAG_* below)
 *   items    per record: the text of a plain text frame, the index in
 *            `chunks` of a plain binary frame's bytes, or the whole record
 *            object for anything else (lifecycle records, frames with marks)
 *   chunks   ArrayBuffers holding the binary payloads side by side
 *
 * The hook writes batches (src/page/outbox.ts), the relay forwards them
 * without reading their records (in Chrome it puts the chunks in a Blob, below),
 * and the background turns them back into wire records here (each binary
 * payload a view into its chunk, texts measured) before validating each one
 * like any other.
 *
 * Views, not copies: a chunk holds only its batch's payloads (and a tail of at
 * most an eighth, byte-pool.ts), and its frames are kept and evicted together,
 * so a view wastes little; a copy per frame was a quarter of the worker's time
 * under a binary flood. A structured clone writes a buffer once however many
 * views of it a message holds, and messages count whole buffers (chunks.ts).
 *
 * In Chrome the relay sends the chunks in one Blob (`chunksAsBlob`), and the
 * texts after them: extension messaging costs each process it crosses some
 * 30 ns a byte it carries (the page's, the browser's, the worker's), a Blob
 * only its handle, and its bytes go through the browser's blob storage at the
 * speed of a copy. For texts that took the CPU of a 20,000 × 100 B echo from
 * 451 to 297 ms/MB (all processes). The worker reads it back
 * (`readChunkBlob`) before `readBatch`.
 */
import { asSentText, utf8Length } from './utf8';
import { BATCH_MAX_RECORDS, MAX_BATCH_BLOB_BYTES, MAX_CAPTURED_BYTES } from './limits';

export const NUMBERS_PER_RECORD = 5;
/** A plain frame in the columns (otherwise `items` holds the record object). */
export const FLAG_FRAME = 1;
export const FLAG_SENT = 2;
export const FLAG_BINARY = 4;
export const FLAG_TRUNCATED = 8;
/** The size of a whole text, left for the background: its UTF-8 length. */
export const UNMEASURED = -1;

export interface RecordBatch {
  count: number;
  numbers: Float64Array;
  flags: Uint8Array;
  items: unknown[];
  /** ArrayBuffers from the hook; views of one buffer once read from a Blob (readChunkBlob). */
  chunks: (ArrayBuffer | Uint8Array)[];
}

/**
 * As the hook hands it to the relay: with its size, for the relay's pacing, and its number, for the
 * relay's acknowledgements (src/page/unacked.ts); the background ignores both.
 */
export type HookBatch = Omit<RecordBatch, 'chunks'> & { chunks: ArrayBuffer[]; bytes: number; seq?: number };

/** A batch as the relay posts it: in Chrome its chunks in one Blob (`lengths` bytes each), as the hook made them elsewhere. */
export type RelayBatch = HookBatch | (Omit<HookBatch, 'chunks'> & { blob: Blob; lengths: number[]; textUnits: number });

export type BatchResult = { ok: true; records: unknown[] } | { ok: false; error: string };

/**
 * The records of a batch as wire records (binary payloads as views into the chunks), still
 * candidates for validation: shapes are checked here, values by the record
 * schemas afterwards. Never throws.
 */
export function readBatch(input: unknown): BatchResult {
  if (typeof input !== 'object' || input === null) return { ok: false, error: 'a batch is an object' };
  const { count, numbers, flags, items, chunks } = input as Partial<RecordBatch>;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > BATCH_MAX_RECORDS)
    return { ok: false, error: `a batch has 1 to ${BATCH_MAX_RECORDS} records` };
  if (!(numbers instanceof Float64Array) || numbers.length < count * NUMBERS_PER_RECORD)
    return { ok: false, error: 'a batch needs numbers for every record' };
  if (!(flags instanceof Uint8Array) || flags.length < count)
    return { ok: false, error: 'a batch needs flags for every record' };
  if (!Array.isArray(items) || items.length !== count)
    return { ok: false, error: 'a batch needs an item for every record' };
  if (!Array.isArray(chunks) || !chunks.every((chunk) => chunk instanceof ArrayBuffer || chunk instanceof Uint8Array))
    return { ok: false, error: "a batch's chunks are bytes" };
  const records: unknown[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const flag = flags[i]!;
    if (!(flag & FLAG_FRAME)) {
      records[i] = asWire(items[i]);
      continue;
    }
    const at = i * NUMBERS_PER_RECORD;
    const item = items[i];
    const data =
      flag & FLAG_BINARY
        ? bytesAt(chunks, item, numbers[at + 3]!, numbers[at + 4]!)
        : flag & FLAG_SENT && typeof item === 'string'
          ? asSentText(item)
          : item;
    const size = numbers[at + 2];
    records[i] = {
      kind: 'frame',
      sid: numbers[at],
      t: numbers[at + 1],
      dir: flag & FLAG_SENT ? 'sent' : 'received',
      type: flag & FLAG_BINARY ? 'binary' : 'text',
      data,
      size: size === UNMEASURED && typeof data === 'string' ? utf8Length(data) : size,
      truncated: (flag & FLAG_TRUNCATED) !== 0,
    };
  }
  return { ok: true, records };
}

/** The bytes at `offset`, `length` of chunk `index`; null (refused by validation) for a place outside the chunks. */
function bytesAt(chunks: RecordBatch['chunks'], index: unknown, offset: number, length: number): Uint8Array | null {
  const chunk = typeof index === 'number' ? chunks[index] : undefined;
  if (!chunk || !Number.isInteger(offset) || !Number.isInteger(length)) return null;
  if (offset < 0 || length < 0 || offset + length > chunk.byteLength) return null;
  return chunk instanceof Uint8Array
    ? new Uint8Array(chunk.buffer, chunk.byteOffset + offset, length)
    : new Uint8Array(chunk, offset, length);
}

/**
 * The bytes of a record sent whole in a buffer of their own: it came as a view
 * into a buffer of the page's, which may hold anything. Anything else, and
 * bytes over MAX_CAPTURED_BYTES, stay as they are for validation to refuse.
 */
function compactBytes(bytes: unknown): unknown {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength > MAX_CAPTURED_BYTES) return bytes;
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

/** A record sent whole, as a wire record: a text's size measured if the hook left it UNMEASURED, bytes compact. */
function asWire(record: unknown): unknown {
  const frame = record as { kind?: unknown; size?: unknown; data?: unknown; dir?: unknown } | null;
  if (frame?.kind !== 'frame') return record;
  if (frame.data instanceof Uint8Array) return { ...frame, data: compactBytes(frame.data) };
  if (typeof frame.data !== 'string') return record;
  const data = frame.dir === 'sent' ? asSentText(frame.data) : frame.data;
  if (frame.size !== UNMEASURED) return data === frame.data ? record : { ...frame, data };
  return { ...frame, data, size: utf8Length(frame.data) };
}

/**
 * The batch with its chunks in one Blob, each cut to the bytes its frames use
 * (the relay's side; see the top of this file), and after them the texts of
 * its plain text frames, joined: each such item becomes its length in UTF-16
 * units. One Blob a batch: the worker stores it whole, by reference, as its
 * row's payloads (chunk-blobs.ts).
 *
 * A Blob holds text as UTF-8, where a lone surrogate becomes U+FFFD: one unit
 * for one, so the lengths still cut the text where they should (and a sent
 * text's lone surrogates go out as U+FFFD anyway, utf8.ts asSentText).
 */
export function chunksAsBlob(batch: HookBatch): RelayBatch {
  const { count, numbers, flags, bytes } = batch;
  let items = batch.items;
  let text = '';
  let textUnits = 0;
  const used = new Array<number>(batch.chunks.length).fill(0);
  for (let i = 0; i < count; i++) {
    const flag = flags[i]!;
    if (!(flag & FLAG_FRAME)) continue;
    const item = items[i];
    if (flag & FLAG_BINARY) {
      if (typeof item !== 'number') continue;
      const at = i * NUMBERS_PER_RECORD;
      used[item] = Math.max(used[item] ?? 0, numbers[at + 3]! + numbers[at + 4]!);
    } else if (typeof item === 'string') {
      if (items === batch.items) items = items.slice();
      text += item;
      textUnits += item.length;
      items[i] = item.length;
    }
  }
  if (batch.chunks.length === 0 && items === batch.items) return batch;
  const parts: BlobPart[] = batch.chunks.map(
    (chunk, i) => new Uint8Array(chunk, 0, Math.min(used[i]!, chunk.byteLength)),
  );
  const lengths = parts.map((part) => (part as Uint8Array).byteLength);
  if (textUnits > 0) parts.push(text);
  return { count, numbers, flags, items, bytes, blob: new Blob(parts), lengths, textUnits };
}

/** Whether a batch came with its chunks in a Blob, to be read (asynchronously) before readBatch. */
export function hasChunkBlob(input: unknown): input is { blob: Blob } {
  return (input as { blob?: unknown } | null)?.blob instanceof Blob;
}

/** Reads the joined texts after the chunks back; keeps the BOM a text may start with. */
const textTail = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * The batch with its Blob read: `chunks` views of one ArrayBuffer, cut at
 * `lengths`, and the texts after them back in `items`. A Blob over
 * MAX_BATCH_BLOB_BYTES (not read), one that cannot be read, lengths that do
 * not add up to it, or text lengths that do not add up to its texts leave the
 * batch without chunks, for readBatch to refuse. Never rejects.
 */
export async function readChunkBlob(input: {
  blob: Blob;
  lengths?: unknown;
  textUnits?: unknown;
}): Promise<{ batch: object; bytes?: ArrayBuffer }> {
  const { blob, lengths, textUnits = 0, ...rest } = input;
  const refused = { batch: { ...rest, chunks: null } };
  const valid =
    Array.isArray(lengths) &&
    lengths.every((n) => Number.isInteger(n) && n >= 0) &&
    Number.isInteger(textUnits) &&
    (textUnits as number) >= 0;
  if (!valid || blob.size > MAX_BATCH_BLOB_BYTES) return refused;
  const chunkBytes = lengths.reduce((sum: number, n: number) => sum + n, 0);
  if (textUnits === 0 ? chunkBytes !== blob.size : chunkBytes > blob.size) return refused;
  let bytes: ArrayBuffer;
  try {
    bytes = await blob.arrayBuffer();
  } catch {
    return refused;
  }
  if (bytes.byteLength !== blob.size) return refused;
  let offset = 0;
  const chunks = (lengths as number[]).map((length) => new Uint8Array(bytes, (offset += length) - length, length));
  if (textUnits === 0) return { batch: { ...rest, chunks }, bytes };
  const items = textsBack(rest, new Uint8Array(bytes, chunkBytes), textUnits as number);
  return items ? { batch: { ...rest, items, chunks }, bytes } : refused;
}

/**
 * The batch's items with each plain text frame's length replaced by its text,
 * cut from the joined `tail`; null when the lengths do not add up to it. An
 * all-ASCII tail (as many bytes as units) also gives every unmeasured size.
 */
function textsBack(batch: Partial<RecordBatch>, tail: Uint8Array, units: number): unknown[] | null {
  const { count, numbers, flags, items } = batch;
  if (!Array.isArray(items) || !(flags instanceof Uint8Array) || !(numbers instanceof Float64Array)) return null;
  if (typeof count !== 'number' || items.length !== count || flags.length < count) return null;
  if (numbers.length < count * NUMBERS_PER_RECORD) return null;
  const text = textTail.decode(tail);
  if (text.length !== units) return null;
  const ascii = tail.byteLength === units;
  const back = items.slice();
  let at = 0;
  for (let i = 0; i < count; i++) {
    if ((flags[i]! & (FLAG_FRAME | FLAG_BINARY)) !== FLAG_FRAME) continue;
    const length = back[i];
    if (typeof length !== 'number' || !Number.isInteger(length) || length < 0 || at + length > units) return null;
    back[i] = text.slice(at, (at += length));
    const size = i * NUMBERS_PER_RECORD + 2;
    if (ascii && numbers[size] === UNMEASURED) numbers[size] = length;
  }
  return at === units ? back : null;
}
