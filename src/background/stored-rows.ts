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
