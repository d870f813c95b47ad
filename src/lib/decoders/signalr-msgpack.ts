/**
 * ASP.NET Core SignalR, MessagePack hub protocol.
 *
 * Each side first sends a JSON handshake ending in 0x1E (`{"protocol":
 * "messagepack","version":1}` from the client, `{}` or `{"error":…}` back),
 * as text or binary; the server's may share its frame with the first messages.
 * Then each binary frame holds messages, each prefixed by its length as a
 * varint (7 bits a byte, low first, at most 5 bytes) and each a MessagePack
 * array whose first item is the type: 1 Invocation, 2 StreamItem, 3 Completion,
 * 4 StreamInvocation, 5 CancelInvocation, 6 Ping, 7 Close, 8 Ack, 9 Sequence.
 *
 * Kinds, bodies and pair keys are those of the JSON protocol's decoder:
 * `signalr:<invoker's direction>:<invocation id>`; items and completions of
 * streams the client uploads are named after their invocation but not paired.
 */
import { BY_CONTENT, BY_URL, type ConnectionDecoder, type Decoder, type DecodedMessage } from './types';
import type { DecoderFrame, FrameDecoding } from './types';
import { frameBytes, truncatedReason, utf8OrUndefined, type Direction } from './bytes';
import { idText } from './json-text';
import { SIGNALR_KINDS, SignalrExchanges, type SignalrKind } from './signalr-exchanges';
import { decodeMsgpack } from './msgpack';

const RECORD_SEPARATOR = 0x1e;

const COMPLETION_ERROR = 1;
const COMPLETION_RESULT = 3;

/** The handshake record at the start of `bytes`: its JSON and where messages begin. */
function readHandshake(bytes: Uint8Array): { json: Record<string, unknown>; end: number } | undefined {
  if (bytes[0] !== 0x7b) return undefined;
  const end = bytes.indexOf(RECORD_SEPARATOR);
  const text = end === -1 ? undefined : utf8OrUndefined(bytes.subarray(0, end));
  if (text === undefined) return undefined;
  try {
    const json: unknown = JSON.parse(text);
    return typeof json === 'object' && json !== null && !Array.isArray(json)
      ? { json: json as Record<string, unknown>, end: end + 1 }
      : undefined;
  } catch {
    return undefined;
  }
}

/** The varint length prefix at `pos`: the message's length and where it starts. */
function readLength(bytes: Uint8Array, pos: number): { length: number; start: number } | { error: string } {
  let length = 0;
  for (let i = 0; i < 5; i++) {
    const byte = bytes[pos + i];
    if (byte === undefined) return { error: `the frame ends inside a length prefix at byte ${pos}` };
    length += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return { length, start: pos + i + 1 };
  }
  return { error: `a length prefix at byte ${pos} is longer than 5 bytes` };
}

class SignalrMsgpackConnection implements ConnectionDecoder {
  private readonly handshakeDone = { sent: false, received: false };
  private readonly exchanges = new SignalrExchanges();

  decode(frame: DecoderFrame): FrameDecoding {
    if (frame.truncated) return { error: truncatedReason(frame) };
    const dir = frame.dir;
    const bytes = frameBytes(frame);
    const messages: DecodedMessage[] = [];
    let pos = 0;
    if (!this.handshakeDone[dir]) {
      const handshake = readHandshake(bytes);
      if (handshake) {
        messages.push(this.handshake(handshake.json, dir));
        pos = handshake.end;
      }
      this.handshakeDone[dir] = true;
    }
    if (pos < bytes.length && typeof frame.data === 'string') {
      return { error: 'after the handshake, the MessagePack protocol sends binary frames' };
    }
    while (pos < bytes.length) {
      const prefix = readLength(bytes, pos);
      if ('error' in prefix) return prefix;
      const end = prefix.start + prefix.length;
      if (end > bytes.length) {
        return { error: `a message of ${prefix.length} bytes at byte ${prefix.start} runs past the frame's end` };
      }
      const message = this.message(bytes.subarray(prefix.start, end), dir);
      if ('error' in message) return { error: `message ${messages.length + 1} of the frame: ${message.error}` };
      messages.push(message);
      pos = end;
    }
    if (messages.length === 0) return { error: 'an empty frame holds no SignalR message' };
    return { messages };
  }

  private handshake(json: Record<string, unknown>, dir: Direction): DecodedMessage {
    const message: DecodedMessage = {
      protocol: 'signalr',
      kind: 'handshake',
      body: json,
      pair: { key: 'signalr:handshake', role: dir === 'sent' ? 'request' : 'reply' },
    };
    if (typeof json.protocol === 'string') message.name = json.protocol;
    return message;
  }

  private message(bytes: Uint8Array, dir: Direction): DecodedMessage | { error: string } {
    const decoded = decodeMsgpack(bytes);
    if ('error' in decoded) return decoded;
    const array = decoded.value;
    if (!Array.isArray(array)) return { error: 'a SignalR MessagePack message is an array' };
    const kind = typeof array[0] === 'number' ? SIGNALR_KINDS[array[0]] : undefined;
    if (kind === undefined) return { error: `${JSON.stringify(array[0]) ?? 'nothing'} is not a SignalR message type` };
    return this.fields(kind, array, dir);
  }

  private fields(kind: SignalrKind, array: unknown[], dir: Direction): DecodedMessage {
    const message: DecodedMessage = { protocol: 'signalr', kind };
    const id =
      kind === 'Ping' || kind === 'Close' || kind === 'Ack' || kind === 'Sequence' ? undefined : idText(array[2]);
    if (id !== undefined) message.id = id;
    switch (kind) {
      case 'Invocation':
      case 'StreamInvocation':
        message.body = array[4];
        this.exchanges.invocation(message, dir, id, typeof array[3] === 'string' ? array[3] : undefined, array[5]);
        break;
      case 'StreamItem':
      case 'Completion':
        if (kind === 'StreamItem') message.body = array[3];
        else if (array[3] === COMPLETION_ERROR) message.body = { error: array[4] };
        else message.body = array[3] === COMPLETION_RESULT ? { result: array[4] } : {};
        this.exchanges.answer(message, dir, id);
        break;
      case 'CancelInvocation':
        this.exchanges.cancel(message, dir, id);
        break;
      case 'Ping':
        message.control = true;
        break;
      case 'Ack':
      case 'Sequence':
        message.control = true;
        message.body = { sequenceId: array[1] };
        break;
      case 'Close':
        message.body = { error: array[1] ?? null, allowReconnect: array[2] === true };
        break;
    }
    return message;
  }
}

/** The client's first frame asks for the MessagePack hub protocol. */
function isMessagepackHandshake(frame: DecoderFrame | undefined): boolean {
  if (!frame || frame.truncated) return false;
  const handshake = readHandshake(frameBytes(frame));
  return handshake?.json.protocol === 'messagepack';
}

function hasIdQuery(url: string): boolean {
  try {
    return new URL(url).searchParams.has('id');
  } catch {
    return false;
  }
}

export const signalrMsgpackDecoder: Decoder = {
  protocol: 'signalr',
  label: 'SignalR (MessagePack)',
  detect(info, firstFrames) {
    if (!isMessagepackHandshake(firstFrames.find((frame) => frame.dir === 'sent'))) return 0;
    // After negotiate, SignalR connects to the hub URL with the connection token as `id`.
    return hasIdQuery(info.url) ? BY_URL : BY_CONTENT;
  },
  create: () => new SignalrMsgpackConnection(),
};
