/**
 * HAR 1.2 export: one entry per WebSocket connection, its frames in
 * `_webSocketMessages` exactly as Chrome DevTools writes them (so Chrome's
 * Network panel and HAR tools open the file), and everything HAR has no field
 * for in `_webSocketLens`, so our own importer restores the session exactly.
 *
 * `harChunks` writes the file piece by piece (a 100,000-frame export never
 * becomes one object tree, and the panel can yield between pieces);
 * `buildHar` is the same document as an object.
 */
import type { HandshakeRecord, SessionRecord } from '../../protocol/schema';
import { headerValue } from '../../protocol/handshake';
import type { Har, HarEntry, HarNameValue, HarPage, HarWebSocketMessage, LensEvent } from './har-types';
import { groupByConnection, isoTime, type ConnectionLog, type FrameSessionRecord, type LogMeta } from './records';
import { TOOL_NAME, TOOL_VERSION } from './tool';
import { bytesToBase64 } from '../../protocol/base64';
import { textByteLength } from './sizes';

const PAGE_ID = 'page_1';
/** Messages per chunk: big enough to keep the chunk count low, small enough to yield often. */
const MESSAGES_PER_CHUNK = 500;

export function buildHar(records: readonly SessionRecord[], meta: LogMeta = {}): Har {
  const connections = groupByConnection(records);
  const { head, page } = logHead(connections, meta);
  return {
    log: {
      ...head,
      ...(page ? { pages: [page] } : {}),
      _webSocketLens: head._webSocketLens,
      entries: connections.map((c) => ({ ...entryHead(c, meta, page), _webSocketMessages: messages(c) })),
    },
  };
}

export function exportHar(records: readonly SessionRecord[], meta: LogMeta = {}): string {
  let out = '';
  for (const chunk of harChunks(records, meta)) out += chunk;
  return out;
}

/** The HAR file in pieces; joined they are `JSON.stringify`-compatible with `buildHar` (one message per line). */
export function* harChunks(records: readonly SessionRecord[], meta: LogMeta = {}): Generator<string> {
  const connections = groupByConnection(records);
  const { head, page } = logHead(connections, meta);
  const log = { ...head, ...(page ? { pages: [page] } : {}), _webSocketLens: head._webSocketLens };
  yield `{"log":${openObject(log)},"entries":[`;
  let first = true;
  for (const connection of connections) {
    yield `${first ? '' : ','}\n${openObject(entryHead(connection, meta, page))},"_webSocketMessages":[`;
    first = false;
    const frames = connection.records.filter((r): r is FrameSessionRecord => r.kind === 'frame');
    for (let i = 0; i < frames.length; i += MESSAGES_PER_CHUNK) {
      const lines = frames.slice(i, i + MESSAGES_PER_CHUNK).map((f) => JSON.stringify(harMessage(f)));
      yield `${i === 0 ? '' : ','}\n${lines.join(',\n')}`;
    }
    yield ']}';
  }
  yield '\n]}}\n';
}

/** `{"a":1}` → `{"a":1` so more members can follow. */
function openObject(value: object): string {
  return JSON.stringify(value).slice(0, -1);
}

function logHead(connections: ConnectionLog[], meta: LogMeta) {
  const exportedAt = isoTime(meta.exportedAt ?? Date.now());
  const started = connections[0]?.create.t;
  const page: HarPage | undefined =
    meta.pageUrl === undefined
      ? undefined
      : {
          startedDateTime: started === undefined ? exportedAt : isoTime(started),
          id: PAGE_ID,
          title: meta.pageUrl,
          pageTimings: { onContentLoad: -1, onLoad: -1 },
        };
  const head = {
    version: '1.2' as const,
    creator: { name: TOOL_NAME, version: TOOL_VERSION },
    _webSocketLens: {
      version: 2 as const,
      exportedAt,
      ...(meta.navigations?.length ? { navigations: meta.navigations } : {}),
      ...(meta.redaction && { redaction: meta.redaction }),
    },
  };
  return { head, page };
}

function entryHead(
  connection: ConnectionLog,
  meta: LogMeta,
  page: HarPage | undefined,
): Omit<HarEntry, '_webSocketMessages'> {
  const { create } = connection;
  const events: LensEvent[] = [];
  let open: Extract<SessionRecord, { kind: 'open' }> | undefined;
  let handshake: HandshakeRecord | undefined;
  for (const record of connection.records) {
    if (record.kind === 'frame') continue;
    if (record.kind === 'open') open ??= record;
    if (record.kind === 'handshake') handshake ??= record;
    events.push(lensEvent(record));
  }
  const exchange = handshake ? handshakeExchange(create, handshake) : hookExchange(create, open);
  const dropped = meta.droppedByConnection?.[connection.conn];
  return {
    ...(page ? { pageref: page.id } : {}),
    startedDateTime: isoTime(exchange.startedAt),
    time: exchange.time,
    request: {
      method: exchange.method,
      url: create.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: exchange.requestHeaders,
      queryString: queryString(create.url),
      headersSize: -1,
      bodySize: 0,
      ...(handshake?.hiddenHeaders ? { comment: HIDDEN_HEADERS_COMMENT } : {}),
    },
    response: {
      status: exchange.status,
      statusText: exchange.statusText,
      httpVersion: exchange.httpVersion,
      cookies: [],
      headers: exchange.responseHeaders,
      content: { size: 0, mimeType: '' },
      redirectURL: '',
      headersSize: -1,
      bodySize: 0,
    },
    cache: {},
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, ...exchange.timings },
    ...(exchange.error ? { _error: exchange.error } : {}),
    _resourceType: 'websocket',
    ...(create.worker ? { _worker: { ...create.worker } } : {}),
    _webSocketLens: {
      conn: connection.conn,
      frameId: create.frameId,
      events,
      ...(dropped ? { droppedFrames: dropped } : {}),
    },
  };
}

