/**
 * Our plain-text frame log (ndjson.ts `textChunks`) → a read-only session.
 * `# <conn>  <url>  (frame <page url>)` header lines declare the connections;
 * each other line is a frame:
 * `<ISO time>  <conn>  sent|recv  text|binary  <size> B[ (cut)]  <payload>`,
 * text with \\, \n, \r and \t escaped (reversed here exactly), binary as
 * `base64:…`. A `# redacted: {…}` line says what a redacted export masked.
 */
import { isObject, shown } from './har-fields';
import { clip, type ImportResult } from './import-result';
import { LineLogBuilder, linesOf } from './line-log-import';

export const TEXT_LOG_NOTE =
  'Plain-text frame log: frames only, no handshakes, open or close events, close codes or stacks.';

const FRAME_LINE = /^(\S+) {2}(\S+) {2}(sent|recv) {2}(text|binary) {2}(\d+) B( \(cut\))?(?: {2}(.*))?$/s;
const FRAME_URL = /^(.*) {2}\(frame (.*)\)$/s;

export function readTextLog(text: string, subject: string): ImportResult {
  const log = new LineLogBuilder();
  const notes = [TEXT_LOG_NOTE];
  for (const [line, number] of linesOf(text)) {
    if (!line.trim()) continue;
    const error = line.startsWith('#') ? readHeader(line, log, notes) : readFrame(line, log);
    if (error) log.bad(number, error);
  }
  return log.result('text-log', subject, notes);
}

function readHeader(line: string, log: LineLogBuilder, notes: string[]): string | undefined {
  if (line.startsWith('# redacted: ')) {
    notes.push(redactionNote(line.slice('# redacted: '.length)));
    return undefined;
  }
  if (!line.startsWith('# ')) return undefined; // a comment someone added
  const rest = line.slice(2);
  const gap = rest.indexOf('  ');
  const where = FRAME_URL.exec(rest.slice(gap + 2));
  if (gap < 1 || !where) return `expected "# <connection>  <url>  (frame <page url>)", not ${shown(clip(line, 60))}`;
  return log.connection(rest.slice(0, gap), where[1]!, where[2] === 'unknown' ? '' : where[2]);
}

function readFrame(line: string, log: LineLogBuilder): string | undefined {
  const m = FRAME_LINE.exec(line);
  if (!m)
    return `expected "<time>  <connection>  sent|recv  text|binary  <size> B  <payload>", not ${shown(clip(line, 60))}`;
  const [, time, conn, dir, type, size, cut, payload = ''] = m;
  const t = Date.parse(time!);
  if (Number.isNaN(t) || t < 0) return `the time must be an ISO time, not ${shown(time)}`;
  if (!Number.isSafeInteger(Number(size))) return `the size is too large: ${size}`;
  if (!log.hasConnection(conn!))
    return `connection "${clip(conn!, 64)}" has no "# ${clip(conn!, 64)}  <url>" line before it`;
  let data: string;
  if (type === 'binary') {
    if (!payload.startsWith('base64:')) return `a binary frame's payload must start with "base64:"`;
    data = payload.slice('base64:'.length);
  } else {
    const text = unescapeLine(payload);
    if (text === undefined) return `a backslash must be followed by \\, n, r or t in ${shown(clip(payload, 60))}`;
    data = text;
  }
  return log.frame({
    conn: conn!,
    t,
    dir: dir === 'sent' ? 'sent' : 'received',
    type: type === 'binary' ? 'binary' : 'text',
    size: Number(size),
    truncated: cut !== undefined,
    data,
  });
}

/** The text log's escapes reversed, or undefined for a backslash the export never writes. */
function unescapeLine(payload: string): string | undefined {
  if (!payload.includes('\\')) return payload;
  let valid = true;
  const text = payload.replace(/\\([\s\S]?)/g, (_, c: string) => {
    if (c === '\\') return '\\';
    if (c === 'n') return '\n';
    if (c === 'r') return '\r';
    if (c === 't') return '\t';
    valid = false;
    return '';
  });
  return valid ? text : undefined;
}

function redactionNote(json: string): string {
  let masked: unknown;
  try {
    const summary: unknown = JSON.parse(json);
    masked = isObject(summary) ? summary.masked : undefined;
  } catch {
    // the note below does without the count
  }
  const count = Number.isSafeInteger(masked) ? ` ${String(masked)} values were masked` : ' values were masked';
  return `Redacted export:${count} (same byte lengths, so sizes are kept).`;
}
