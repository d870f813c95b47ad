/**
 * MQTT 3.1, 3.1.1 and 5 over WebSocket (subprotocols `mqtt`, `mqttv3.1`).
 *
 * Hand-written: mqtt-packet, the parser MQTT.js uses, needs Node's Buffer and
 * streams; the tests use its generator to make real packets of every version.
 *
 * MQTT is a byte stream: a frame may hold several packets and a packet may
 * span frames, so each direction keeps the unfinished tail of its last frame
 * (at most MAX_PACKET bytes). The protocol level comes from CONNECT and decides
 * how later packets read (MQTT 5 adds reason codes and properties). Topic
 * aliases (MQTT 5) are resolved per direction, as each side sets its own.
 *
 * Pairs, keyed by packet identifier and the direction of whoever started:
 * QoS 1 `PUBLISH` → `PUBACK`; QoS 2 `PUBLISH` → `PUBREC`, `PUBREL` (items) →
 * `PUBCOMP` (reply); `SUBSCRIBE` → `SUBACK`; `UNSUBSCRIBE` → `UNSUBACK`;
 * `CONNECT` → `CONNACK`; `PINGREQ` → `PINGRESP` (control, paired for the round trip).
 */
import { BY_CONTENT, BY_SUBPROTOCOL, type ConnectionDecoder, type Decoder, type DecodedMessage } from './types';
import type { DecoderFrame, FrameDecoding, PairRole } from './types';
import { BoundedMap, opposite, payloadValue, speaksSubprotocol, truncatedReason, type Direction } from './bytes';
import { PACKET_TYPES, reasonName, type PacketType } from './mqtt-codes';
import { MalformedPacket, MqttReader } from './mqtt-reader';
import { Reassembly } from './reassembly';

const MAX_PACKET = 16 * 1024 * 1024;
const SUBPROTOCOLS = ['mqtt', 'mqttv3.1'];

interface Header {
  type: number;
  flags: number;
  /** Bytes of the fixed header; the packet ends at `headerSize + remaining`. */
  headerSize: number;
  remaining: number;
}

/** The fixed header at `offset`, undefined when the bytes stop inside it. */
function readHeader(bytes: Uint8Array, offset: number): Header | { error: string } | undefined {
  let remaining = 0;
  for (let i = 0; i < 4; i++) {
    const byte = bytes[offset + 1 + i];
    if (byte === undefined) return undefined;
    remaining += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) {
      const first = bytes[offset]!;
      return { type: first >> 4, flags: first & 0x0f, headerSize: 2 + i, remaining };
    }
  }
  return { error: 'the remaining length is longer than 4 bytes' };
}

class MqttConnection implements ConnectionDecoder {
  private version: number;
  private readonly tails = { sent: new Reassembly(MAX_PACKET), received: new Reassembly(MAX_PACKET) };
  private readonly aliases = { sent: new Map<number, string>(), received: new Map<number, string>() };
  /** Pair key → topic or filter, so acks carry the name of what they acknowledge. */
  private readonly names = new BoundedMap<string, string>();

  constructor(subprotocol: string) {
    this.version = subprotocol === 'mqttv3.1' ? 3 : 4;
  }

  decode(frame: DecoderFrame): FrameDecoding {
    const tail = this.tails[frame.dir];
    if (frame.truncated) {
      tail.reset();
      return { error: truncatedReason(frame) };
    }
    if (typeof frame.data === 'string') return { error: 'MQTT travels in binary frames; this is a text frame' };
    const bytes = tail.join(frame.data);
    if (!bytes) {
      tail.reset();
      return { error: `an MQTT packet still unfinished after ${MAX_PACKET} bytes` };
    }
    const messages: DecodedMessage[] = [];
    let offset = 0;
    let waiting = 'an MQTT fixed header';
    while (offset < bytes.length) {
      const header = readHeader(bytes, offset);
      if (header && 'error' in header) return this.fail(frame.dir, header.error);
      if (!header) break;
      const end = offset + header.headerSize + header.remaining;
      if (header.remaining > MAX_PACKET) {
        return this.fail(frame.dir, `an MQTT packet of ${header.remaining} bytes is more than this view keeps`);
      }
      if (end > bytes.length) {
        const type = PACKET_TYPES[header.type] ?? 'packet';
        waiting = `an MQTT ${type} (${bytes.length - offset} of ${end - offset} bytes)`;
        break;
      }
      const body = bytes.subarray(offset + header.headerSize, end);
      const message = this.packet(header, body, frame.dir);
      if ('error' in message) {
        const where = messages.length > 0 || end < bytes.length ? ` (packet ${messages.length + 1} of the frame)` : '';
        return this.fail(frame.dir, message.error + where);
      }
      messages.push(message);
      offset = end;
    }
    tail.keep(bytes.subarray(offset));
    if (messages.length > 0) return { messages };
    if (bytes.length === 0) return { error: 'an empty frame holds no MQTT packet' };
    return { pending: `${waiting} continues in the next frame` };
  }