const HIDDEN_HEADERS_COMMENT =
  'Chrome left out Cookie, Origin and other request headers: no WebSocket Lens panel was open (extraHeaders)';

/** What an entry says of the handshake: the parts that differ by what we know of it. */
interface Exchange {
  startedAt: number;
  time: number;
  method: string;
  requestHeaders: { name: string; value: string }[];
  status: number;
  statusText: string;
  httpVersion: string;
  responseHeaders: { name: string; value: string }[];
  timings: { send: number; wait: number; receive: number };
  error?: string;
}

type CreateRecord = ConnectionLog['create'];

/** Without the browser's account: what the page asked for and what open told it. */
function hookExchange(create: CreateRecord, open: Extract<SessionRecord, { kind: 'open' }> | undefined): Exchange {
  const wait = open ? Math.max(0, open.t - create.t) : 0;
  return {
    startedAt: create.t,
    time: wait,
    method: 'GET',
    requestHeaders: header('Sec-WebSocket-Protocol', create.protocols.join(', ')),
    status: open ? 101 : 0,
    statusText: open ? 'Switching Protocols' : '',
    httpVersion: open ? 'HTTP/1.1' : '',
    responseHeaders: open
      ? [...header('Sec-WebSocket-Protocol', open.protocol), ...header('Sec-WebSocket-Extensions', open.extensions)]
      : [],
    timings: { send: 0, wait, receive: 0 },
  };
}

/**
 * From the browser's own account of the handshake: the headers it sent and
 * received, the status (0 when none came), and its timings.
 */
function handshakeExchange(create: CreateRecord, handshake: HandshakeRecord): Exchange {
  const requestHeaders = handshake.requestHeaders.map(({ name, value }) => ({ name, value }));
  // Chrome's webRequest does not show the subprotocols it sends (its WebSocket stack adds them later);
  // the page asked for them, so they went out as asked.
  if (create.protocols.length > 0 && headerValue(handshake.requestHeaders, 'Sec-WebSocket-Protocol') === undefined)
    requestHeaders.push({ name: 'Sec-WebSocket-Protocol', value: create.protocols.join(', ') });
  const [, httpVersion = '', statusText = ''] = /^(\S+)\s+\d+\s*(.*)$/.exec(handshake.statusLine) ?? [];
  const sent = handshake.sentAt ?? handshake.t;
  const responded = handshake.respondedAt ?? handshake.endedAt;
  return {
    startedAt: handshake.t,
    time: Math.max(0, handshake.endedAt - handshake.t),
    method: handshake.method,
    requestHeaders,
    status: handshake.status,
    statusText,
    httpVersion,
    responseHeaders: handshake.responseHeaders.map(({ name, value }) => ({ name, value })),
    timings: {
      send: Math.max(0, sent - handshake.t),
      wait: Math.max(0, responded - sent),
      receive: Math.max(0, handshake.endedAt - responded),
    },
    ...(handshake.error ? { error: handshake.error } : {}),
  };
}

/** The record without conn and frameId, which the entry holds once. */
function lensEvent(record: Exclude<SessionRecord, FrameSessionRecord>): LensEvent {
  const event: Partial<SessionRecord> = { ...record };
  delete event.conn;
  delete event.frameId;
  return event as LensEvent;
}

export function harMessage(frame: FrameSessionRecord): HarWebSocketMessage {
  const message: HarWebSocketMessage = {
    type: frame.dir === 'sent' ? 'send' : 'receive',
    time: frame.t / 1000,
    opcode: frame.type === 'text' ? 1 : 2,
    data: frame.type === 'text' ? frame.data : bytesToBase64(frame.data),
    _seq: frame.seq,
  };
  // The size is written only when the data does not imply it (a cut payload).
  const implied = frame.type === 'text' ? textByteLength(frame.data) : frame.data.byteLength;
  if (frame.size !== implied) message._size = frame.size;
  if (frame.truncated) message._truncated = true;
  return message;
}

function messages(connection: ConnectionLog): HarWebSocketMessage[] {
  const out: HarWebSocketMessage[] = [];
  for (const record of connection.records) if (record.kind === 'frame') out.push(harMessage(record));
  return out;
}

function header(name: string, value: string): HarNameValue[] {
  return value ? [{ name, value }] : [];
}

function queryString(url: string): HarNameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}
