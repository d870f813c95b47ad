/**
 * Engine.IO v3 and v4 over WebSocket: the transport Socket.IO rides on.
 *
 * A text frame is one packet: a type digit (0 open, 1 close, 2 ping, 3 pong,
 * 4 message, 5 upgrade, 6 noop) and its data. Binary frames are messages: v3
 * puts the type byte 0x04 in front, v4 sends the bytes raw. A text frame that
 * starts with `b` is a base64 binary message (v3 `b4…`, v4 `b…`), which clients
 * send when they cannot send binary. `2probe`/`3probe` and `5` are the chatter
 * of an upgrade from polling.
 */
import { BY_URL, type ConnectionDecoder, type Decoder, type DecodedMessage, type DecoderFrame } from './types';
import { isRecord, parseJson, truncatedReason, urlParts } from './json-text';

export type EngineIoVersion = 3 | 4;

const PACKET_TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'] as const;
export type EngineIoPacketType = (typeof PACKET_TYPES)[number];

export type EngineIoPacket =
  { type: 'message'; data: string | Uint8Array } | { type: Exclude<EngineIoPacketType, 'message'>; data: string };

/** The Engine.IO version the URL asks for (`EIO=3` or `EIO=4`), if it says. */
export function engineIoVersionOf(url: string): EngineIoVersion | undefined {
  const eio = urlParts(url).query.get('EIO');
  return eio === '3' ? 3 : eio === '4' ? 4 : undefined;
}

/**
 * The version an open packet's handshake suggests: v4 servers announce
 * `maxPayload`, v3 servers do not.
 */
export function engineIoVersionOfOpen(handshake: unknown): EngineIoVersion {
  return isRecord(handshake) && 'maxPayload' in handshake ? 4 : 3;
}

export function parseEngineIoPacket(frame: DecoderFrame, version: EngineIoVersion): EngineIoPacket | { error: string } {
  if (typeof frame.data !== 'string') {
    if (version === 4) return { type: 'message', data: frame.data };
    if (frame.data[0] !== 4) {
      return {
        error: `an Engine.IO v3 binary frame starts with the message type byte 4, this one with ${frame.data[0] ?? 'nothing'}`,
      };
    }
    return { type: 'message', data: frame.data.subarray(1) };
  }
  const text = frame.data;
  if (text.startsWith('b')) return decodeBase64Message(text, version);
  const type = PACKET_TYPES[text.charCodeAt(0) - 48];
  if (type === undefined) {
    return {
      error: `an Engine.IO packet starts with a type digit 0–6, this one with ${JSON.stringify(text.slice(0, 1))}`,
    };
  }
  return { type, data: text.slice(1) };
}

function decodeBase64Message(text: string, version: EngineIoVersion): EngineIoPacket | { error: string } {
  // v3 writes the packet type after the `b`; v4 only ever base64-encodes messages.
  const encoded = version === 3 ? text.slice(2) : text.slice(1);
  try {
    const binary = atob(encoded);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return { type: 'message', data: bytes };
  } catch {
    return { error: 'an Engine.IO base64 binary message (starting with b) whose base64 does not decode' };
  }
}

/**
 * What every packet other than `message` looks like in the timeline: transport
 * chatter, except `close`, which the user wants to see.
 */
export function engineIoControlMessage(packet: EngineIoPacket): DecodedMessage {
  const message: DecodedMessage = { protocol: 'engine.io', kind: packet.type, control: packet.type !== 'close' };
  if (packet.type === 'open') {
    const handshake = packet.data.startsWith('{') ? parseJson(packet.data) : undefined;
    message.body = handshake && 'value' in handshake ? handshake.value : packet.data;
  } else if (packet.data !== '') {
    message.body = packet.data;
  }
  return message;
}

/** Reads a connection's packets and learns the version from the URL or the open packet. */
export class EngineIoReader {
  private version: EngineIoVersion | undefined;

  constructor(url: string) {
    this.version = engineIoVersionOf(url);
  }

  read(frame: DecoderFrame): EngineIoPacket | { error: string } {
    if (frame.truncated) return { error: truncatedReason(frame) };
    const packet = parseEngineIoPacket(frame, this.version ?? 4);
    if (this.version === undefined && 'type' in packet && packet.type === 'open' && packet.data.startsWith('{')) {
      const handshake = parseJson(packet.data);
      if ('value' in handshake) this.version = engineIoVersionOfOpen(handshake.value);
    }
    return packet;
  }
}

/** Plain Engine.IO (no Socket.IO on top): messages are shown as they are. */
export const engineIoDecoder: Decoder = {
  protocol: 'engine.io',
  label: 'Engine.IO',
  detect(info) {
    const { path, query } = urlParts(info.url);
    return path.includes('/engine.io') && query.has('EIO') ? BY_URL : 0;
  },
  create(info): ConnectionDecoder {
    const reader = new EngineIoReader(info.url);
    return {
      decode(frame) {
        const packet = reader.read(frame);
        if ('error' in packet) return packet;
        if (packet.type !== 'message') return { messages: [engineIoControlMessage(packet)] };
        return { messages: [{ protocol: 'engine.io', kind: 'message', body: packet.data }] };
      },
    };
  },
};
