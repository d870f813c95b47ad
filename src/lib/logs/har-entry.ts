/**
 * One HAR entry with `_webSocketMessages` → the records of one connection.
 * Our own entries carry their lifecycle records in `_webSocketLens`; for
 * anyone else's (Chrome's, other tools') create, open and close are made up
 * from the request, the response and the first and last messages.
 */
import * as v from 'valibot';
import { MAX_CAPTURED_BYTES, MAX_CAPTURED_CHARS, MAX_URL_CHARS } from '../../protocol/limits';
import { base64ToBytes } from '../../protocol/base64';
import { WireRecordSchema, parseWith, type SessionRecord } from '../../protocol/schema';
import { HandshakeRecordSchema } from '../../protocol/handshake';
import { CaptureSourceSchema } from '../../protocol/fields';
import { normalizeBase64, textByteLength } from './sizes';
import type { LensEvent } from './har-types';
import { headerValue, initiatorStack, isObject, pageUrlOf, protocolList, shown, type Json } from './har-fields';
import { clip, explain } from './import-result';

/** Message times above this are read as milliseconds: in seconds it would be the year 5138. */
const MS_TIMES_ABOVE = 1e11;

export interface EntryStats {
  /** Ping, pong and close frames (opcodes 8–10), which we do not model. */
  controlFrames: number;
  /** Payloads longer than the capture limit, cut as the hook cuts them. */
  cutFrames: number;
  msTimes: number;
  /** Chrome's `type: "error"` messages, kept as error events. */
  errorMessages: number;
  /** Connections whose close we made up. */
  closesMadeUp: number;
}

export interface EntryRecords {
  /** In connection order, seq still -1 (numbered once all connections are known). */
  records: SessionRecord[];
  /** Capture-order keys for the whole session: our seqs when every record has one, else times. */
  seqKeys: number[] | undefined;
  timeKeys: number[];
  droppedFrames?: number;
}

interface Item {
  record: SessionRecord;
  seq: number | undefined;
}

const count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
const LensFactsSchema = v.object({
  conn: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  frameId: count,
  events: v.pipe(
    v.array(
      v.intersect([
        v.variant('kind', [...WireRecordSchema.options, HandshakeRecordSchema]),
        // The source keeps a socket known only from its handshake read-only.
        v.object({ seq: count, source: v.optional(CaptureSourceSchema) }),
      ]),
    ),
    v.minLength(1),
  ),
  droppedFrames: v.optional(count),
});

export function readEntry(
  entry: Json,
  index: number,
  context: { pages: unknown; sid: number; stats: EntryStats },
): EntryRecords | string {
  const request = entry.request;
  const url = isObject(request) ? request.url : undefined;
  const where = `log.entries[${index}]${typeof url === 'string' ? ` (${clip(url, 80)})` : ''}`;
  if (typeof url !== 'string') return `${where}: request.url must be a string, not ${shown(url)}`;
  if (url.length > MAX_URL_CHARS) return `${where}: request.url is longer than ${MAX_URL_CHARS} characters`;

  const lens = entry._webSocketLens === undefined ? undefined : parseWith(LensFactsSchema, entry._webSocketLens);
  if (lens && !lens.ok) {
    const withPath = /^[\w$]+(\.[\w$]+)*: /.test(lens.error);
    return `${where}: _webSocketLens${withPath ? '.' : ': '}${explain(lens.error)}`;
  }
  const facts = lens?.value;
  const conn = facts?.conn ?? `har.${index}`;
  const frameId = facts?.frameId ?? 0;
  const sid = facts?.events[0]?.sid ?? context.sid;

  const items: Item[] = [];
  const messages = entry._webSocketMessages as unknown[];
  for (let j = 0; j < messages.length; j++) {
    const item = readMessage(messages[j], `${where}: _webSocketMessages[${j}]`, { sid, conn, frameId }, context.stats);
    if (typeof item === 'string') return item;
    if (item) items.push(item);
  }

  if (facts) {
    const events = lensEvents(facts.events as LensEvent[], { conn, frameId });
    if (typeof events === 'string') return `${where}: _webSocketLens.${events}`;
    items.push(...events);
    const allSeq = items.every((i) => i.seq !== undefined);
    // Our own entry: the recorded order (by seq), or by time if a tool dropped the seqs of messages.
    items.sort(allSeq ? (a, b) => a.seq! - b.seq! : (a, b) => a.record.t - b.record.t);
    const create = items.findIndex((i) => i.record.kind === 'create');
    if (create > 0) items.unshift(...items.splice(create, 1));
  } else {
    madeUpLifecycle(entry, items, { url, sid, conn, pages: context.pages }, context.stats);
  }
  return keyed(items, facts?.droppedFrames);
}

