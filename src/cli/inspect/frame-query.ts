/**
 * Which frames a tool or `tail` shows: the panel's own filter
 * (lib/filter/filter.ts, as the panel filters: text or /regex/flags, `-` to negate, decoded terms such
 * as `name:chat` or `kind:ACK`, direction, type, size), plus an optional bare
 * regex and decoded fields given one by one, all of which must pass; then a
 * page of them after a seq. Pure: the session records come from the client.
 */
import type { SessionRecord } from '../../protocol/schema';
import { compileFilter, type CompiledFilter } from '../../lib/filter/filter';
import { TabDecoding } from '../../lib/decoders/tab-decoding';
import { decodedFields, type DecodedFields } from '../../lib/decoders/export-fields';
import type { LinkedMessage } from '../../lib/decoders/correlate';
import { isoTime } from '../../lib/logs/records';
import { payloadView, type PayloadView } from './payload-view';

export type Frame = Extract<SessionRecord, { kind: 'frame' }>;

export interface FrameFilterInput {
  /** Free text (case-insensitive), or /regex/flags; `-text` hides what matches; decoded terms like `name:chat`. */
  text?: string;
  /** A JavaScript regular expression (no slashes) the payload must match. */
  regex?: string;
  direction?: 'sent' | 'received' | 'all';
  type?: 'text' | 'binary' | 'all';
  minSize?: number;
  maxSize?: number;
  /** What decoders read: each value matches whole, without case, `*` for any run (`topic:prices/*`). */
  decoded?: { protocol?: string; kind?: string; name?: string; id?: string };
  /** Leave out heartbeats and transport chatter decoders recognised. */
  hideControl?: boolean;
}

export interface FrameFilter {
  /** Whether the frame passes; `decoded` gives what decoders read of it. */
  test(frame: Frame, decoded: (record: SessionRecord) => readonly LinkedMessage[] | undefined): boolean;
}

export type FrameFilterResult = { ok: true; filter: FrameFilter } | { ok: false; error: string };

const noLifecycle = () => '';

export function compileFrameFilter(input: FrameFilterInput = {}): FrameFilterResult {
  const terms = Object.entries(input.decoded ?? {}).flatMap(([field, value]) => {
    if (value === undefined || value === '') return [];
    if (/\s/.test(value)) return [null];
    return [`${field}:${value}`];
  });
  if (terms.includes(null))
    return { ok: false, error: 'A decoded field value cannot contain spaces (use * for any run).' };
  const text = (input.text ?? '').trim();
  if (text.startsWith('/') && terms.length)
    return {
      ok: false,
      error: 'Give decoded fields with a plain text filter, not with a /regex/ (use "regex" for that).',
    };
  const base = compileFilter({
    text: [text, ...terms].filter(Boolean).join(' '),
    direction: input.direction ?? 'all',
    type: input.type ?? 'all',
    minSize: input.minSize,
    maxSize: input.maxSize,
    hideControl: input.hideControl ?? false,
  });
  if (!base.ok) return base;
  let regex: CompiledFilter | null = null;
  if (input.regex !== undefined && input.regex !== '') {
    try {
      new RegExp(input.regex);
    } catch (error) {
      return { ok: false, error: `Invalid regular expression: ${(error as Error).message}` };
    }
    const compiled = compileFilter({ text: `/${input.regex}/`, direction: 'all', type: 'all' });
    if (!compiled.ok) return compiled;
    regex = compiled.filter;
  }
  return {
    ok: true,
    filter: {
      test(frame, decoded) {
        return base.filter.test(frame, noLifecycle, decoded) && (regex?.test(frame, noLifecycle) ?? true);
      },
    },
  };
}

/** A tab's records read by the decoders, once, for filters and the views below. */
export class DecodedRecords {
  private readonly decoding = new TabDecoding();
  readonly records: readonly SessionRecord[];

  constructor(records: readonly SessionRecord[]) {
    this.records = records;
    this.decoding.update(records);
  }

  /** Records that arrived later (live): decoded incrementally. */
  extend(records: readonly SessionRecord[]): void {
    (this.records as SessionRecord[]).push(...records);
    this.decoding.update(this.records);
  }

  readonly messages = (record: SessionRecord): readonly LinkedMessage[] | undefined => {
    if (record.kind !== 'frame') return undefined;
    const result = this.decoding.get(record.seq);
    return result && 'messages' in result ? result.messages : undefined;
  };

  fields(frame: Frame): DecodedFields | undefined {
    return decodedFields(this.decoding.get(frame.seq), this.protocol(frame.conn));
  }

  /** The protocol the decoders recognised on a connection, if any. */
  protocol(conn: string) {
    return this.decoding.connections.get(conn)?.decoder?.protocol;
  }
}

export interface FrameView {
  seq: number;
  time: string;
  conn: string;
  dir: 'sent' | 'received';
  type: 'text' | 'binary';
  /** True size in bytes. */
  size: number;
  payload: PayloadView;
  decoded?: DecodedFields;
  /** Sent or closed from DevTools, or shown to the page without coming from the server. */
  origin?: 'devtools' | 'simulated';
  /** What an intercept rule did to it. */
  intercept?: { rule: string; action: string };
}

export function frameView(frame: Frame, decoded: DecodedRecords, maxPayloadChars?: number): FrameView {
  const fields = decoded.fields(frame);
  return {
    seq: frame.seq,
    time: isoTime(frame.t),
    conn: frame.conn,
    dir: frame.dir,
    type: frame.type,
    size: frame.size,
    payload: payloadView(frame, maxPayloadChars),
    ...(fields && { decoded: fields }),
    ...(frame.origin && { origin: frame.origin }),
    ...(frame.intercept && { intercept: { rule: frame.intercept.rule, action: frame.intercept.action } }),
  };
}

export interface FramePage {
  frames: Frame[];
  /**
   * Where the next page starts: the last frame returned while more remain,
   * else the last record read (so asking again later gets only what is new).
   */
  last: number;
  /** More frames that pass lie beyond this page. */
  more: boolean;
}

/** Frames with seq > after, of the given connections (all when empty), that pass `filter`, at most `limit`. */
export function pageFrames(
  decoded: DecodedRecords,
  options: { after: number; limit: number; conns?: readonly string[]; filter: FrameFilter },
): FramePage {
  const conns = options.conns?.length ? new Set(options.conns) : null;
  const frames: Frame[] = [];
  for (const record of decoded.records) {
    if (record.kind !== 'frame' || record.seq <= options.after) continue;
    if (conns && !conns.has(record.conn)) continue;
    if (!options.filter.test(record, decoded.messages)) continue;
    if (frames.length === options.limit) return { frames, last: frames.at(-1)!.seq, more: true };
    frames.push(record);
  }
  return { frames, last: Math.max(options.after, decoded.records.at(-1)?.seq ?? -1), more: false };
}
