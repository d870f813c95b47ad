/**
 * What the NDJSON and text log readers share: reading a file line by line,
 * payloads within the capture limits, bad lines reported by number (the good
 * ones are kept), and the session rebuilt from frames alone: one create per
 * connection (its URL, no stack, handshake, open or close: a line log does
 * not hold them), then the frames.
 */
import { MAX_CAPTURED_BYTES, MAX_CAPTURED_CHARS, MAX_URL_CHARS } from '../../protocol/limits';
import { base64ToBytes } from '../../protocol/base64';
import type { SessionRecord } from '../../protocol/schema';
import { normalizeBase64 } from './sizes';
import { cutText } from './har-entry';
import { clip, fail, type ImportResult, type ImportSource } from './import-result';

/**
 * Each line from `from` with its 1-based number (counted from there), without
 * its line break (LF or CRLF); no array of every line is made.
 */
export function* linesOf(text: string, from = 0): Generator<[line: string, number: number]> {
  let number = 0;
  for (let start = from; start < text.length;) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end;
    number++;
    yield [text.slice(start, stop > start && text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop), number];
    start = stop + 1;
  }
}

export interface LogFrame {
  conn: string;
  t: number;
  dir: 'sent' | 'received';
  type: 'text' | 'binary';
  size: number;
  truncated: boolean;
  /** Text, or base64 for binary frames. */
  data: string;
  /** The frame's seq in the file (NDJSON keeps it). */
  seq?: number;
}

/** Bad lines quoted by number in the import's notes; the rest are only counted. */
const BAD_LINES_SHOWN = 5;

export class LineLogBuilder {
  private readonly connections = new Map<string, { url: string; frameUrl: string; firstT?: number }>();
  private readonly frames: (Omit<LogFrame, 'data'> & { data: string | Uint8Array<ArrayBuffer> })[] = [];
  private readonly badLines: string[] = [];
  private badCount = 0;
  private cutFrames = 0;

  /** Declares a connection; an error when the same id was declared with another URL. */
  connection(conn: string, url: string, frameUrl = ''): string | undefined {
    if (conn.length < 1 || conn.length > 64) return `the connection id must be 1 to 64 characters, not ${conn.length}`;
    if (url.length > MAX_URL_CHARS) return `the URL is longer than ${MAX_URL_CHARS} characters`;
    const known = this.connections.get(conn);
    if (known && known.url !== url)
      return `connection "${clip(conn, 64)}" was ${clip(known.url, 80)} on an earlier line`;
    if (!known) this.connections.set(conn, { url, frameUrl: frameUrl.slice(0, MAX_URL_CHARS) });
    return undefined;
  }

  hasConnection(conn: string): boolean {
    return this.connections.has(conn);
  }

  /** Adds a frame of a declared connection; an error when its binary data is not base64. */
  frame(frame: LogFrame): string | undefined {
    let data: string | Uint8Array<ArrayBuffer>;
    let cut: boolean;
    if (frame.type === 'text') {
      cut = frame.data.length > MAX_CAPTURED_CHARS;
      data = cut ? cutText(frame.data, MAX_CAPTURED_CHARS) : frame.data;
    } else {
      const base64 = normalizeBase64(frame.data);
      if (base64 === undefined) return `the data of a binary frame must be base64, not ${clip(frame.data, 40)}`;
      const bytes = base64ToBytes(base64);
      cut = bytes.byteLength > MAX_CAPTURED_BYTES;
      data = cut ? bytes.slice(0, MAX_CAPTURED_BYTES) : bytes;
    }
    if (cut) this.cutFrames++;
    const connection = this.connections.get(frame.conn)!;
    connection.firstT ??= frame.t;
    const { conn, t, dir, type, size, seq } = frame;
    this.frames.push({ conn, t, dir, type, size, truncated: frame.truncated || cut, data, seq });
    return undefined;
  }

  bad(line: number, reason: string): void {
    if (this.badCount++ < BAD_LINES_SHOWN) this.badLines.push(`line ${line}: ${reason}`);
  }

