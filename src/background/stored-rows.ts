/**
 * Rows read back from IndexedDB are validated like anything else that crosses
 * a boundary: a database written by an older build, or damaged, must not break
 * the session. A bad record is skipped and counted; a bad tab meta skips the tab.
 */
import * as v from 'valibot';
import { base64ToBytes } from '../protocol/base64';
import { MAX_BASE64_CHARS } from '../protocol/limits';
import { SessionRecordSchema, type SessionRecord } from '../protocol/schema';
import { NavigationSchema } from '../protocol/messages';
import { RulesSchema } from '../protocol/actions';
import type { TabMeta } from './tab-session';

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
});

export function validMeta(meta: unknown): TabMeta | null {
  const result = v.safeParse(TabMetaSchema, meta);
  return result.success ? result.output : null;
}

/** Binary data as builds before protocol 6 stored it. */
const OlderBinaryDataSchema = v.pipe(v.string(), v.maxLength(MAX_BASE64_CHARS), v.base64());

/** A binary frame stored as base64 by an older build, with its bytes; anything else as it is. */
function withBytes(row: unknown): unknown {
  const frame = row as { kind?: unknown; type?: unknown; data?: unknown } | null;
  if (frame?.kind !== 'frame' || frame.type !== 'binary' || typeof frame.data !== 'string') return row;
  const data = v.safeParse(OlderBinaryDataSchema, frame.data);
  return data.success ? { ...frame, data: base64ToBytes(data.output) } : row;
}

/** Keeps the valid records of `candidates`, in order (older base64 payloads as bytes); counts the rest. */
export function validRecords(candidates: readonly unknown[]): { records: SessionRecord[]; skipped: number } {
  const records: SessionRecord[] = [];
  let skipped = 0;
  for (const row of candidates) {
    const result = v.safeParse(SessionRecordSchema, withBytes(row));
    if (result.success) records.push(result.output as SessionRecord);
    else skipped++;
  }
  return { records, skipped };
}
