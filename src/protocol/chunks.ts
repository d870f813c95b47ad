/**
 * Messages to clients are bounded by bytes, not by a record count: Chrome
 * refuses an extension message over 64 MiB, and a 5,000-record page of
 * 15 KB frames is already past it. recordBytes estimates what a record costs
 * in a structured clone (strings counted at two bytes a character, the most
 * they take), and chunkRecords cuts a run of records into messages of at
 * most `maxBytes` each (a single record always goes, whatever its size).
 * Binary payloads are views into their batch's chunk (batch.ts): a clone
 * writes each buffer once, whole, so a message counts each buffer it touches
 * once, at its full size.
 */
import type { SessionRecord } from './schema';

/** Fields, keys and numbers of a record besides its strings: a generous flat allowance. */
const RECORD_OVERHEAD = 256;

/** What `record` adds to a message whose payload buffers so far are `buffers` (which it adds its own to). */
export function recordBytes(record: SessionRecord, buffers: Set<ArrayBufferLike> = new Set()): number {
  let chars = record.conn.length;
  let bytes = 0;
  switch (record.kind) {
    case 'frame':
      if (record.type === 'text') chars += record.data.length;
      else if (!buffers.has(record.data.buffer)) {
        buffers.add(record.data.buffer);
        bytes = record.data.buffer.byteLength;
      }
      break;
    case 'create':
      chars += record.url.length + record.stack.length + record.frameUrl.length;
      for (const protocol of record.protocols) chars += protocol.length;
      break;
    case 'open':
      chars += record.protocol.length + record.extensions.length;
      break;
    case 'closing':
    case 'close':
      chars += record.reason?.length ?? 0;
      break;
  }
  return RECORD_OVERHEAD + chars * 2 + bytes;
}

/** Splits records into runs of at most `maxBytes` (estimated) and `maxRecords` records, in order. */
export function chunkRecords(
  records: readonly SessionRecord[],
  maxBytes: number,
  maxRecords = Number.POSITIVE_INFINITY,
): SessionRecord[][] {
  const chunks: SessionRecord[][] = [];
  let chunk: SessionRecord[] = [];
  let bytes = 0;
  let buffers = new Set<ArrayBufferLike>();
  for (const record of records) {
    let size = recordBytes(record, buffers);
    if (chunk.length >= maxRecords || (chunk.length > 0 && bytes + size > maxBytes)) {
      chunks.push(chunk);
      chunk = [];
      buffers = new Set();
      size = recordBytes(record, buffers);
      bytes = 0;
    }
    chunk.push(record);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** How many of `records`, from the start, fit in `maxBytes` (at least one, when there is one). */
export function fittingCount(records: readonly SessionRecord[], maxBytes: number, limit = records.length): number {
  let bytes = 0;
  const buffers = new Set<ArrayBufferLike>();
  const end = Math.min(limit, records.length);
  for (let i = 0; i < end; i++) {
    bytes += recordBytes(records[i]!, buffers);
    if (bytes > maxBytes && i > 0) return i;
  }
  return end;
}
