/**
 * Shared pieces of the log formats: the record shapes they work on, what an
 * export may say about where it came from, and grouping records per connection.
 */
import type { CreateRecord, SessionRecord } from '../../protocol/schema';
import type { Navigation } from '../../protocol/messages';

export type FrameSessionRecord = Extract<SessionRecord, { kind: 'frame' }>;
export type CreateSessionRecord = CreateRecord & { seq: number; conn: string; frameId: number };

/** Facts about an export that are not records. Everything is optional: the panel and the CLI know different things. */
export interface LogMeta {
  /** The inspected page's URL. */
  pageUrl?: string;
  /** When the export was made, epoch ms; now when absent. */
  exportedAt?: number;
  /** Frames the background dropped to stay within its budget, per connection id (TabStatus.droppedByConnection). */
  droppedByConnection?: Record<string, number>;
  /** Navigation markers kept with "Preserve log" (TabStatus.navigations). */
  navigations?: Navigation[];
  /** The records were redacted before export (src/lib/redact): what was masked, written into the file. */
  redaction?: RedactionSummary;
  /** With `redaction`: the rules that masked something in each frame, by seq (NDJSON lines carry them). */
  redactedFrames?: Record<number, readonly string[]>;
}

/** What a redacted file says about its redaction (src/lib/redact/redact.ts makes it). */
export interface RedactionSummary {
  masked: number;
  rules: Record<string, number>;
  userRegexes: string[];
  userPaths: string[];
  note: string;
}

/** One connection's records, in capture order, with its create record. */
export interface ConnectionLog {
  conn: string;
  create: CreateSessionRecord;
  records: SessionRecord[];
}

/** Records in seq order; returns the input itself when it is already sorted. */
export function inSeqOrder(records: readonly SessionRecord[]): readonly SessionRecord[] {
  for (let i = 1; i < records.length; i++) {
    if (records[i]!.seq < records[i - 1]!.seq) return [...records].sort((a, b) => a.seq - b.seq);
  }
  return records;
}

/**
 * Groups records by connection, in order of creation. Records of a connection
 * whose create record is not among them are left out: a log names the socket
 * of every frame (the selection helpers always include lifecycle records).
 */
export function groupByConnection(records: readonly SessionRecord[]): ConnectionLog[] {
  const byConn = new Map<string, ConnectionLog>();
  for (const record of inSeqOrder(records)) {
    if (record.kind === 'create') {
      if (!byConn.has(record.conn)) byConn.set(record.conn, { conn: record.conn, create: record, records: [record] });
      continue;
    }
    byConn.get(record.conn)?.records.push(record);
  }
  return [...byConn.values()];
}

/** The ISO time of an epoch-ms instant; never throws (out-of-range times become the epoch). */
export function isoTime(epochMs: number): string {
  const date = new Date(epochMs);
  return Number.isNaN(date.getTime()) ? new Date(0).toISOString() : date.toISOString();
}