  private fail(dir: Direction, reason: string): FrameDecoding {
    this.tails[dir].reset();
    return { error: reason };
  }

  private packet(header: Header, body: Uint8Array, dir: Direction): DecodedMessage | { error: string } {
    const kind = PACKET_TYPES[header.type];
    if (!kind) return { error: 'packet type 0 is reserved in MQTT' };
    const message: DecodedMessage = { protocol: 'mqtt', kind };
    try {
      this.read(kind, header.flags, new MqttReader(body), message, dir);
    } catch (error) {
      if (error instanceof MalformedPacket) return { error: `${kind}: ${error.message}` };
      return { error: `${kind}: could not be read (${String(error)})` };
    }
    return message;
  }

  private read(kind: PacketType, flags: number, reader: MqttReader, message: DecodedMessage, dir: Direction): void {
    const v5 = this.version >= 5;
    switch (kind) {
      case 'CONNECT':
        return this.connect(reader, message);
      case 'CONNACK': {
        const sessionPresent = (reader.byte('the acknowledge flags') & 1) === 1;
        const code = reader.byte('the return code');
        const body: Record<string, unknown> = {
          sessionPresent,
          reasonCode: code,
          reason: reasonName(code, kind, this.version),
        };
        if (v5 && reader.remaining > 0) body.properties = reader.properties();
        message.body = body;
        message.pair = { key: 'connect', role: 'reply' };
        return;
      }
      case 'PUBLISH':
        return this.publish(flags, reader, message, dir);
      case 'PUBACK':
      case 'PUBREC':
      case 'PUBREL':
      case 'PUBCOMP': {
        const id = this.packetId(reader, message);
        const body: Record<string, unknown> = {};
        if (v5 && reader.remaining > 0) this.reason(reader, kind, body);
        if (Object.keys(body).length > 0) message.body = body;
        // PUBREL comes from the publisher; the others from its receiver.
        const publisher = kind === 'PUBREL' ? dir : opposite(dir);
        const role: PairRole = kind === 'PUBACK' || kind === 'PUBCOMP' ? 'reply' : 'stream-item';
        this.answer(message, `pub:${publisher}:${id}`, role);
        return;
      }
      case 'SUBSCRIBE':
      case 'UNSUBSCRIBE': {
        const id = this.packetId(reader, message);
        const body: Record<string, unknown> = {};
        if (v5) body.properties = reader.properties();
        const filters: unknown[] = [];
        while (reader.remaining > 0) {
          const topic = reader.string('a topic filter');
          filters.push(
            kind === 'SUBSCRIBE'
              ? { topic, ...subscriptionOptions(reader.byte('the subscription options'), v5) }
              : topic,
          );
        }
        if (filters.length === 0) throw new MalformedPacket(`${kind} names no topic filter`);
        body.filters = filters;
        message.body = body;
        const first = filters[0] as string | { topic: string };
        message.name =
          (typeof first === 'string' ? first : first.topic) +
          (filters.length > 1 ? ` (+${filters.length - 1} more)` : '');
        const key = `${kind === 'SUBSCRIBE' ? 'sub' : 'unsub'}:${dir}:${id}`;
        this.names.set(key, message.name);
        message.pair = { key, role: 'request' };
        return;
      }
      case 'SUBACK':
      case 'UNSUBACK': {
        const id = this.packetId(reader, message);
        const body: Record<string, unknown> = {};
        if (v5) body.properties = reader.properties();
        // MQTT 3 UNSUBACK has no payload; every other carries one code per filter.
        const codes = Array.from(reader.rest());
        if (kind === 'SUBACK' || v5) {
          body.reasonCodes = codes;
          body.reasons = codes.map((code) => reasonName(code, kind, this.version));
        }
        if (Object.keys(body).length > 0) message.body = body;
        this.answer(message, `${kind === 'SUBACK' ? 'sub' : 'unsub'}:${opposite(dir)}:${id}`, 'reply');
        return;
      }
      case 'PINGREQ':
      case 'PINGRESP':
        message.control = true;
        message.pair = { key: 'ping', role: kind === 'PINGREQ' ? 'request' : 'reply' };
        return;
      case 'DISCONNECT':
      case 'AUTH': {
        const body: Record<string, unknown> = {};
        if (v5 && reader.remaining > 0) this.reason(reader, kind, body);
        if (Object.keys(body).length > 0) message.body = body;
        return;
      }
    }
  }

