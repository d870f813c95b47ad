/**
 * Two sessions compared: connections paired by URL (the nth socket to a URL
 * with the nth), their frames aligned by order and decoded name (align.ts),
 * and each aligned pair compared as JSON when both payloads are JSON (or a
 * decoder read them), as text or bytes otherwise, after the ignore rules.
 * Timing is not compared: two runs never have the same clock.
 */
import type { SessionRecord } from '../../protocol/schema';
import { TabDecoding } from '../decoders/tab-decoding';
import type { DecodedFrame } from '../decoders/connection-decoding';
import { groupByConnection, type ConnectionLog, type FrameSessionRecord } from '../logs/records';
import { alignByKey } from './align';
import { compileIgnore, isIgnoredPath, maskIgnored, type IgnoreOptions, type IgnoreRules } from './ignore';
import { diffJson, type JsonChange } from './json-diff';

export interface DiffOptions extends IgnoreOptions {
  /** Compare only frames in these directions (replay compares what the server sent). */
  directions?: ReadonlyArray<'sent' | 'received'>;
}

/** A frame as a report names it. */
export interface FrameRef {
  /** 1-based position among the connection's frames (both directions). */
  index: number;
  seq: number;
  dir: 'sent' | 'received';
  type: 'text' | 'binary';
  size: number;
  /** The decoded kind/name ("EVENT chat", "PUBLISH news/1"), when a decoder read the frame. */
  label?: string;
  /** The start of the payload: text as is, binary as hex. */
  preview: string;
}

export type FrameDiff =
  | { op: 'removed'; a: FrameRef }
  | { op: 'added'; b: FrameRef }
  | {
      op: 'changed';
      a: FrameRef;
      b: FrameRef;
      /** What changed: JSON leaves, or one entry for the whole payload ("$"). */
      changes: JsonChange[];
    };

export interface ConnectionDiff {
  url: string;
  status: 'same' | 'changed' | 'added' | 'removed';
  a?: string;
  b?: string;
  /** Close codes when they differ ("1000" → "1011"; "open" when one never closed). */
  close?: { a: string; b: string };
  frames: FrameDiff[];
  counts: { same: number; changed: number; added: number; removed: number };
}

export interface SessionDiff {
  same: boolean;
  connections: ConnectionDiff[];
}

interface FrameView {
  ref: FrameRef;
  key: string;
  record: FrameSessionRecord;
  decoded?: DecodedFrame;
}

export function diffSessions(
  a: readonly SessionRecord[],
  b: readonly SessionRecord[],
  options: DiffOptions = {},
): SessionDiff {
  const rules = compileIgnore(options);
  const left = readSide(a);
  const right = readSide(b);
  const connections: ConnectionDiff[] = [];
  const unpairedB = new Map<string, ConnectionLog[]>();
  for (const log of right.logs) {
    const key = maskIgnored(log.create.url, rules);
    unpairedB.set(key, [...(unpairedB.get(key) ?? []), log]);
  }
  const pairedB = new Set<ConnectionLog>();
  for (const log of left.logs) {
    const partner = unpairedB.get(maskIgnored(log.create.url, rules))?.shift();
    if (partner) pairedB.add(partner);
    connections.push(
      partner
        ? diffConnectionLogs(log, left.decoding, partner, right.decoding, rules, options)
        : wholeConnection('removed', log, left.decoding, options),
    );
  }
  for (const log of right.logs)
    if (!pairedB.has(log)) connections.push(wholeConnection('added', log, right.decoding, options));
  return { same: connections.every((c) => c.status === 'same'), connections };
}

/**
 * One connection of each side compared, whatever their URLs (replay compares
 * a recorded connection with its replay, which may go to another URL).
 */
export function diffConnection(
  a: readonly SessionRecord[],
  b: readonly SessionRecord[],
  options: DiffOptions = {},
): ConnectionDiff {
  const rules = compileIgnore(options);
  const left = readSide(a);
  const right = readSide(b);
  const la = left.logs[0];
  const lb = right.logs[0];
  if (!la || !lb) throw new Error('diffConnection needs one connection on each side');
  return diffConnectionLogs(la, left.decoding, lb, right.decoding, rules, options);
}

function readSide(records: readonly SessionRecord[]): { logs: ConnectionLog[]; decoding: TabDecoding } {
  const logs = groupByConnection(records);
  const decoding = new TabDecoding();
  decoding.update(logs.flatMap((log) => log.records).sort((x, y) => x.seq - y.seq));
  return { logs, decoding };
}

function framesOf(log: ConnectionLog, decoding: TabDecoding, options: DiffOptions): FrameView[] {
  const views: FrameView[] = [];
  let index = 0;
  for (const record of log.records) {
    if (record.kind !== 'frame') continue;
    index++;
    if (options.directions && !options.directions.includes(record.dir)) continue;
    const decoded = decoding.get(record.seq);
    const label =
      decoded && 'messages' in decoded && decoded.messages.length
        ? decoded.messages.map((m) => (m.name ? `${m.kind} ${m.name}` : m.kind)).join(', ')
        : undefined;
    views.push({
      ref: {
        index,
        seq: record.seq,
        dir: record.dir,
        type: record.type,
        size: record.size,
        ...(label !== undefined && { label }),
        preview: preview(record),
      },
      key: `${record.dir}\u0000${record.type}\u0000${label ?? ''}`,
      record,
      ...(decoded && { decoded }),
    });
  }
  return views;
}

