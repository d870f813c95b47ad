/**
 * STOMP 1.0–1.2 over WebSocket.
 *
 * A frame is `COMMAND\n` + `name:value\n` headers + `\n` + body + NUL. One
 * WebSocket frame may carry several STOMP frames, a frame may continue in the
 * next WebSocket frame (stompjs' splitLargeFrames), and a WebSocket frame of
 * bare EOLs is a heart-beat. Header values use 1.1/1.2 escaping (`\n \r \c \\`)
 * except in CONNECT and CONNECTED, and unless 1.0 was negotiated. With a
 * content-length header the body may itself contain NULs.
 *
 * Pairs: CONNECT → CONNECTED (or ERROR); SUBSCRIBE id opens a stream whose
 * MESSAGEs are its items and whose UNSUBSCRIBE ends it; any other client frame
 * with a `receipt` header expects the RECEIPT (or ERROR) with that receipt-id.
 */
import {
  BY_CONTENT,
  BY_SUBPROTOCOL,
  type ConnectionDecoder,
  type Decoder,
  type DecodedMessage,
  type DecoderFrame,
  type FrameDecoding,
} from './types';
import {
  BoundedMap,
  describeValue,
  decodeUtf8,
  decodeUtf8Strict,
  firstFrameIn,
  frameText,
  parseJson,
  speaksSubprotocol,
  truncatedReason,
} from './json-text';

const CLIENT_COMMANDS = [
  'CONNECT',
  'STOMP',
  'SEND',
  'SUBSCRIBE',
  'UNSUBSCRIBE',
  'BEGIN',
  'COMMIT',
  'ABORT',
  'ACK',
  'NACK',
  'DISCONNECT',
];
const SERVER_COMMANDS = ['CONNECTED', 'MESSAGE', 'RECEIPT', 'ERROR'];
const COMMANDS = new Set([...CLIENT_COMMANDS, ...SERVER_COMMANDS]);
const LONGEST_COMMAND = 11;
/** A frame split over WebSocket frames is put back together up to this size. */
const MAX_CARRY = 4 * 1024 * 1024;

const encoder = new TextEncoder();
const DECIMAL = /^\d{1,10}$/;

export interface StompFrame {
  command: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

type ParseResult = { frames: StompFrame[]; rest?: Uint8Array } | { error: string };

/** Parses whole frames; an unfinished last frame comes back as `rest`. */
export function parseStompFrames(bytes: Uint8Array, escapedHeaders: boolean): ParseResult {
  const frames: StompFrame[] = [];
  let pos = 0;
  for (;;) {
    while (bytes[pos] === 10 || (bytes[pos] === 13 && bytes[pos + 1] === 10)) pos += bytes[pos] === 13 ? 2 : 1;
    if (pos >= bytes.length) return { frames };
    const lineEnd = bytes.indexOf(10, pos);
    if (lineEnd === -1) return unfinishedCommand(bytes, pos, frames);
    const command = asciiLine(bytes, pos, bytes[lineEnd - 1] === 13 ? lineEnd - 1 : lineEnd);
    if (!COMMANDS.has(command)) return { error: `${describeValue(command)} is not a STOMP command` };
    const headerEnd = findBlankLine(bytes, lineEnd + 1);
    if (headerEnd === undefined) return { frames, rest: bytes.subarray(pos) };
    const parsedHeaders = parseHeaders(
      decodeUtf8(bytes.subarray(lineEnd + 1, headerEnd.start)),
      escapedHeaders && command !== 'CONNECT' && command !== 'CONNECTED',
    );
    if ('error' in parsedHeaders) return { error: `${command}: ${parsedHeaders.error}` };
    const headers = parsedHeaders.headers;
    const bodyStart = headerEnd.next;
    const lengthHeader = headers['content-length'];
    let bodyEnd: number;
    if (lengthHeader !== undefined) {
      const length = DECIMAL.test(lengthHeader) ? Number(lengthHeader) : NaN;
      if (Number.isNaN(length))
        return { error: `${command}: content-length ${describeValue(lengthHeader)} is not a number` };
      bodyEnd = bodyStart + length;
      if (bodyEnd >= bytes.length) return { frames, rest: bytes.subarray(pos) };
      if (bytes[bodyEnd] !== 0)
        return { error: `${command}: no NUL after the ${length} bytes its content-length announces` };
    } else {
      bodyEnd = bytes.indexOf(0, bodyStart);
      if (bodyEnd === -1) return { frames, rest: bytes.subarray(pos) };
    }
    frames.push({ command, headers, body: bytes.subarray(bodyStart, bodyEnd) });
    pos = bodyEnd + 1;
  }
}

/** A command line as text; commands are short ASCII, so no decoder call for them. */
function asciiLine(bytes: Uint8Array, start: number, end: number): string {
  if (end - start > LONGEST_COMMAND) return decodeUtf8(bytes.subarray(start, Math.min(end, start + 60)));
  let line = '';
  for (let i = start; i < end; i++) line += String.fromCharCode(bytes[i]!);
  return line;
}

function unfinishedCommand(bytes: Uint8Array, pos: number, frames: StompFrame[]): ParseResult {
  const start = decodeUtf8(bytes.subarray(pos, pos + LONGEST_COMMAND + 1)).replace(/\r$/, '');
  const couldContinue = bytes.length - pos <= LONGEST_COMMAND && [...COMMANDS].some((c) => c.startsWith(start));
  if (couldContinue) return { frames, rest: bytes.subarray(pos) };
  return { error: `${describeValue(start)} is not a STOMP command line` };
}

/** Where the headers end: the empty line after them (or right away: no headers). */
function findBlankLine(bytes: Uint8Array, from: number): { start: number; next: number } | undefined {
  let lineStart = from;
  for (;;) {
    if (bytes[lineStart] === 10) return { start: lineStart, next: lineStart + 1 };
    if (bytes[lineStart] === 13 && bytes[lineStart + 1] === 10) return { start: lineStart, next: lineStart + 2 };
    const lineEnd = bytes.indexOf(10, lineStart);
    if (lineEnd === -1) return undefined;
    lineStart = lineEnd + 1;
  }
}

function parseHeaders(block: string, escaped: boolean): { headers: Record<string, string> } | { error: string } {
  // A Map keeps the first of repeated headers (the one that counts) and takes any name, __proto__ included.
  const headers = new Map<string, string>();
  if (block === '') return { headers: {} };
  for (const rawLine of block.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon === -1) return { error: `header line ${describeValue(line)} has no ":"` };
    const name = escaped ? unescapeHeader(line.slice(0, colon)) : line.slice(0, colon);
    if (!headers.has(name)) headers.set(name, escaped ? unescapeHeader(line.slice(colon + 1)) : line.slice(colon + 1));
  }
  return { headers: Object.fromEntries(headers) };
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', c: ':', '\\': '\\' };

function unescapeHeader(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(.)/g, (whole, code: string) => ESCAPES[code] ?? whole);
}

