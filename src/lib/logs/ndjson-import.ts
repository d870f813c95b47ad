/**
 * Our NDJSON frame log (ndjson.ts) → a read-only session: one frame per line
 * with its seq, time, connection, URL, direction, type, size, cut flag and
 * data (base64 for binary). `decoded` is ignored (decoded again from the
 * data); `redacted` is counted in the notes.
 */
import { isObject, shown } from './har-fields';
import type { ImportResult } from './import-result';
import { LineLogBuilder, linesOf, type LogFrame } from './line-log-import';

export const NDJSON_NOTE =
  'NDJSON frame log: frames only, no handshakes, open or close events, close codes, stacks or page URLs.';

export function readNdjsonLog(text: string, subject: string): ImportResult {
  const log = new LineLogBuilder();
  const redaction = new RedactionCount();
  for (const [line, number] of linesOf(text)) {
    if (!line.trim()) continue;
    const error = readLine(line, log, redaction);
    if (error) log.bad(number, error);
  }
  return log.result('ndjson', subject, [NDJSON_NOTE, ...redaction.note()]);
}

function readLine(line: string, log: LineLogBuilder, redaction: RedactionCount): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return `not JSON (${error instanceof Error ? error.message.replace(/, ".*$/s, '') : String(error)})`;
  }
  if (!isObject(value)) return `expected a frame object, not ${shown(value)}`;
  const { seq, time, conn, url, dir, type, size, truncated, data, redacted } = value;
  if (seq !== undefined && !isCount(seq)) return `seq must be a whole number, not ${shown(seq)}`;
  const t = typeof time === 'string' ? Date.parse(time) : NaN;
  if (Number.isNaN(t) || t < 0) return `time must be an ISO time, not ${shown(time)}`;
  if (typeof conn !== 'string') return `conn must be a string, not ${shown(conn)}`;
  if (typeof url !== 'string') return `url must be a string, not ${shown(url)}`;
  if (dir !== 'sent' && dir !== 'received') return `dir must be "sent" or "received", not ${shown(dir)}`;
  if (type !== 'text' && type !== 'binary') return `type must be "text" or "binary", not ${shown(type)}`;
  if (!isCount(size)) return `size must be a whole number of bytes, not ${shown(size)}`;
  if (truncated !== undefined && typeof truncated !== 'boolean')
    return `truncated must be true or false, not ${shown(truncated)}`;
  if (typeof data !== 'string') return `data must be a string, not ${shown(data)}`;
  if (redacted !== undefined && !(Array.isArray(redacted) && redacted.every((r) => typeof r === 'string')))
    return `redacted must be a list of rule names, not ${shown(redacted)}`;
  const declared = log.connection(conn, url);
  if (declared) return declared;
  const frame: LogFrame = { conn, t, dir, type, size, truncated: truncated === true, data };
  if (seq !== undefined) frame.seq = seq;
  const added = log.frame(frame);
  if (!added && redacted) redaction.add(redacted as string[]);
  return added;
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** Frames a redacted export masked, and by which rules. */
class RedactionCount {
  private frames = 0;
  private readonly rules = new Map<string, number>();

  add(rules: string[]): void {
    this.frames++;
    for (const rule of rules) this.rules.set(rule, (this.rules.get(rule) ?? 0) + 1);
  }

  note(): string[] {
    if (!this.frames) return [];
    const rules = [...this.rules].map(([rule, n]) => `${rule} ${n}`).join(', ');
    return [
      `Redacted export: ${this.frames} ${this.frames === 1 ? 'frame has' : 'frames have'} masked values (${rules}); sizes are kept.`,
    ];
  }
}