function diffConnectionLogs(
  la: ConnectionLog,
  da: TabDecoding,
  lb: ConnectionLog,
  db: TabDecoding,
  rules: IgnoreRules,
  options: DiffOptions,
): ConnectionDiff {
  const fa = framesOf(la, da, options);
  const fb = framesOf(lb, db, options);
  const alignment = alignByKey(
    fa.map((f) => f.key),
    fb.map((f) => f.key),
    (key) => key.slice(0, key.indexOf('\u0000')),
  );
  const frames: FrameDiff[] = [];
  const counts = { same: 0, changed: 0, added: 0, removed: 0 };
  for (const [i, j] of alignment) {
    if (j === -1) {
      frames.push({ op: 'removed', a: fa[i]!.ref });
      counts.removed++;
    } else if (i === -1) {
      frames.push({ op: 'added', b: fb[j]!.ref });
      counts.added++;
    } else {
      const changes = compareFrames(fa[i]!, fb[j]!, rules);
      if (changes.length) {
        frames.push({ op: 'changed', a: fa[i]!.ref, b: fb[j]!.ref, changes });
        counts.changed++;
      } else counts.same++;
    }
  }
  const closeA = closeOf(la);
  const closeB = closeOf(lb);
  const closeDiffers =
    options.directions === undefined && keepsLifecycle(la) && keepsLifecycle(lb) && closeA !== closeB;
  const status = frames.length || closeDiffers ? 'changed' : 'same';
  return {
    url: la.create.url,
    status,
    a: la.conn,
    b: lb.conn,
    ...(closeDiffers && { close: { a: closeA, b: closeB } }),
    frames,
    counts,
  };
}

function wholeConnection(
  status: 'added' | 'removed',
  log: ConnectionLog,
  decoding: TabDecoding,
  options: DiffOptions,
): ConnectionDiff {
  const frames = framesOf(log, decoding, options);
  return {
    url: log.create.url,
    status,
    ...(status === 'removed' ? { a: log.conn } : { b: log.conn }),
    frames: [],
    counts: {
      same: 0,
      changed: 0,
      added: status === 'added' ? frames.length : 0,
      removed: status === 'removed' ? frames.length : 0,
    },
  };
}

/**
 * A connection with frames but no open record comes from a line log (NDJSON,
 * text: frames only), which says nothing of how it closed: the hook records
 * an open before any frame.
 */
function keepsLifecycle(log: ConnectionLog): boolean {
  return log.records.some((r) => r.kind === 'open') || !log.records.some((r) => r.kind === 'frame');
}

function closeOf(log: ConnectionLog): string {
  const close = log.records.find((r) => r.kind === 'close');
  return close && close.kind === 'close' ? String(close.code) : 'open';
}

const NOT_JSON = Symbol('not JSON');

/** The payload as a JSON-like value: JSON text parsed, else what the decoder read, else NOT_JSON. */
function valueOf(view: FrameView, rules: IgnoreRules): unknown {
  const { record, decoded } = view;
  if (record.type === 'text') {
    const start = record.data.trimStart()[0];
    if (start === '{' || start === '[') {
      try {
        // Regex rules apply to the string values of JSON, so a match never breaks the JSON around it.
        return maskValue(JSON.parse(record.data), rules);
      } catch {
        // not JSON: maybe a decoder read it
      }
    }
  }
  if (decoded && 'messages' in decoded && decoded.messages.length) {
    const bodies = decoded.messages.map((m) => maskValue(m.body, rules));
    return bodies.length === 1 ? bodies[0] : bodies;
  }
  return NOT_JSON;
}

/** Regex rules reach into decoded strings too. */
function maskValue(value: unknown, rules: IgnoreRules): unknown {
  if (!rules.regexes.length) return value;
  if (typeof value === 'string') return maskIgnored(value, rules);
  if (Array.isArray(value)) return value.map((v) => maskValue(v, rules));
  if (value && typeof value === 'object' && !(value instanceof Uint8Array))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskValue(v, rules)]));
  return value;
}

function compareFrames(x: FrameView, y: FrameView, rules: IgnoreRules): JsonChange[] {
  const kindChanged: JsonChange[] =
    x.ref.label !== y.ref.label || x.record.type !== y.record.type
      ? [{ path: '(frame)', op: 'changed', before: x.ref.label ?? x.record.type, after: y.ref.label ?? y.record.type }]
      : [];
  const vx = valueOf(x, rules);
  const vy = valueOf(y, rules);
  if (vx !== NOT_JSON && vy !== NOT_JSON)
    return [...kindChanged, ...diffJson(vx, vy, (segments) => isIgnoredPath(rules, segments))];
  if (x.record.type === 'text' && y.record.type === 'text') {
    const tx = maskIgnored(x.record.data, rules);
    const ty = maskIgnored(y.record.data, rules);
    return tx === ty ? kindChanged : [...kindChanged, { path: '$', op: 'changed', before: tx, after: ty }];
  }
  if (x.record.type === 'binary' && y.record.type === 'binary') {
    const at = firstDifference(x.record.data, y.record.data);
    return at === -1
      ? kindChanged
      : [
          ...kindChanged,
          { path: `bytes[${at}]`, op: 'changed', before: hexAt(x.record.data, at), after: hexAt(y.record.data, at) },
        ];
  }
  return kindChanged.length ? kindChanged : [{ path: '$', op: 'changed', before: x.ref.preview, after: y.ref.preview }];
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

function hexAt(bytes: Uint8Array, at: number): string {
  return hex(bytes.subarray(at, at + 16)) + (bytes.length > at + 16 ? '…' : '') || '(end)';
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(' ');
}

const PREVIEW = 80;

function preview(record: FrameSessionRecord): string {
  if (record.type === 'binary') return hex(record.data.subarray(0, 24)) + (record.data.length > 24 ? ' …' : '');
  return record.data.length > PREVIEW ? `${record.data.slice(0, PREVIEW)}…` : record.data;
}
