/**
 * The session record a client gets most, a frame with no intercept, checked
 * by hand. A client validates every record it receives, and on a flood that
 * is thousands a second: valibot's parse of the session record schema costs a
 * panel about a third of each message's task and builds a copy of every
 * record (garbage at the same rate). `isPlainFrame` accepts only a record the
 * schema accepts unchanged (the same fields, nothing more, every rule of
 * schema.ts and fields.ts), so the record itself can stand for the parse's
 * output; anything else goes through the schema, which decides and words the
 * error.
 */
import { MAX_CAPTURED_BYTES, MAX_CAPTURED_CHARS } from './limits';
import type { SessionRecord, WireRecord } from './schema';

const MAX_CONN_CHARS = 64;

/** Fields a plain frame must have, and those it may have: as the session keeps it, and as a relay sends it. */
const FRAME = ['kind', 'sid', 't', 'dir', 'size', 'truncated', 'type', 'data'];
const SESSION = fieldsOf([...FRAME, 'seq', 'conn', 'frameId'], ['origin', 'source']);
/** The wire schema has no `source` (the service sets it): it would drop one, so such a record is not plain. */
const WIRE = fieldsOf(FRAME, ['origin']);

function fieldsOf(required: string[], optional: string[]) {
  return { required: required.length, known: new Set([...required, ...optional]) };
}

const isCount = (value: unknown, min: number): boolean =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= Number.MAX_SAFE_INTEGER;

export function isPlainFrame(input: unknown): input is Extract<SessionRecord, { kind: 'frame' }> {
  if (!isPlain(input, SESSION)) return false;
  const { seq, conn, frameId } = input as Record<string, unknown>;
  if (!isCount(seq, 0)) return false;
  if (typeof conn !== 'string' || conn.length > MAX_CONN_CHARS) return false;
  return typeof frameId === 'number' && Number.isInteger(frameId) && frameId >= 0;
}

/**
 * A frame record as the relay's batches carry it (readBatch), checked by hand
 * for the same reason: the worker files thousands a second. Accepts only what
 * the wire schema accepts unchanged; anything else goes through the schema.
 */
export function isPlainWireFrame(input: unknown): input is Extract<WireRecord, { kind: 'frame' }> {
  return isPlain(input, WIRE);
}

function isPlain(input: unknown, fields: { required: number; known: Set<string> }): boolean {
  if (typeof input !== 'object' || input === null || Object.getPrototypeOf(input) !== Object.prototype) return false;
  const record = input as Record<string, unknown>;
  let count = 0;
  for (const key in record) {
    if (!fields.known.has(key)) return false;
    count++;
  }
  const { origin, source } = record;
  const optional = ('origin' in record ? 1 : 0) + ('source' in record ? 1 : 0);
  if (count !== fields.required + optional) return false;
  if (record.kind !== 'frame') return false;
  if (!isCount(record.sid, 1) || !isCount(record.size, 0)) return false;
  const { t, dir, truncated, type, data } = record;
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) return false;
  if (dir !== 'sent' && dir !== 'received') return false;
  if (typeof truncated !== 'boolean') return false;
  // Present means set: an optional field present as undefined is left to the schema.
  if ('origin' in record && origin !== 'devtools' && origin !== 'simulated') return false;
  if ('source' in record && source !== 'hook') return false;
  if (type === 'text') return typeof data === 'string' && data.length <= MAX_CAPTURED_CHARS;
  if (type === 'binary') return data instanceof Uint8Array && data.byteLength <= MAX_CAPTURED_BYTES;
  return false;
}