function readMessage(
  message: unknown,
  at: string,
  ids: { sid: number; conn: string; frameId: number },
  stats: EntryStats,
): Item | string | undefined {
  if (!isObject(message)) return `${at} must be an object, not ${shown(message)}`;
  const { type, time, opcode, data } = message;
  if (type !== 'send' && type !== 'receive' && type !== 'error')
    return `${at}.type must be "send" or "receive", not ${shown(type)}`;
  if (typeof time !== 'number' || !Number.isFinite(time) || time < 0)
    return `${at}.time must be a number of seconds since the epoch, not ${shown(time)}`;
  const inMs = time > MS_TIMES_ABOVE;
  if (inMs) stats.msTimes++;
  const t = inMs ? time : time * 1000;
  const seq =
    Number.isSafeInteger(message._seq) && (message._seq as number) >= 0 ? (message._seq as number) : undefined;
  if (type === 'error') {
    stats.errorMessages++;
    return { record: { kind: 'error', sid: ids.sid, t, seq: -1, conn: ids.conn, frameId: ids.frameId }, seq };
  }
  if (opcode === 8 || opcode === 9 || opcode === 10) {
    stats.controlFrames++;
    return undefined;
  }
  if (opcode !== 1 && opcode !== 2) return `${at}.opcode must be 1 (text) or 2 (binary), not ${shown(opcode)}`;
  if (typeof data !== 'string') return `${at}.data must be a string, not ${shown(data)}`;
  const given =
    Number.isSafeInteger(message._size) && (message._size as number) >= 0 ? (message._size as number) : undefined;
  let kept: string | Uint8Array<ArrayBuffer>;
  let size: number;
  let cut: boolean;
  if (opcode === 1) {
    size = given ?? textByteLength(data);
    cut = data.length > MAX_CAPTURED_CHARS;
    kept = cut ? cutText(data, MAX_CAPTURED_CHARS) : data;
  } else {
    const base64 = normalizeBase64(data);
    if (base64 === undefined)
      return `${at}.data must be base64 (opcode 2 is a binary message), but it is not: ${shown(data)}`;
    const bytes = base64ToBytes(base64);
    size = given ?? bytes.byteLength;
    cut = bytes.byteLength > MAX_CAPTURED_BYTES;
    kept = cut ? bytes.slice(0, MAX_CAPTURED_BYTES) : bytes;
  }
  if (cut) stats.cutFrames++;
  const truncated = cut || message._truncated === true;
  const dir = type === 'send' ? ('sent' as const) : ('received' as const);
  const common = {
    kind: 'frame' as const,
    sid: ids.sid,
    t,
    dir,
    size,
    truncated,
    seq: -1,
    conn: ids.conn,
    frameId: ids.frameId,
  };
  const record: SessionRecord =
    typeof kept === 'string' ? { ...common, type: 'text', data: kept } : { ...common, type: 'binary', data: kept };
  return { record, seq };
}