  private connect(reader: MqttReader, message: DecodedMessage): void {
    const protocolName = reader.string('the protocol name');
    // Bridges set the top bit of the level (mosquitto's try_private).
    const level = reader.byte('the protocol level') & 0x7f;
    if (level < 3 || level > 5) throw new MalformedPacket(`protocol level ${level} is not MQTT 3.1, 3.1.1 or 5`);
    this.version = level;
    this.aliases.sent.clear();
    this.aliases.received.clear();
    const flags = reader.byte('the connect flags');
    const body: Record<string, unknown> = {
      protocolName,
      protocolVersion: level,
      clean: (flags & 0x02) !== 0,
      keepalive: reader.u16('the keep alive'),
    };
    if (level === 5) body.properties = reader.properties();
    body.clientId = reader.string('the client identifier');
    if (flags & 0x04) {
      const will: Record<string, unknown> = { qos: (flags >> 3) & 3, retain: (flags & 0x20) !== 0 };
      if (level === 5) will.properties = reader.properties();
      will.topic = reader.string('the will topic');
      will.payload = payloadValue(reader.binary('the will payload'));
      body.will = will;
    }
    if (flags & 0x80) body.username = reader.string('the user name');
    // The password stays in the raw frame; the decoded view (and its exports) only says it was there.
    if (flags & 0x40) body.passwordLength = reader.binary('the password').length;
    message.body = body;
    message.pair = { key: 'connect', role: 'request' };
  }

  private publish(flags: number, reader: MqttReader, message: DecodedMessage, dir: Direction): void {
    const qos = (flags >> 1) & 3;
    if (qos === 3) throw new MalformedPacket('QoS 3 does not exist');
    let topic = reader.string('the topic name');
    const id = qos > 0 ? this.packetId(reader, message) : undefined;
    const body: Record<string, unknown> = { topic, qos, retain: (flags & 1) === 1, dup: (flags & 8) === 8 };
    if (this.version >= 5) {
      const properties = reader.properties();
      body.properties = properties;
      const alias = properties.topicAlias;
      if (typeof alias === 'number') {
        const aliases = this.aliases[dir];
        if (topic) aliases.set(alias, topic);
        else {
          topic = aliases.get(alias) ?? '';
          body.topic = topic || `(topic alias ${alias}, set before the recording began)`;
        }
      }
    }
    body.payload = payloadValue(reader.rest());
    message.body = body;
    if (topic) message.name = topic;
    if (id !== undefined) {
      const key = `pub:${dir}:${id}`;
      if (topic) this.names.set(key, topic);
      message.pair = { key, role: 'request' };
    }
  }

  private packetId(reader: MqttReader, message: DecodedMessage): number {
    const id = reader.u16('the packet identifier');
    message.id = String(id);
    return id;
  }

  private reason(reader: MqttReader, kind: PacketType, body: Record<string, unknown>): void {
    const code = reader.byte('the reason code');
    body.reasonCode = code;
    body.reason = reasonName(code, kind, this.version);
    if (reader.remaining > 0) body.properties = reader.properties();
  }

  private answer(message: DecodedMessage, key: string, role: PairRole): void {
    const name = this.names.get(key);
    if (name !== undefined) message.name = name;
    if (role === 'reply') this.names.delete(key);
    message.pair = { key, role };
  }
}

function subscriptionOptions(options: number, v5: boolean): Record<string, unknown> {
  if (!v5) return { qos: options & 3 };
  return {
    qos: options & 3,
    noLocal: (options & 4) !== 0,
    retainAsPublished: (options & 8) !== 0,
    retainHandling: (options >> 4) & 3,
  };
}

/** A client's first frame is a CONNECT naming MQTT (3.1.1, 5) or MQIsdp (3.1). */
function looksLikeConnect(frame: DecoderFrame): boolean {
  if (typeof frame.data === 'string' || frame.data[0] !== 0x10) return false;
  const header = readHeader(frame.data, 0);
  if (!header || 'error' in header) return false;
  const reader = new MqttReader(frame.data.subarray(header.headerSize));
  try {
    const name = reader.string();
    return name === 'MQTT' || name === 'MQIsdp';
  } catch {
    return false;
  }
}

export const mqttDecoder: Decoder = {
  protocol: 'mqtt',
  label: 'MQTT',
  detect(info, firstFrames) {
    if (speaksSubprotocol(info, SUBPROTOCOLS)) return BY_SUBPROTOCOL;
    const first = firstFrames.find((frame) => frame.dir === 'sent');
    return first && looksLikeConnect(first) ? BY_CONTENT : 0;
  },
  create: (info) => new MqttConnection(info.protocol || (info.protocols.length === 1 ? info.protocols[0]! : '')),
};
