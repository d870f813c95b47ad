/**
 * The HAR 1.2 shapes we write (http://www.softwareishard.com/blog/har-12-spec/),
 * with Chrome DevTools' WebSocket extension (`_resourceType: "websocket"` and
 * `_webSocketMessages`) and our own `_webSocketLens` facts, which Chrome and
 * other HAR tools ignore (HAR reserves `_`-prefixed names for extensions).
 */
import type { HandshakeRecord, WireRecord, WorkerInfo } from '../../protocol/schema';
import type { CaptureSource } from '../../protocol/fields';
import type { Navigation } from '../../protocol/messages';
import type { RedactionSummary } from './records';

/** One WebSocket message exactly as Chrome DevTools writes it, plus our optional extras. */
export interface HarWebSocketMessage {
  type: 'send' | 'receive';
  /** Seconds since the epoch, with a fraction. */
  time: number;
  /** 1 text, 2 binary. */
  opcode: 1 | 2;
  /** The text, or base64 of the bytes. */
  data: string;
  /** Ours: the record's seq, so our importer restores the exact order across connections. */
  _seq?: number;
  /** Ours, only when the payload was cut at capture: the true size in bytes. */
  _size?: number;
  _truncated?: true;
}

/** A lifecycle record (or the browser's handshake) without the facts the entry already holds (conn, frameId). */
export type LensEvent = (Exclude<WireRecord, { kind: 'frame' }> | HandshakeRecord) & {
  seq: number;
  source?: CaptureSource;
};

/** Ours, on each WebSocket entry: what HAR has no field for. */
export interface LensEntryFacts {
  conn: string;
  frameId: number;
  /** Every lifecycle record (create, open, error, closing, close) and the handshake, verbatim. */
  events: LensEvent[];
  /** Frames of this connection the extension dropped (frame budget) before the export. */
  droppedFrames?: number;
}

/** Ours, on `log`: the format of the extras and facts about the export. */
export interface LensLogFacts {
  /** 2: events may hold the browser's handshake (version 1 files read the same). */
  version: 2;
  exportedAt: string;
  navigations?: Navigation[];
  /** Present when secrets were masked before export: which rules, how many. */
  redaction?: RedactionSummary;
}

export interface HarNameValue {
  name: string;
  value: string;
}

export interface HarEntry {
  pageref?: string;
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    queryString: HarNameValue[];
    headersSize: number;
    bodySize: number;
    /** HAR 1.2's free text: why headers are missing (Chrome without extraHeaders). */
    comment?: string;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    content: { size: number; mimeType: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: { blocked: number; dns: number; connect: number; ssl: number; send: number; wait: number; receive: number };
  /** Chrome's field for why a request failed: the browser's error name. */
  _error?: string;
  _resourceType: 'websocket';
  /** Ours: the worker that opened the socket (deep capture), where Chrome names the page's frame. */
  _worker?: WorkerInfo;
  _webSocketLens: LensEntryFacts;
  _webSocketMessages: HarWebSocketMessage[];
}

export interface HarPage {
  startedDateTime: string;
  id: string;
  title: string;
  pageTimings: { onContentLoad: number; onLoad: number };
}

export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    pages?: HarPage[];
    entries: HarEntry[];
    _webSocketLens: LensLogFacts;
  };
}
