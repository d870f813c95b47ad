/**
 * The sockets of one debugger session (one worker), turned from Chrome's
 * `Network.webSocket*` events into the hook's own record shapes. Pure: the
 * caller (deep-capture.ts) brings the events, the sids and the clock.
 *
 *   webSocketCreated ─────────────────▶ create {worker}
 *   webSocketWillSendHandshakeRequest   (its wallTime sets the clock: events carry monotonic seconds)
 *   webSocketHandshakeResponseReceived ▶ handshake (shared and service workers only: webRequest
 *                                        files a dedicated worker's under its page, and that one
 *                                        joins it), then open (101), or error + close
 *   webSocketFrameSent / Received ────▶ frame (opcode 1 text as is, 2 base64)
 *   webSocketFrameError ──────────────▶ error
 *   webSocketClosed ──────────────────▶ close by 'unknown' (CDP gives no code, reason or side)
 *
 * Frames of sockets created before the session attached name no socket we
 * know: they are dropped (the debugger reports no create for them).
 */
import { base64ToBytes } from '../../protocol/base64';
import { utf8Length } from '../../protocol/utf8';
import {
  MAX_CAPTURED_BYTES,
  MAX_EXTENSIONS_CHARS,
  MAX_PROTOCOL_CHARS,
  MAX_STACK_CHARS,
  MAX_STATUS_LINE_CHARS,
  MAX_URL_CHARS,
} from '../../protocol/limits';
import type { WireRecord, WorkerInfo } from '../../protocol/schema';
import { cutHeaders, type HandshakeRecord, type RawHeader } from '../../protocol/handshake';

/** What a debugger session makes: the hook's record shapes, and the handshake webRequest cannot give (no tab). */
export type CdpRecord = WireRecord | HandshakeRecord;

/** What one CDP event is, as chrome.debugger.onEvent hands it over (read defensively, validated later). */
export type CdpParams = Record<string, unknown>;

/** The code a close with no status carries (RFC 6455 7.4.1): what we know of a close the debugger reported. */
export const NO_STATUS = 1005;

interface Socket {
  sid: number;
  url: string;
  /** The handshake request as it went out: when, and its headers. */
  request?: { t: number; headers: RawHeader[] };
}

export class CdpSockets {
  private readonly sockets = new Map<string, Socket>();
  /** Wall-clock ms minus monotonic ms, once a handshake told both. */
  private offset: number | undefined;
  /** Bytes (or text characters) kept of each payload (settings' maxPayloadBytes). */
  payloadLimit = MAX_CAPTURED_BYTES;

