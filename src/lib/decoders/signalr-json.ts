/**
 * ASP.NET Core SignalR, JSON hub protocol.
 *
 * Every record ends with the record separator 0x1E; a frame may hold several,
 * and a large one may continue in the next frame. Each side's first record is
 * the handshake: `{"protocol":"json","version":1}` from the client, `{}` or
 * `{"error":…}` from the server. Records then carry a numeric `type`:
 * 1 Invocation, 2 StreamItem, 3 Completion, 4 StreamInvocation,
 * 5 CancelInvocation, 6 Ping, 7 Close, 8 Ack and 9 Sequence (stateful reconnect).
 *
 * Invocation ids come from either side (a server may invoke a client and wait
 * for its result), so keys carry the invoker's direction. Items and completions
 * of streams the client uploads (ids from an Invocation's `streamIds`) flow the
 * same way as their invocation: they are named after it but not paired.
 * A handshake naming another protocol (messagepack) makes every later frame an
 * error, so the user picks the MessagePack decoder.
 */
import {
  BY_CONTENT,
  BY_URL,
  type ConnectionDecoder,
  type Decoder,
  type DecodedMessage,
  type DecoderFrame,
  type FrameDecoding,
} from './types';
import { SIGNALR_KINDS, SignalrExchanges, type SignalrKind } from './signalr-exchanges';
import {
  describeValue,
  firstFrameIn,
  frameText,
  idText,
  isRecord,
  parseJson,
  stringField,
  truncatedReason,
  urlParts,
} from './json-text';

type Direction = 'sent' | 'received';

const RECORD_SEPARATOR = '\u001e';
const MAX_CARRY = 4 * 1024 * 1024;

class SignalrJsonConnection implements ConnectionDecoder {
  private readonly handshakeDone: Record<Direction, boolean> = { sent: false, received: false };
  private readonly carry: Record<Direction, string> = { sent: '', received: '' };
  /** Set when the handshake chose another hub protocol. */
  private otherProtocol: string | undefined;
  private readonly exchanges = new SignalrExchanges();

  decode(frame: DecoderFrame): FrameDecoding {
    const dir = frame.dir;
    if (frame.truncated) {
      this.carry[dir] = '';
      return { error: truncatedReason(frame) };
    }
    if (this.otherProtocol !== undefined && this.handshakeDone[dir]) {
      return { error: `the handshake chose SignalR's ${this.otherProtocol.slice(0, 40)} hub protocol, not JSON` };
    }
    if (typeof frame.data !== 'string' && this.handshakeDone[dir]) {
      return { error: 'a binary frame on a SignalR JSON connection' };
    }
    const text = this.carry[dir] + frameText(frame);
    const records = text.split(RECORD_SEPARATOR);
    const unfinished = records.pop() ?? '';
    if (unfinished.length > MAX_CARRY) {
      this.carry[dir] = '';
      return { error: `a SignalR record still without its 0x1E separator after ${MAX_CARRY} characters` };
    }
    this.carry[dir] = unfinished;
    if (records.length === 0) return { pending: 'a SignalR record that continues in the next frame' };
    const messages: DecodedMessage[] = [];
    for (const [index, record] of records.entries()) {
      const message = this.record(record, dir);
      if ('error' in message) {
        return {
          error: records.length > 1 ? `record ${index + 1} of ${records.length}: ${message.error}` : message.error,
        };
      }
      messages.push(message);
    }
    return { messages };
  }

  private record(text: string, dir: Direction): DecodedMessage | { error: string } {
    if (!text.startsWith('{')) return { error: 'a SignalR JSON record is a JSON object' };
    const parsed = parseJson(text);
    if ('error' in parsed) return parsed;
    if (!isRecord(parsed.value)) return { error: 'a SignalR JSON record is a JSON object' };
    const object = parsed.value;
    if (!this.handshakeDone[dir] && !('type' in object)) return this.handshake(object, dir);
    this.handshakeDone[dir] = true;
    const type = object.type;
    const kind = typeof type === 'number' ? SIGNALR_KINDS[type] : undefined;
    if (kind === undefined) return { error: `${describeValue(type)} is not a SignalR message type` };
    return this.message(object, kind, dir);
  }

  private handshake(object: Record<string, unknown>, dir: Direction): DecodedMessage {
    this.handshakeDone[dir] = true;
    const protocol = stringField(object, 'protocol');
    if (dir === 'sent' && protocol !== undefined && protocol !== 'json') this.otherProtocol = protocol;
    const message: DecodedMessage = {
      protocol: 'signalr',
      kind: 'handshake',
      body: object,
      pair: { key: 'signalr:handshake', role: dir === 'sent' ? 'request' : 'reply' },
    };
    if (protocol !== undefined) message.name = protocol;
    return message;
  }

  private message(object: Record<string, unknown>, kind: SignalrKind, dir: Direction): DecodedMessage {
    const message: DecodedMessage = { protocol: 'signalr', kind };
    const id = idText(object.invocationId);
    if (id !== undefined) message.id = id;
    switch (kind) {
      case 'Invocation':
      case 'StreamInvocation':
        message.body = object.arguments;
        this.exchanges.invocation(message, dir, id, stringField(object, 'target'), object.streamIds);
        break;
      case 'StreamItem':
      case 'Completion':
        message.body =
          kind === 'StreamItem' ? object.item : 'error' in object ? { error: object.error } : { result: object.result };
        this.exchanges.answer(message, dir, id);
        break;
      case 'CancelInvocation':
        this.exchanges.cancel(message, dir, id);
        break;
      case 'Ping':
      case 'Ack':
      case 'Sequence':
        message.control = true;
        if (object.sequenceId !== undefined) message.body = { sequenceId: object.sequenceId };
        break;
      case 'Close':
        message.body = { error: object.error, allowReconnect: object.allowReconnect };
        break;
    }
    return message;
  }
}

/** The client's handshake asks for the JSON protocol. */
function isJsonHandshake(frame: DecoderFrame | undefined): boolean {
  if (!frame || frame.truncated) return false;
  const text = frameText(frame);
  const end = text.indexOf(RECORD_SEPARATOR);
  if (!text.startsWith('{') || end === -1 || !text.includes('"protocol"')) return false;
  const parsed = parseJson(text.slice(0, end));
  return 'value' in parsed && isRecord(parsed.value) && parsed.value.protocol === 'json';
}

export const signalrJsonDecoder: Decoder = {
  protocol: 'signalr',
  label: 'SignalR (JSON)',
  detect(info, firstFrames) {
    if (!isJsonHandshake(firstFrameIn(firstFrames, 'sent'))) return 0;
    // After negotiate, SignalR connects to the hub URL with the connection token as `id`.
    return urlParts(info.url).query.has('id') ? BY_URL : BY_CONTENT;
  },
  create: () => new SignalrJsonConnection(),
};
