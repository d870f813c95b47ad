/**
 * Messages to clients are bounded by bytes, not by a record count: Chrome
 * refuses an extension message over 64 MiB, and a 5,000-record page of
 * 15 KB frames is already past it. recordBytes estimates what a record costs
 * in a structured clone (strings counted at two bytes a character, the most
 * they take; bytes as bytes), and chunkRecords cuts a run of records into messages of at
 * most `maxBytes` each (a single record always goes, whatever its size).
 */
import type { SessionRecord } from './schema';

/** Fields, keys and numbers of a record besides its strings: a generous flat allowance. */
const RECORD_OVERHEAD = 256;

export function recordBytes(record: SessionRecord): number {
  let chars = record.conn.length;
  let bytes = 0;
  switch (record.kind) {
    case 'frame':
      if (record.type === 'binary') bytes = record.data.byteLength;
      else chars += record.data.length;
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
  for (const record of records) {
    const size = recordBytes(record);
    if (chunk.length >= maxRecords || (chunk.length > 0 && bytes + size > maxBytes)) {
      chunks.push(chunk);
      chunk = [];
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
  const end = Math.min(limit, records.length);
  for (let i = 0; i < end; i++) {
    bytes += recordBytes(records[i]!);
    if (bytes > maxBytes && i > 0) return i;
  }
  return end;
}
