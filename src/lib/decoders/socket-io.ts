/**
 * Socket.IO v2 (Engine.IO 3) and v3–v4 (Engine.IO 4) on top of Engine.IO.
 *
 * A Socket.IO packet is an Engine.IO `message` whose text reads
 * `<type>[<attachments>-][<namespace>,][<ack id>][<JSON>]`, e.g.
 * `42/admin,7["chat","hi"]`. Engine.IO's own packets (open, ping, pong,
 * upgrade, noop) come out as protocol `engine.io`, marked control.
 *
 * Binary events and acks: the text packet (`451-["upload",{"_placeholder":true,"num":0}]`)
 * decodes at once to a BINARY_EVENT whose body keeps the protocol's own
 * placeholder objects where the bytes go (a marker of our own could collide with
 * the app's data; the protocol's cannot). Each binary frame that follows decodes
 * to kind `attachment` named after its event, with `{ index, of, data }`, so the
 * event stands at its own position in the timeline and its bytes stay visible.
 *
 * Pairs: an EVENT with an ack id is a `request` keyed by namespace, direction
 * and id; the ACK with that id coming the other way is its `reply`. A client's
 * CONNECT to a namespace pairs with the server's CONNECT or CONNECT_ERROR.
 */
import {
  BY_CONTENT,
  BY_URL,
  type ConnectionDecoder,
  type Decoder,
  type DecodedMessage,
  type FrameDecoding,
} from './types';
import { EngineIoReader, engineIoControlMessage } from './engine-io';
import { BoundedMap, firstFrameIn, frameText, opposite, parseJson, urlParts } from './json-text';

const PACKET_KINDS = ['CONNECT', 'DISCONNECT', 'EVENT', 'ACK', 'CONNECT_ERROR', 'BINARY_EVENT', 'BINARY_ACK'] as const;
type PacketKind = (typeof PACKET_KINDS)[number];

/** socket.io-parser refuses more than 10 by default; a little room for servers that raise it. */
const MAX_ATTACHMENTS = 1000;

export interface SocketIoPacket {
  kind: PacketKind;
  nsp: string;
  /** v2 clients put a query after the namespace: `/admin?token=x,`. */
  query?: string;
  attachments?: number;
  id?: string;
  data?: unknown;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

export function parseSocketIoPacket(text: string): SocketIoPacket | { error: string } {
  const kind = PACKET_KINDS[text.charCodeAt(0) - 48];
  if (kind === undefined) {
    return {
      error: `a Socket.IO packet starts with a type digit 0–6, this one with ${JSON.stringify(text.slice(0, 1))}`,
    };
  }
  let i = 1;
  const packet: SocketIoPacket = { kind, nsp: '/' };
  if (kind === 'BINARY_EVENT' || kind === 'BINARY_ACK') {
    const dash = text.indexOf('-', i);
    const count = dash > i && dash - i <= 6 ? Number(text.slice(i, dash)) : NaN;
    if (!Number.isInteger(count) || count < 0) return { error: `${kind} without a valid attachment count before "-"` };
    if (count > MAX_ATTACHMENTS)
      return { error: `${kind} announces ${count} attachments, more than ${MAX_ATTACHMENTS}` };
    packet.attachments = count;
    i = dash + 1;
  }
  if (text[i] === '/') {
    const comma = text.indexOf(',', i);
    const end = comma === -1 ? text.length : comma;
    const namespace = text.slice(i, end);
    const question = namespace.indexOf('?');
    packet.nsp = question === -1 ? namespace : namespace.slice(0, question);
    if (question !== -1) packet.query = namespace.slice(question + 1);
    i = comma === -1 ? end : end + 1;
  }
  const idStart = i;
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  if (i > idStart) packet.id = text.slice(idStart, i);
  if (i < text.length) {
    const payload = parseJson(text.slice(i));
    if ('error' in payload) return { error: `${kind} payload is ${payload.error}` };
    packet.data = payload.value;
  }
  const invalid = payloadProblem(packet);
  return invalid ? { error: invalid } : packet;
}

function payloadProblem({ kind, data }: SocketIoPacket): string | undefined {
  switch (kind) {
    case 'EVENT':
    case 'BINARY_EVENT':
      if (!Array.isArray(data) || data.length === 0)
        return `${kind} payload must be an array starting with the event name`;
      if (typeof data[0] !== 'string' && typeof data[0] !== 'number') return `${kind} event name must be a string`;
      return undefined;
    case 'ACK':
    case 'BINARY_ACK':
      return Array.isArray(data) ? undefined : `${kind} payload must be an array`;
    case 'DISCONNECT':
      return data === undefined ? undefined : 'DISCONNECT carries no payload';
    default:
      return undefined;
  }
}

/** A binary packet whose attachments are still arriving, per direction. */
interface AwaitedAttachments {
  name?: string;
  id?: string;
  total: number;
  received: number;
}

class SocketIoConnection implements ConnectionDecoder {
  private readonly reader: EngineIoReader;
  private readonly awaited: Record<'sent' | 'received', AwaitedAttachments | undefined> = {
    sent: undefined,
    received: undefined,
  };
  /** Request pair key → event name, so an ACK says what it answers. */
  private readonly eventOfRequest = new BoundedMap<string, string>();
  private readonly connectsSent = new BoundedMap<string, true>(1000);