/** Does the text start like a STOMP frame (a command, then an EOL)? */
export function looksLikeStomp(text: string): boolean {
  const eol = text.indexOf('\n');
  if (eol === -1 || eol > LONGEST_COMMAND + 1) return false;
  return COMMANDS.has(text.slice(0, text[eol - 1] === '\r' ? eol - 1 : eol));
}

const TEXTUAL_TYPE = /^(text\/|application\/(json|xml|javascript)|[^;]*\+(json|xml))/i;

/** The body as the Decoded tab shows it: JSON parsed, text as text, anything else as bytes. */
function displayBody(frame: StompFrame, sentAsText: boolean): unknown {
  if (frame.body.length === 0) return undefined;
  const type = frame.headers['content-type'];
  if (!sentAsText && type !== undefined && !TEXTUAL_TYPE.test(type)) return frame.body;
  // A binary frame without a content-type is text only if it is valid UTF-8.
  const text = sentAsText || type !== undefined ? decodeUtf8(frame.body) : decodeUtf8Strict(frame.body);
  if (text === undefined) return frame.body;
  const first = text[0];
  if (first === '{' || first === '[') {
    const parsed = parseJson(text);
    if ('value' in parsed) return parsed.value;
  }
  return text;
}

export class StompConnection implements ConnectionDecoder {
  private escapedHeaders: boolean;
  private readonly carry: Record<'sent' | 'received', Uint8Array | undefined> = {
    sent: undefined,
    received: undefined,
  };
  private connectPending = false;
  /** Receipts a request is waiting for → the request's destination. */
  private readonly awaitedReceipts = new BoundedMap<string, string | undefined>();
  private readonly subscriptions = new BoundedMap<string, string | undefined>();

  constructor(subprotocol = '') {
    this.escapedHeaders = subprotocol !== 'v10.stomp';
  }

