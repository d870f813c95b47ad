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
import { isPlainFrame } from '../protocol/plain-frames';

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
    // Plain frames (most records) are checked by hand; they stand for the schema's output.
    if (isPlainFrame(row)) {
      records.push(row);
      continue;
    }
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
 * A row's plain frames (isPlainFrame) in columns. IndexedDB serializes an
 * object key by key, names included: a row of 500 frame objects was half the
 * worker's time under a text flood; columns are a few blocks.
 *
 *   numbers  COLUMNS per frame: seq, sid, t, size, frameId, index in `conns`,
 *            and where its payload is: units of `texts`, or bytes of the row's Blob
 *   flags    one per frame (COLUMN_* below)
 *   conns    the row's connection ids
 *   texts    the texts of its text frames, joined
 */
export interface FrameColumns {
  numbers: Float64Array;
  flags: Uint8Array;
  conns: string[];
  texts: string;
}

const COLUMNS = 8;
const COLUMN_SENT = 1;
const COLUMN_BINARY = 2;
const COLUMN_TRUNCATED = 4;
const COLUMN_DEVTOOLS = 8;
const COLUMN_SIMULATED = 16;
const COLUMN_HOOK = 32;

type Frame = Extract<SessionRecord, { kind: 'frame' }>;
const isPlainRecord: (record: SessionRecord) => boolean = isPlainFrame;

/**
 * Frames as one row stores them: plain frames in `columns`, the others as
 * records (a binary one's `data` saying where its bytes are), payload bytes in
 * `bytes`. Bytes whose whole buffer has a Blob (chunk-blobs.ts) go in as that
 * Blob, once a row however many frames point into it; the rest as views,
 * neighbours in one buffer as one part.
 */
export function packFrames(frames: readonly SessionRecord[]): {
  records: { seq: number }[];
  columns?: FrameColumns;
  bytes?: Blob;
} {
  const parts: (Uint8Array | Blob)[] = [];
  /** Where each Blob-backed buffer starts in the row's bytes. */
  const backed = new Map<ArrayBufferLike, number>();
  let size = 0;
  const place = (data: Uint8Array): BytesAt => {
    let start = backed.get(data.buffer);
    const blob = start === undefined ? chunkBlob(data.buffer) : undefined;
    if (blob) {
      backed.set(data.buffer, (start = size));
      parts.push(blob);
      size += blob.size;
    }
    if (start !== undefined) return { at: start + data.byteOffset, length: data.byteLength };
    const last = parts.at(-1);
    if (
      last instanceof Uint8Array &&
      last.buffer === data.buffer &&
      last.byteOffset + last.byteLength === data.byteOffset
    )
      parts[parts.length - 1] = new Uint8Array(data.buffer, last.byteOffset, last.byteLength + data.byteLength);
    else parts.push(data);
    const at = size;
    size += data.byteLength;
    return { at, length: data.byteLength };
  };

  const plain: Frame[] = [];
  const records: { seq: number }[] = [];
  for (const record of frames) {
    // Not narrowed by the guard: a frame that is not plain still goes on below.
    if (isPlainRecord(record)) plain.push(record as Frame);
    else if (record.kind === 'frame' && record.type === 'binary')
      records.push({ ...record, data: place(record.data) } as { seq: number });
    else records.push(record);
  }
  const columns = plain.length > 0 ? frameColumns(plain, place) : undefined;
  const packed: { records: { seq: number }[]; columns?: FrameColumns; bytes?: Blob } = { records };
  if (columns) packed.columns = columns;
  if (parts.length > 0) packed.bytes = new Blob(parts as BlobPart[]);
  return packed;
}

function frameColumns(frames: readonly Frame[], place: (data: Uint8Array) => BytesAt): FrameColumns {
  const numbers = new Float64Array(frames.length * COLUMNS);
  const flags = new Uint8Array(frames.length);
  const conns: string[] = [];
  const connIndex = new Map<string, number>();
  let texts = '';
  frames.forEach((frame, i) => {
    const at = i * COLUMNS;
    let conn = connIndex.get(frame.conn);
    if (conn === undefined) connIndex.set(frame.conn, (conn = conns.push(frame.conn) - 1));
    numbers[at] = frame.seq;
    numbers[at + 1] = frame.sid;
    numbers[at + 2] = frame.t;
    numbers[at + 3] = frame.size;
    numbers[at + 4] = frame.frameId;
    numbers[at + 5] = conn;
    if (frame.type === 'binary') {
      const bytes = place(frame.data);
      numbers[at + 6] = bytes.at;
      numbers[at + 7] = bytes.length;
    } else {
      numbers[at + 6] = texts.length;
      numbers[at + 7] = frame.data.length;
      texts += frame.data;
    }
    flags[i] =
      (frame.dir === 'sent' ? COLUMN_SENT : 0) |
      (frame.type === 'binary' ? COLUMN_BINARY : 0) |
      (frame.truncated ? COLUMN_TRUNCATED : 0) |
      (frame.origin === 'devtools' ? COLUMN_DEVTOOLS : frame.origin === 'simulated' ? COLUMN_SIMULATED : 0) |
      (frame.source === 'hook' ? COLUMN_HOOK : 0);
  });
  return { numbers, flags, conns, texts };
}