  /** The session, or an error when no line could be read; `notes` say what the format leaves out. */
  result(source: ImportSource, subject: string, notes: string[]): ImportResult {
    if (!this.connections.size) {
      return fail(
        this.badCount
          ? `${subject} has no frame that could be read: ${this.badLines.join('; ')}${this.badCount > BAD_LINES_SHOWN ? ` (and ${this.badCount - BAD_LINES_SHOWN} more bad lines)` : ''}.`
          : `${subject} holds no frames.`,
      );
    }
    const warnings = [...notes];
    if (this.badCount) {
      const more = this.badCount > BAD_LINES_SHOWN ? `; and ${this.badCount - BAD_LINES_SHOWN} more` : '';
      warnings.push(
        `${this.badCount} ${this.badCount === 1 ? 'line' : 'lines'} could not be read and ${this.badCount === 1 ? 'was' : 'were'} skipped (every other line was imported): ${this.badLines.join('; ')}${more}.`,
      );
    }
    if (this.cutFrames)
      warnings.push(
        `${this.cutFrames} ${this.cutFrames === 1 ? 'message longer than 1 MiB was' : 'messages longer than 1 MiB were'} cut to 1 MiB, as the extension cuts what it captures (the true size is kept).`,
      );
    return { ok: true, source, records: this.records(), warnings, meta: {} };
  }

  private records(): SessionRecord[] {
    const conns = [...this.connections.keys()];
    const seqs = this.seqsFromFile(conns) ?? this.seqsInOrder(conns);
    const firstT = this.frames[0]?.t ?? 0;
    const records: SessionRecord[] = conns.map((conn, i) => {
      const { url, frameUrl, firstT: t = firstT } = this.connections.get(conn)!;
      return {
        kind: 'create',
        sid: i + 1,
        t,
        url,
        protocols: [],
        stack: '',
        frameUrl,
        seq: seqs.creates[i]!,
        conn,
        frameId: 0,
      };
    });
    const sids = new Map(conns.map((conn, i) => [conn, i + 1]));
    this.frames.forEach((f, i) => {
      // One literal in canonical.ts's key order: spread-built records have slow shapes (see canonical.ts).
      records.push({
        kind: 'frame',
        sid: sids.get(f.conn)!,
        t: f.t,
        dir: f.dir,
        size: f.size,
        truncated: f.truncated,
        type: f.type,
        data: f.data,
        seq: seqs.frames[i]!,
        conn: f.conn,
        frameId: 0,
      } as SessionRecord); // type and data come from one frame, so they match
    });
    return records.sort((a, b) => a.seq - b.seq);
  }

  /** Creates first, in the order connections were declared, then the frames in file order. */
  private seqsInOrder(conns: string[]): { creates: number[]; frames: number[] } {
    return { creates: conns.map((_, i) => i), frames: this.frames.map((_, i) => conns.length + i) };
  }

  /**
   * The file's own seqs (so an export of the import says the same), when they
   * rise line by line and each connection's create fits in a free seq below its
   * first frame: the nearest free one, found with a path-compressed "next free
   * below" table so crowded seqs cost no quadratic search.
   */
  private seqsFromFile(conns: string[]): { creates: number[]; frames: number[] } | undefined {
    const frames: number[] = [];
    for (const f of this.frames) {
      if (f.seq === undefined || (frames.length && f.seq <= frames.at(-1)!)) return undefined;
      frames.push(f.seq);
    }
    const below = new Map<number, number>(frames.map((s) => [s, s - 1]));
    const free = (from: number): number => {
      const path: number[] = [];
      let s = from;
      while (below.has(s)) {
        path.push(s);
        s = below.get(s)!;
      }
      for (const p of path) below.set(p, s);
      return s;
    };
    const firstSeq = new Map<string, number>();
    this.frames.forEach((f, i) => firstSeq.has(f.conn) || firstSeq.set(f.conn, frames[i]!));
    const creates: number[] = [];
    for (const conn of conns) {
      const first = firstSeq.get(conn);
      if (first === undefined) return undefined;
      const seq = free(first - 1);
      if (seq < 0) return undefined;
      below.set(seq, seq - 1);
      creates.push(seq);
    }
    return { creates, frames };
  }
}
