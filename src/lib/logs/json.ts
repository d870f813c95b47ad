/**
 * Our own session file (docs/session-format.md): every SessionRecord as the
 * background serves it (binary payloads as base64), plus facts about the export. Written one
 * record per line, so big files diff and stream well.
 */
import * as v from 'valibot';
import { SessionRecordSchema, parseWith, type SessionRecord } from '../../protocol/schema';
import { withBase64Data, withBytesData, type Base64Record } from '../../protocol/base64-records';
import { NavigationSchema, type Navigation } from '../../protocol/messages';
import { canonicalRecord } from './canonical';
import { inSeqOrder, isoTime, type LogMeta, type RedactionSummary } from './records';
import { decodeForExport } from '../decoders/export-fields';

/**
 * A record as the file holds it: binary data as base64, and on frames a decoder
 * read, what they mean (`decoded`, as in NDJSON lines). Import ignores `decoded`:
 * it is decoded again from the data.
 */
function fileRecords(records: readonly SessionRecord[]): (record: SessionRecord) => Base64Record {
  const decoded = decodeForExport(records);
  return (record) => {
    const fields = record.kind === 'frame' ? decoded(record.seq, record.conn) : undefined;
    return fields ? { ...withBase64Data(record), decoded: fields } : withBase64Data(record);
  };
}
import { TOOL_NAME, TOOL_VERSION } from './tool';
import { explain, fail, type ImportResult } from './import-result';

export const SESSION_FORMAT = 'websocket-lens-session';
export const SESSION_FORMAT_VERSION = 2;

export interface SessionFile {
  format: typeof SESSION_FORMAT;
  version: typeof SESSION_FORMAT_VERSION;
  exportedAt: string;
  tool: { name: string; version: string };
  page?: { url: string };
  droppedByConnection?: Record<string, number>;
  navigations?: Navigation[];
  /** Present when secrets were masked before export: which rules, how many. */
  redaction?: RedactionSummary;
  records: Base64Record[];
}

const RECORDS_PER_CHUNK = 500;

function header(meta: LogMeta): Omit<SessionFile, 'records'> {
  return {
    format: SESSION_FORMAT,
    version: SESSION_FORMAT_VERSION,
    exportedAt: isoTime(meta.exportedAt ?? Date.now()),
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    ...(meta.pageUrl === undefined ? {} : { page: { url: meta.pageUrl } }),
    ...(meta.droppedByConnection && Object.keys(meta.droppedByConnection).length
      ? { droppedByConnection: meta.droppedByConnection }
      : {}),
    ...(meta.navigations?.length ? { navigations: meta.navigations } : {}),
    ...(meta.redaction && { redaction: meta.redaction }),
  };
}

export function buildSessionFile(records: readonly SessionRecord[], meta: LogMeta = {}): SessionFile {
  const sorted = inSeqOrder(records);
  return { ...header(meta), records: sorted.map(fileRecords(sorted)) };
}

/** The file in pieces; joined they parse to `buildSessionFile`'s object. */
export function* sessionJsonChunks(records: readonly SessionRecord[], meta: LogMeta = {}): Generator<string> {
  yield `${JSON.stringify(header(meta)).slice(0, -1)},"records":[`;
  const sorted = inSeqOrder(records);
  const toFile = fileRecords(sorted);
  for (let i = 0; i < sorted.length; i += RECORDS_PER_CHUNK) {
    const lines = sorted.slice(i, i + RECORDS_PER_CHUNK).map((r) => JSON.stringify(toFile(r)));
    yield `${i === 0 ? '' : ','}\n${lines.join(',\n')}`;
  }
  yield '\n]}\n';
}

export function exportSessionJson(records: readonly SessionRecord[], meta: LogMeta = {}): string {
  let out = '';
  for (const chunk of sessionJsonChunks(records, meta)) out += chunk;
  return out;
}

const count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));

/** Everything but the records, which are checked one by one so an error can name the record. */
const SessionFileHeadSchema = v.object({
  format: v.literal(SESSION_FORMAT),
  // Version 1 files are version 2 without handshake records: read as they are.
  version: v.picklist([1, SESSION_FORMAT_VERSION]),
  exportedAt: v.pipe(v.string(), v.isoTimestamp()),
  tool: v.object({ name: v.string(), version: v.string() }),
  page: v.optional(v.object({ url: v.string() })),
  droppedByConnection: v.optional(v.record(v.string(), count)),
  navigations: v.optional(v.array(NavigationSchema)),
  records: v.array(v.unknown()),
});

/**
 * Validates a parsed session file (its `format` is ours) and checks that its
 * records form a session. Takes the parsed object over: its records array is
 * emptied as records are validated, so a big file is not held twice.
 */
export function readSessionFile(file: Record<string, unknown>): ImportResult {
  if (typeof file.version === 'number' && file.version > SESSION_FORMAT_VERSION) {
    return fail(
      `This session file has format version ${file.version}, written by a newer WebSocket Lens; this one reads version ${SESSION_FORMAT_VERSION}. Update the extension.`,
    );
  }
  // The head check gets an empty array: a copy of the records array would keep every raw record alive.
  const head = parseWith(SessionFileHeadSchema, Array.isArray(file.records) ? { ...file, records: [] } : file);
  if (!head.ok) return fail(`Not a valid WebSocket Lens session file: ${explain(head.error)}.`);
  const warnings: string[] = [];
  const records: SessionRecord[] = [];
  const raw = file.records as unknown[];
  for (let i = 0; i < raw.length; i++) {
    const decoded = withBytesData(raw[i]);
    const parsed = decoded.ok ? parseWith(SessionRecordSchema, decoded.value) : decoded;
    if (!parsed.ok) return fail(`records[${i}]: ${explain(parsed.error)}.`);
    records.push(canonicalRecord(parsed.value as SessionRecord));
    raw[i] = undefined;
  }
  const checked = checkSession(records);
  if (typeof checked === 'string') return fail(checked);
  if (checked !== records) warnings.push('The records were not in seq order; they were sorted.');
  const { page, droppedByConnection, navigations, tool, exportedAt } = head.value;
  return {
    ok: true,
    source: 'websocket-lens-json',
    records: checked,
    warnings,
    meta: {
      creator: tool,
      exportedAt: Date.parse(exportedAt),
      ...(page ? { pageUrl: page.url } : {}),
      ...(droppedByConnection ? { droppedByConnection } : {}),
      ...(navigations ? { navigations } : {}),
    },
  };
}

/**
 * The session model needs unique seqs and a create before anything else of a
 * connection. Returns the records in seq order, or an error naming the first
 * offending record (by its seq: the order in the file may differ).
 */
function checkSession(records: SessionRecord[]): SessionRecord[] | string {
  const sorted = inSeqOrder(records) as SessionRecord[];
  const created = new Set<string>();
  for (let i = 0; i < sorted.length; i++) {
    const record = sorted[i]!;
    if (i > 0 && record.seq === sorted[i - 1]!.seq) return `Two records have seq ${record.seq}: seq must be unique.`;
    if (record.kind === 'create') {
      if (created.has(record.conn))
        return `The record with seq ${record.seq} creates connection "${record.conn}" a second time.`;
      created.add(record.conn);
    } else if (!created.has(record.conn)) {
      return `The record with seq ${record.seq} (${record.kind}) belongs to connection "${record.conn}", which has no create record before it.`;
    }
  }
  return sorted;
}
