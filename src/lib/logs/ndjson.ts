/**
 * Line logs for grep and diff: one frame per line, as NDJSON (one JSON object
 * per line, stable key order) or as plain text. Lifecycle records are not
 * lines of their own; the text log lists each connection in a `#` header.
 */
import type { SessionRecord } from '../../protocol/schema';
import { bytesToBase64 } from '../../protocol/base64';
import { groupByConnection, inSeqOrder, isoTime, type FrameSessionRecord, type LogMeta } from './records';
import { decodeForExport, type DecodedFields } from '../decoders/export-fields';

/** One NDJSON line's object. `data` is the text, or base64 for binary frames. */
export interface FrameLine {
  /** The frame's place in the tab's capture order (what `decoded.replyTo` points at). */
  seq: number;
  time: string;
  conn: string;
  url: string;
  dir: 'sent' | 'received';
  type: 'text' | 'binary';
  size: number;
  truncated?: true;
  data: string;
  /** What the frame means, when a protocol decoder read it. */
  decoded?: DecodedFields;
  /** The redaction rules that masked something in this frame (redacted exports only). */
  redacted?: readonly string[];
}

const LINES_PER_CHUNK = 5000;

/** Frames of connections whose create record is present, with their URLs, in capture order. */
function* framesWithUrl(records: readonly SessionRecord[]): Generator<[FrameSessionRecord, string]> {
  const urls = new Map(groupByConnection(records).map((c) => [c.conn, c.create.url]));
  for (const record of inSeqOrder(records)) {
    if (record.kind !== 'frame') continue;
    const url = urls.get(record.conn);
    if (url !== undefined) yield [record, url];
  }
}

export function frameLine(frame: FrameSessionRecord, url: string, decoded?: DecodedFields): FrameLine {
  return {
    seq: frame.seq,
    time: isoTime(frame.t),
    conn: frame.conn,
    url,
    dir: frame.dir,
    type: frame.type,
    size: frame.size,
    ...(frame.truncated ? { truncated: true as const } : {}),
    data: frame.type === 'text' ? frame.data : bytesToBase64(frame.data),
    ...(decoded && { decoded }),
  };
}

export function* ndjsonChunks(records: readonly SessionRecord[], meta: LogMeta = {}): Generator<string> {
  const decoded = decodeForExport(inSeqOrder(records));
  const redacted = meta.redactedFrames;
  yield* batched(framesWithUrl(records), ([frame, url]) => {
    const line = frameLine(frame, url, decoded(frame.seq, frame.conn));
    const rules = redacted?.[frame.seq];
    return JSON.stringify(rules ? { ...line, redacted: rules } : line);
  });
}

/**
 * `2026-11-02T10:00:00.123Z  1.3  sent  text  5 B  hello` — text with \n, \r,
 * \t and \ escaped so a frame stays on one line; binary as `base64:…`.
 */
export function* textChunks(records: readonly SessionRecord[], meta: LogMeta = {}): Generator<string> {
  const connections = groupByConnection(records);
  if (meta.redaction) yield `# redacted: ${JSON.stringify(meta.redaction)}\n`;
  yield connections.map((c) => `# ${c.conn}  ${c.create.url}  (frame ${c.create.frameUrl || 'unknown'})\n`).join('');
  yield* batched(framesWithUrl(records), ([frame]) => textLine(frame));
}

export function textLine(frame: FrameSessionRecord): string {
  const cut = frame.truncated ? ' (cut)' : '';
  const payload = frame.type === 'text' ? escapeLine(frame.data) : `base64:${bytesToBase64(frame.data)}`;
  return `${isoTime(frame.t)}  ${frame.conn}  ${frame.dir === 'sent' ? 'sent' : 'recv'}  ${frame.type}  ${frame.size} B${cut}  ${payload}`;
}

function escapeLine(text: string): string {
  return text.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

function* batched<T>(items: Iterable<T>, line: (item: T) => string): Generator<string> {
  let lines: string[] = [];
  for (const item of items) {
    lines.push(line(item));
    if (lines.length === LINES_PER_CHUNK) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
  }
  if (lines.length) yield `${lines.join('\n')}\n`;
}

export function exportNdjson(records: readonly SessionRecord[]): string {
  return [...ndjsonChunks(records)].join('');
}

export function exportText(records: readonly SessionRecord[]): string {
  return [...textChunks(records)].join('');
}
