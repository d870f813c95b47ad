/**
 * Rows read back from IndexedDB are validated like anything else that crosses
 * a boundary: a database written by an older build, or damaged, must not break
 * the session. A bad record is skipped and counted; a bad tab meta skips the tab.
 */
import * as v from 'valibot';
import { withBytesData } from '../protocol/base64-records';
import { SessionRecordSchema, type SessionRecord } from '../protocol/schema';
import { NavigationSchema } from '../protocol/messages';
import { RulesSchema } from '../protocol/actions';
import { HandshakeSchema } from '../protocol/handshake';
import type { TabMeta } from './tab-session';
import { chunkBlob } from './chunk-blobs';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

const TabMetaSchema = v.object({
  tabId: count,
  epoch: v.string(),
  nextSeq: count,
  documents: v.array(v.tuple([v.string(), v.object({ doc: count, next: count, frameId: v.optional(count) })])),
  topDocument: v.optional(v.string()),
  paused: v.boolean(),
  framesKeptFrom: count,
  droppedFrames: count,
  droppedConnections: v.optional(count),
  droppedByConnection: v.record(v.string(), count),
  navigations: v.array(NavigationSchema),
  rules: v.optional(RulesSchema),
  handshakes: v.optional(v.array(v.object({ frameId: count, handshake: HandshakeSchema, since: v.number() }))),
});

export function validMeta(meta: unknown): TabMeta | null {
  const result = v.safeParse(TabMetaSchema, meta);
  return result.success ? result.output : null;
}

/** Keeps the valid records of `candidates`, in order (base64 payloads of older builds as bytes); counts the rest. */
export function validRecords(candidates: readonly unknown[]): { records: SessionRecord[]; skipped: number } {
  const records: SessionRecord[] = [];
  let skipped = 0;
  for (const row of candidates) {
    const decoded = withBytesData(row);
    const result = decoded.ok ? v.safeParse(SessionRecordSchema, decoded.value) : null;
    if (result?.success) records.push(result.output as SessionRecord);
    else skipped++;
  }
  return { records, skipped };
}

/**
 * Where a stored binary frame's payload is in its row's Blob. Frames' bytes go
 * to IndexedDB as one Blob per row: putting them as byte arrays inside the row
 * cost the worker about half its time under a binary flood (the row is
 * serialized, then copied again into a Blob of its own by the browser).
 */
interface BytesAt {
  at: number;
  length: number;
}

/**
 * Frames as one row stores them: payload bytes in `bytes`, each binary frame's
 * `data` saying where. Bytes whose whole buffer has a Blob (chunk-blobs.ts)
 * go in as that Blob, once a row however many frames point into it; the rest
 * as views, neighbours in one buffer as one part.
 */
export function packFrames(frames: readonly SessionRecord[]): { records: { seq: number }[]; bytes?: Blob } {
  const parts: (Uint8Array | Blob)[] = [];
  /** Where each Blob-backed buffer starts in the row's bytes. */
  const backed = new Map<ArrayBufferLike, number>();
  let size = 0;
  const records = frames.map((record) => {
    if (record.kind !== 'frame' || record.type !== 'binary') return record;
    const data = record.data;
    let start = backed.get(data.buffer);
    const blob = start === undefined ? chunkBlob(data.buffer) : undefined;
    if (blob) {
      backed.set(data.buffer, (start = size));
      parts.push(blob);
      size += blob.size;
    }
    if (start !== undefined) return { ...record, data: { at: start + data.byteOffset, length: data.byteLength } };
    const last = parts.at(-1);
    if (
      last instanceof Uint8Array &&
      last.buffer === data.buffer &&
      last.byteOffset + last.byteLength === data.byteOffset
    )
      parts[parts.length - 1] = new Uint8Array(data.buffer, last.byteOffset, last.byteLength + data.byteLength);
    else parts.push(data);
    const place: BytesAt = { at: size, length: data.byteLength };
    size += data.byteLength;
    return { ...record, data: place };
  });
  return parts.length > 0 ? { records, bytes: new Blob(parts as BlobPart[]) } : { records };
}

/** Whether `a` and `b` are binary frames whose bytes share a Blob-backed buffer (a row should not part them). */
export function shareChunkBlob(a: SessionRecord | undefined, b: SessionRecord): boolean {
  if (a?.kind !== 'frame' || a.type !== 'binary' || b.kind !== 'frame' || b.type !== 'binary') return false;
  return a.data.buffer === b.data.buffer && chunkBlob(a.data.buffer) !== undefined;
}

/** The bytes a stored row's frames need, read from its Blob (an empty buffer when it has none or it is not a Blob). */
export async function rowBytes(row: { bytes?: unknown } | undefined): Promise<ArrayBuffer> {
  return row?.bytes instanceof Blob ? row.bytes.arrayBuffer() : new ArrayBuffer(0);
}

/** A stored row's records as candidates for validRecords: each binary frame's bytes put back, as a view into `bytes`. */
export function unpackFrames(rows: readonly unknown[], buffers: readonly ArrayBuffer[]): unknown[] {
  return rows.flatMap((row, i) => {
    const records = (row as { records?: unknown } | undefined)?.records;
    if (!Array.isArray(records)) return [undefined];
    return records.map((record) => withBytes(record, buffers[i]!));
  });
}

function withBytes(record: unknown, bytes: ArrayBuffer): unknown {
  const place = (record as { data?: unknown } | null)?.data as Partial<BytesAt> | undefined;
  if (typeof place !== 'object' || place === null || place instanceof Uint8Array) return record;
  const { at, length } = place;
  const fits =
    Number.isInteger(at) && Number.isInteger(length) && at! >= 0 && length! >= 0 && at! + length! <= bytes.byteLength;
  // A place outside the bytes leaves data an object, which validation refuses (skipped and counted).
  return fits ? { ...(record as object), data: new Uint8Array(bytes, at, length) } : record;
}