  constructor(url: string) {
    this.reader = new EngineIoReader(url);
  }

  decode(frame: Parameters<ConnectionDecoder['decode']>[0]): FrameDecoding {
    const packet = this.reader.read(frame);
    if ('error' in packet) {
      this.awaited[frame.dir] = undefined;
      return packet;
    }
    if (packet.type !== 'message') return { messages: [engineIoControlMessage(packet)] };
    if (typeof packet.data !== 'string') return this.attachment(frame.dir, packet.data);

    // A text packet while bytes were awaited: the binary packet was abandoned.
    this.awaited[frame.dir] = undefined;
    const parsed = parseSocketIoPacket(packet.data);
    if ('error' in parsed) return parsed;
    return { messages: [this.message(parsed, frame.dir)] };
  }

  private attachment(dir: 'sent' | 'received', data: Uint8Array): FrameDecoding {
    const awaited = this.awaited[dir];
    if (!awaited) return { error: 'a binary frame with no Socket.IO binary event or ack awaiting an attachment' };
    const index = awaited.received++;
    if (awaited.received >= awaited.total) this.awaited[dir] = undefined;
    const message: DecodedMessage = {
      protocol: 'socket.io',
      kind: 'attachment',
      control: false,
      body: { index, of: awaited.total, data },
    };
    if (awaited.name !== undefined) message.name = awaited.name;
    if (awaited.id !== undefined) message.id = awaited.id;
    return { messages: [message] };
  }

  private message(packet: SocketIoPacket, dir: 'sent' | 'received'): DecodedMessage {
    const message: DecodedMessage = { protocol: 'socket.io', kind: packet.kind };
    if (packet.id !== undefined) message.id = packet.id;
    const scope = `sio:${packet.nsp}`;
    switch (packet.kind) {
      case 'EVENT':
      case 'BINARY_EVENT': {
        const [name, ...args] = packet.data as unknown[];
        message.name = String(name);
        message.body = args;
        if (packet.id !== undefined) {
          const key = `${scope}:${dir}:${packet.id}`;
          message.pair = { key, role: 'request' };
          this.eventOfRequest.set(key, message.name);
        }
        break;
      }
      case 'ACK':
      case 'BINARY_ACK': {
        message.body = packet.data;
        if (packet.id !== undefined) {
          const key = `${scope}:${opposite(dir)}:${packet.id}`;
          message.pair = { key, role: 'reply' };
          const name = this.eventOfRequest.get(key);
          if (name !== undefined) message.name = name;
          this.eventOfRequest.delete(key);
        }
        break;
      }
      case 'CONNECT':
      case 'CONNECT_ERROR': {
        if (packet.data !== undefined) message.body = packet.data;
        const key = `${scope}:connect`;
        if (dir === 'sent' && packet.kind === 'CONNECT') {
          this.connectsSent.set(packet.nsp, true);
          message.pair = { key, role: 'request' };
        } else if (dir === 'received' && this.connectsSent.delete(packet.nsp)) {
          message.pair = { key, role: 'reply' };
        }
        break;
      }
      case 'DISCONNECT':
        break;
    }
    if (packet.nsp !== '/' && message.name === undefined) message.name = packet.nsp;
    if (packet.nsp !== '/' || packet.query !== undefined) {
      message.body = {
        namespace: packet.nsp,
        ...(packet.query ? { query: packet.query } : {}),
        // A DISCONNECT has no data: no key, which the Decoded tab would show as "undefined".
        ...(message.body !== undefined && { data: message.body }),
      };
    }
    if (packet.attachments !== undefined && packet.attachments > 0) {
      this.awaited[dir] = { name: message.name, id: packet.id, total: packet.attachments, received: 0 };
    }
    return message;
  }
}

export const socketIoDecoder: Decoder = {
  protocol: 'socket.io',
  label: 'Socket.IO',
  detect(info, firstFrames) {
    const { path, query } = urlParts(info.url);
    if (query.has('EIO') && !path.includes('/engine.io')) return BY_URL;
    const first = firstFrameIn(firstFrames, 'received');
    return first && !first.truncated && frameText(first).startsWith('0{"sid":') ? BY_CONTENT : 0;
  },
  create(info) {
    return new SocketIoConnection(info.url);
  },
};
