/**
 * Records whose binary payloads are base64 text: JSON files (a session file,
 * HAR, NDJSON) need text, and builds before protocol 6 stored base64 rows.
 * Everywhere else a binary payload is a Uint8Array.
 */
import * as v from 'valibot';
import { base64ToBytes, bytesToBase64 } from './base64';
import { MAX_BASE64_CHARS } from './limits';
import { parseWith, type ParseResult, type SessionRecord } from './schema';

type BinaryRecord = Extract<SessionRecord, { type: 'binary' }>;
/** A session record as JSON carries it. */
export type Base64Record = Exclude<SessionRecord, BinaryRecord> | (Omit<BinaryRecord, 'data'> & { data: string });

const Base64DataSchema = v.object({ data: v.pipe(v.string(), v.maxLength(MAX_BASE64_CHARS), v.base64()) });

export function withBase64Data(record: SessionRecord): Base64Record {
  return record.kind === 'frame' && record.type === 'binary' ? { ...record, data: bytesToBase64(record.data) } : record;
}

/**
 * A candidate record with its base64 payload decoded, still to be validated;
 * an error for binary data that is not base64 (anything else passes as it is).
 */
export function withBytesData(candidate: unknown): ParseResult<unknown> {
  const frame = candidate as { kind?: unknown; type?: unknown; data?: unknown } | null;
  if (frame?.kind !== 'frame' || frame.type !== 'binary' || typeof frame.data !== 'string')
    return { ok: true, value: candidate };
  const base64 = parseWith(Base64DataSchema, { data: frame.data });
  return base64.ok ? { ok: true, value: { ...frame, data: base64ToBytes(base64.value.data) } } : base64;
}