  decode(frame: DecoderFrame): FrameDecoding {
    const dir = frame.dir;
    if (frame.truncated) {
      this.carry[dir] = undefined;
      return { error: truncatedReason(frame) };
    }
    let bytes = typeof frame.data === 'string' ? encoder.encode(frame.data) : frame.data;
    const carried = this.carry[dir];
    if (carried) {
      const joined = new Uint8Array(carried.length + bytes.length);
      joined.set(carried);
      joined.set(bytes, carried.length);
      bytes = joined;
      this.carry[dir] = undefined;
    } else if (isHeartbeat(bytes)) {
      return { messages: [{ protocol: 'stomp', kind: 'heartbeat', control: true }] };
    }
    const parsed = parseStompFrames(bytes, this.escapedHeaders);
    if ('error' in parsed) return parsed;
    if (parsed.rest) {
      if (parsed.rest.length > MAX_CARRY) return { error: `a STOMP frame still unfinished after ${MAX_CARRY} bytes` };
      // Copy: the rest may be a view into a frame the caller keeps or reuses.
      this.carry[dir] = parsed.rest.slice();
    }
    if (parsed.frames.length === 0) return { pending: 'a STOMP frame that continues in the next WebSocket frame' };
    return { messages: parsed.frames.map((f) => this.message(f, dir, frame.type === 'text')) };
  }

  private message(frame: StompFrame, dir: 'sent' | 'received', sentAsText: boolean): DecodedMessage {
    const { command, headers } = frame;
    const message: DecodedMessage = { protocol: 'stomp', kind: command };
    const body = displayBody(frame, sentAsText);
    message.body = body === undefined ? { headers } : { headers, body };
    let name = headers.destination;
    const receipt = headers.receipt;
    switch (command) {
      case 'CONNECT':
      case 'STOMP':
        this.connectPending = true;
        message.pair = { key: 'stomp:connect', role: 'request' };
        break;
      case 'CONNECTED':
        if (headers.version === '1.0') this.escapedHeaders = false;
        if (this.connectPending) message.pair = { key: 'stomp:connect', role: 'reply' };
        this.connectPending = false;
        break;
      case 'SUBSCRIBE':
        if (headers.id !== undefined) {
          this.subscriptions.set(headers.id, name);
          message.pair = { key: `stomp:sub:${headers.id}`, role: 'stream-start' };
        }
        break;
      case 'UNSUBSCRIBE':
        if (headers.id !== undefined) {
          name = this.subscriptions.get(headers.id);
          this.subscriptions.delete(headers.id);
          message.pair = { key: `stomp:sub:${headers.id}`, role: 'reply' };
        }
        break;
      case 'MESSAGE':
        if (headers.subscription !== undefined) {
          name ??= this.subscriptions.get(headers.subscription);
          message.pair = { key: `stomp:sub:${headers.subscription}`, role: 'stream-item' };
        }
        break;
      case 'RECEIPT':
      case 'ERROR': {
        const receiptId = headers['receipt-id'];
        if (receiptId !== undefined && this.awaitedReceipts.has(receiptId)) {
          name = this.awaitedReceipts.get(receiptId);
          this.awaitedReceipts.delete(receiptId);
          message.pair = { key: `stomp:receipt:${receiptId}`, role: 'reply' };
        } else if (command === 'ERROR' && this.connectPending) {
          this.connectPending = false;
          message.pair = { key: 'stomp:connect', role: 'reply' };
        }
        break;
      }
    }
    if (dir === 'sent' && receipt !== undefined && message.pair === undefined) {
      this.awaitedReceipts.set(receipt, name);
      message.pair = { key: `stomp:receipt:${receipt}`, role: 'request' };
    }
    if (name !== undefined) message.name = name;
    const id = idOf(command, headers);
    if (id !== undefined) message.id = id;
    return message;
  }
}

function idOf(command: string, headers: Record<string, string>): string | undefined {
  switch (command) {
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE':
    case 'ACK':
    case 'NACK':
      return headers.id;
    case 'MESSAGE':
      return headers['message-id'];
    case 'RECEIPT':
    case 'ERROR':
      return headers['receipt-id'];
    default:
      return headers.receipt;
  }
}

function isHeartbeat(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  for (const byte of bytes) if (byte !== 10 && byte !== 13) return false;
  return true;
}

const STOMP_SUBPROTOCOLS = ['v10.stomp', 'v11.stomp', 'v12.stomp'];

export const stompDecoder: Decoder = {
  protocol: 'stomp',
  label: 'STOMP',
  detect(info, firstFrames) {
    if (speaksSubprotocol(info, STOMP_SUBPROTOCOLS)) return BY_SUBPROTOCOL;
    const first = firstFrameIn(firstFrames, 'sent');
    if (!first || first.truncated) return 0;
    const text = frameText(first);
    return text.startsWith('CONNECT\n') ||
      text.startsWith('CONNECT\r\n') ||
      text.startsWith('STOMP\n') ||
      text.startsWith('STOMP\r\n')
      ? BY_CONTENT
      : 0;
  },
  create: (info) => new StompConnection(info.protocol),
};