  constructor(
    private readonly worker: WorkerInfo,
    private readonly nextSid: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The records one event makes (none for events of other domains or unknown sockets). */
  event(method: string, params: CdpParams): CdpRecord[] {
    const requestId = typeof params.requestId === 'string' ? params.requestId : undefined;
    if (requestId === undefined) return [];
    if (method === 'Network.webSocketCreated') return this.created(requestId, params);
    const socket = this.sockets.get(requestId);
    if (!socket) return [];
    const t = this.time(params.timestamp);
    switch (method) {
      case 'Network.webSocketWillSendHandshakeRequest':
        if (typeof params.wallTime === 'number' && typeof params.timestamp === 'number')
          this.offset = params.wallTime * 1000 - params.timestamp * 1000;
        socket.request = { t: this.time(params.timestamp), headers: headerList(record(params.request).headers) };
        return [];
      case 'Network.webSocketHandshakeResponseReceived':
        return this.responded(requestId, socket, t, params);
      case 'Network.webSocketFrameSent':
        return this.frame(socket, t, 'sent', params);
      case 'Network.webSocketFrameReceived':
        return this.frame(socket, t, 'received', params);
      case 'Network.webSocketFrameError':
        return [{ kind: 'error', sid: socket.sid, t }];
      case 'Network.webSocketClosed':
        this.sockets.delete(requestId);
        return [close(socket.sid, t, 'unknown')];
      default:
        return [];
    }
  }

  /**
   * Closes for every socket still open: deep capture ended ('detached': the
   * socket may live on, unwatched), or the worker went away ('unknown': its
   * sockets went with it, and nothing says how).
   */
  endAll(by: 'detached' | 'unknown' = 'detached'): WireRecord[] {
    const t = this.now();
    const ended = [...this.sockets.values()].map((socket) => close(socket.sid, t, by));
    this.sockets.clear();
    return ended;
  }

  private created(requestId: string, params: CdpParams): WireRecord[] {
    if (typeof params.url !== 'string' || this.sockets.has(requestId)) return [];
    const sid = this.nextSid();
    const url = params.url;
    this.sockets.set(requestId, { sid, url });
    const stack = stackOf(params.initiator);
    return [
      {
        kind: 'create',
        sid,
        t: this.now(),
        url: url.slice(0, MAX_URL_CHARS),
        ...(url.length > MAX_URL_CHARS ? { urlLength: url.length } : {}),
        protocols: [],
        stack: stack.slice(0, MAX_STACK_CHARS),
        ...(stack.length > MAX_STACK_CHARS ? { stackLength: stack.length } : {}),
        frameUrl: '',
        worker: this.worker,
      },
    ];
  }

  private responded(requestId: string, socket: Socket, t: number, params: CdpParams): CdpRecord[] {
    const response = record(params.response);
    const status = typeof response.status === 'number' ? response.status : 0;
    const handshake = this.worker.type === 'dedicated' ? [] : [this.handshake(socket, t, status, response)];
    if (status !== 101) {
      // A refused handshake: the page gets an error, then the close (1006).
      this.sockets.delete(requestId);
      return [...handshake, { kind: 'error', sid: socket.sid, t }, close(socket.sid, t, 'network', 1006)];
    }
    const headers = record(response.headers);
    const protocol = header(headers, 'sec-websocket-protocol');
    const extensions = header(headers, 'sec-websocket-extensions');
    return [
      ...handshake,
      {
        kind: 'open',
        sid: socket.sid,
        t,
        protocol: protocol.slice(0, MAX_PROTOCOL_CHARS),
        ...(protocol.length > MAX_PROTOCOL_CHARS ? { protocolLength: protocol.length } : {}),
        extensions: extensions.slice(0, MAX_EXTENSIONS_CHARS),
        ...(extensions.length > MAX_EXTENSIONS_CHARS ? { extensionsLength: extensions.length } : {}),
      },
    ];
  }

  /** The handshake as the debugger saw it, in webRequest's shape (it is the same request). */
  private handshake(socket: Socket, t: number, status: number, response: CdpParams): HandshakeRecord {
    const requestHeaders = cutHeaders(socket.request?.headers);
    const responseHeaders = cutHeaders(headerList(response.headers));
    const statusText = typeof response.statusText === 'string' ? response.statusText : '';
    const started = socket.request?.t ?? t;
    return {
      kind: 'handshake',
      sid: socket.sid,
      t: started,
      url: socket.url.slice(0, MAX_URL_CHARS),
      ...(socket.url.length > MAX_URL_CHARS ? { urlLength: socket.url.length } : {}),
      method: 'GET',
      requestHeaders: requestHeaders.headers,
      ...(requestHeaders.count === undefined ? {} : { requestHeaderCount: requestHeaders.count }),
      status: status >= 0 && status <= 999 ? status : 0,
      statusLine: `HTTP/1.1 ${status} ${statusText}`.trim().slice(0, MAX_STATUS_LINE_CHARS),
      responseHeaders: responseHeaders.headers,
      ...(responseHeaders.count === undefined ? {} : { responseHeaderCount: responseHeaders.count }),
      error: '',
      sentAt: started,
      respondedAt: t,
      endedAt: t,
      context: 'worker',
    };
  }

  private frame(socket: Socket, t: number, dir: 'sent' | 'received', params: CdpParams): WireRecord[] {
    const response = record(params.response);
    const payload = typeof response.payloadData === 'string' ? response.payloadData : '';
    const limit = this.payloadLimit;
    if (response.opcode === 1) {
      const truncated = payload.length > limit;
      const data = truncated ? payload.slice(0, limit) : payload;
      return [{ kind: 'frame', sid: socket.sid, t, dir, type: 'text', data, size: utf8Length(payload), truncated }];
    }
    if (response.opcode !== 2) return []; // control frames are not the page's messages
    const bytes = base64ToBytes(payload);
    const truncated = bytes.byteLength > limit;
    const data = truncated ? bytes.slice(0, limit) : bytes;
    return [{ kind: 'frame', sid: socket.sid, t, dir, type: 'binary', data, size: bytes.byteLength, truncated }];
  }

  /** An event's monotonic timestamp (seconds) as epoch ms; the time of arrival before a handshake set the clock. */
  private time(timestamp: unknown): number {
    if (typeof timestamp !== 'number' || this.offset === undefined) return this.now();
    return Math.max(0, timestamp * 1000 + this.offset);
  }
}

function close(sid: number, t: number, by: 'unknown' | 'detached' | 'network', code = NO_STATUS): WireRecord {
  return { kind: 'close', sid, t, code, reason: '', wasClean: false, by };
}

/** The worker's stack at `new WebSocket`, written as V8 writes one (CDP's lines and columns count from 0). */
function stackOf(initiator: unknown): string {
  const frames = record(record(initiator).stack).callFrames;
  if (!Array.isArray(frames)) return '';
  return frames
    .map((frame: unknown) => {
      const { functionName, url, lineNumber, columnNumber } = record(frame);
      const where = `${String(url ?? '')}:${Number(lineNumber ?? 0) + 1}:${Number(columnNumber ?? 0) + 1}`;
      return typeof functionName === 'string' && functionName ? `    at ${functionName} (${where})` : `    at ${where}`;
    })
    .join('\n');
}

/** CDP's headers object ({name: value}, several values joined by newlines) as a list. */
function headerList(headers: unknown): RawHeader[] {
  return Object.entries(record(headers)).flatMap(([name, value]) =>
    typeof value === 'string' ? value.split('\n').map((line) => ({ name, value: line })) : [],
  );
}

function record(value: unknown): CdpParams {
  return typeof value === 'object' && value !== null ? (value as CdpParams) : {};
}

/** A header's value whatever its case (CDP keeps the server's spelling; several values are joined by newlines). */
function header(headers: CdpParams, name: string): string {
  for (const [key, value] of Object.entries(headers))
    if (key.toLowerCase() === name && typeof value === 'string') return value.replace(/\n/g, ', ');
  return '';
}