/** Our lifecycle records back with their connection's ids; the create must be there, once. */
function lensEvents(events: LensEvent[], ids: { conn: string; frameId: number }): Item[] | string {
  const items: Item[] = [];
  for (let k = 0; k < events.length; k++) {
    const { seq, ...event } = events[k]!;
    if (event.kind === ('frame' as string)) return `events.${k}: frames belong in _webSocketMessages`;
    if ((event.kind === 'create') !== (k === 0)) return `events.${k}: the create record must come first, once`;
    items.push({ record: { ...event, seq: -1, conn: ids.conn, frameId: ids.frameId } as SessionRecord, seq });
  }
  return items;
}

/**
 * HAR says when the handshake started and whether it succeeded (status 101),
 * not how the socket closed: an opened connection gets a close with code 1005
 * ("no status") at its last message, a failed one an error and a 1006.
 */
function madeUpLifecycle(
  entry: Json,
  items: Item[],
  c: { url: string; sid: number; conn: string; pages: unknown },
  stats: EntryStats,
): void {
  const ids = { sid: c.sid, seq: -1, conn: c.conn, frameId: 0 };
  // A loop, not Math.min(...times): a connection may have more messages than a call has arguments.
  let first: number | undefined;
  let last: number | undefined;
  for (const { record } of items) {
    if (first === undefined || record.t < first) first = record.t;
    if (last === undefined || record.t > last) last = record.t;
  }
  const started = Date.parse(typeof entry.startedDateTime === 'string' ? entry.startedDateTime : '');
  const createdAt = Math.max(0, Math.min(Number.isNaN(started) ? (first ?? 0) : started, first ?? Infinity));
  const create: SessionRecord = {
    kind: 'create',
    ...ids,
    t: createdAt,
    url: c.url,
    protocols: protocolList(headerValue(entry.request, 'Sec-WebSocket-Protocol')),
    stack: initiatorStack(entry._initiator),
    frameUrl: pageUrlOf(c.pages, entry.pageref),
  };
  const response = isObject(entry.response) ? entry.response : {};
  const handshake = typeof entry.time === 'number' && entry.time > 0 ? entry.time : 0;
  const openedAt = Math.min(createdAt + handshake, first ?? Infinity);
  const opened = response.status === 101 || items.some((i) => i.record.kind === 'frame');
  const head: SessionRecord[] = [create];
  const tail: SessionRecord[] = [];
  if (opened) {
    head.push({
      kind: 'open',
      ...ids,
      t: openedAt,
      protocol: headerValue(response, 'Sec-WebSocket-Protocol').slice(0, 1024),
      extensions: headerValue(response, 'Sec-WebSocket-Extensions').slice(0, 4096),
    });
    tail.push({
      kind: 'close',
      ...ids,
      t: Math.max(last ?? openedAt, openedAt),
      code: 1005,
      reason: '',
      wasClean: false,
      by: 'network',
    });
  } else {
    tail.push({ kind: 'error', ...ids, t: openedAt });
    tail.push({ kind: 'close', ...ids, t: openedAt, code: 1006, reason: '', wasClean: false, by: 'network' });
  }
  stats.closesMadeUp++;
  items.unshift(...head.map((record) => ({ record, seq: undefined })));
  items.push(...tail.map((record) => ({ record, seq: undefined })));
}

/** Time keys never go back within a connection, so sorting the session by them keeps each connection's order. */
function keyed(items: Item[], droppedFrames: number | undefined): EntryRecords {
  const records: SessionRecord[] = [];
  const timeKeys: number[] = [];
  let seqKeys: number[] | undefined = [];
  let last = 0;
  for (const { record, seq } of items) {
    records.push(record);
    last = Math.max(last, record.t);
    timeKeys.push(last);
    if (seq === undefined) seqKeys = undefined;
    else seqKeys?.push(seq);
  }
  return { records, seqKeys, timeKeys, ...(droppedFrames ? { droppedFrames } : {}) };
}

/** The first `max` UTF-16 units, one fewer if the cut would split a surrogate pair. */
export function cutText(text: string, max: number): string {
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