/** The frames of `columns`, as candidates for validRecords (one undefined, skipped, when the columns are damaged). */
function columnFrames(columns: unknown, bytes: ArrayBuffer): unknown[] {
  const { numbers, flags, conns, texts } = (columns ?? {}) as Partial<FrameColumns>;
  const count = flags instanceof Uint8Array ? flags.length : -1;
  if (
    !(numbers instanceof Float64Array) ||
    numbers.length !== count * COLUMNS ||
    !Array.isArray(conns) ||
    typeof texts !== 'string'
  )
    return [undefined];
  const frames: unknown[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const at = i * COLUMNS;
    const flag = flags![i]!;
    const start = numbers[at + 6]!;
    const length = numbers[at + 7]!;
    const frame: Record<string, unknown> = {
      kind: 'frame',
      sid: numbers[at + 1],
      t: numbers[at + 2],
      dir: flag & COLUMN_SENT ? 'sent' : 'received',
      size: numbers[at + 3],
      truncated: (flag & COLUMN_TRUNCATED) !== 0,
      type: flag & COLUMN_BINARY ? 'binary' : 'text',
      // A place outside the payloads leaves data an object, which validation refuses (skipped and counted).
      data: flag & COLUMN_BINARY ? bytesAt(bytes, start, length) : textAt(texts, start, length),
      seq: numbers[at],
      conn: conns[numbers[at + 5]!],
      frameId: numbers[at + 4],
    };
    if (flag & COLUMN_DEVTOOLS) frame.origin = 'devtools';
    else if (flag & COLUMN_SIMULATED) frame.origin = 'simulated';
    if (flag & COLUMN_HOOK) frame.source = 'hook';
    frames[i] = frame;
  }
  return frames;
}

/**
 * A stored row with only its frames at or above `from` (the budget's cut goes
 * through it). Its Blob and texts stay whole: the kept frames say where their
 * payloads are in them.
 */
export function rowFrom<Row extends { seq: number; first: number; records: { seq: number }[]; columns?: FrameColumns }>(
  row: Row,
  from: number,
): Row {
  const records = row.records.filter((record) => record.seq >= from);
  let first = records[0]?.seq ?? row.seq;
  if (!row.columns) return { ...row, records, first };
  const { numbers, flags } = row.columns;
  let keep = 0;
  while (keep < flags.length && numbers[keep * COLUMNS]! < from) keep++;
  if (keep < flags.length) first = Math.min(first, numbers[keep * COLUMNS]!);
  const columns = { ...row.columns, numbers: numbers.slice(keep * COLUMNS), flags: flags.slice(keep) };
  return { ...row, records, first, columns };
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

/** A stored row's frames as candidates for validRecords, in seq order: binary frames' bytes put back, as views into `bytes`. */
export function unpackFrames(rows: readonly unknown[], buffers: readonly ArrayBuffer[]): unknown[] {
  return rows.flatMap((row, i) => {
    const { records, columns } = (row ?? {}) as { records?: unknown; columns?: unknown };
    if (!Array.isArray(records)) return [undefined];
    const objects = records.map((record) => withBytes(record, buffers[i]!));
    return columns === undefined ? objects : mergeBySeq(objects, columnFrames(columns, buffers[i]!), seqOf);
  });
}

const seqOf = (record: unknown): number => {
  const seq = (record as { seq?: unknown } | null)?.seq;
  return typeof seq === 'number' ? seq : -1;
};

/** Two lists, each in seq order, as one in seq order (`seqOf` of what has no seq: -1, which validation refuses). */
export function mergeBySeq<T>(a: readonly T[], b: readonly T[], seq: (item: T) => number): T[] {
  if (a.length === 0) return b.slice();
  const merged: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && seq(a[i]!) < seq(b[j]!))) merged.push(a[i++]!);
    else merged.push(b[j++]!);
  }
  return merged;
}

const fits = (at: number, length: number, size: number) =>
  Number.isInteger(at) && Number.isInteger(length) && at >= 0 && length >= 0 && at + length <= size;

// A place outside the payloads leaves data an object, which validation refuses (skipped and counted).
const bytesAt = (bytes: ArrayBuffer, at: number, length: number) =>
  fits(at, length, bytes.byteLength) ? new Uint8Array(bytes, at, length) : { at, length };
const textAt = (texts: string, at: number, length: number) =>
  fits(at, length, texts.length) ? texts.slice(at, at + length) : { at, length };

function withBytes(record: unknown, bytes: ArrayBuffer): unknown {
  const place = (record as { data?: unknown } | null)?.data as Partial<BytesAt> | undefined;
  if (typeof place !== 'object' || place === null || place instanceof Uint8Array) return record;
  const data = bytesAt(bytes, place.at!, place.length!);
  return data instanceof Uint8Array ? { ...(record as object), data } : record;
}
