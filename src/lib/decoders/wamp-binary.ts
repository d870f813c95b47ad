/**
 * WAMP v2 with the MessagePack and CBOR serializers (`wamp.2.msgpack`,
 * `wamp.2.cbor`, and their `.batched` forms, whose frames hold several
 * messages, each after its length as 4 bytes big-endian). Each message decodes
 * to an array `[code, …]` that the serializer-free WAMP message decoder reads;
 * it is passed in (wamp-messages.ts) so this file depends only on the encodings.
 */
import { BY_SUBPROTOCOL, type ConnectionDecoder, type Decoder, type DecodedMessage } from './types';
import type { DecoderFrame, FrameDecoding } from './types';
import { speaksSubprotocol, truncatedReason, type Direction } from './bytes';
import { decodeCbor } from './cbor';
import { decodeMsgpack } from './msgpack';
import type { ValueDecode } from './payload-codec';

/** Reads one decoded WAMP array, with whatever per-connection state it keeps. */
export type WampArrayDecoder = (array: readonly unknown[], dir: Direction) => DecodedMessage | { error: string };

class WampBinaryConnection implements ConnectionDecoder {
  constructor(
    private readonly decodeValue: ValueDecode,
    private readonly decodeArray: WampArrayDecoder,
    private readonly batched: boolean,
  ) {}

  decode(frame: DecoderFrame): FrameDecoding {
    if (frame.truncated) return { error: truncatedReason(frame) };
    if (typeof frame.data === 'string')
      return { error: 'this WAMP serializer sends binary frames; this is a text frame' };
    if (!this.batched) {
      const message = this.one(frame.data, frame.dir);
      return 'error' in message ? message : { messages: [message] };
    }
    const bytes = frame.data;
    const messages: DecodedMessage[] = [];
    let pos = 0;
    while (pos < bytes.length) {
      if (pos + 4 > bytes.length) return { error: `the batch ends inside a length at byte ${pos}` };
      const length = new DataView(bytes.buffer, bytes.byteOffset + pos, 4).getUint32(0);
      const end = pos + 4 + length;
      if (end > bytes.length)
        return { error: `message ${messages.length + 1} of ${length} bytes runs past the frame's end` };
      const message = this.one(bytes.subarray(pos + 4, end), frame.dir);
      if ('error' in message) return { error: `message ${messages.length + 1} of the batch: ${message.error}` };
      messages.push(message);
      pos = end;
    }
    if (messages.length === 0) return { error: 'an empty WAMP batch' };
    return { messages };
  }

  private one(bytes: Uint8Array, dir: Direction): DecodedMessage | { error: string } {
    const decoded = this.decodeValue(bytes);
    if ('error' in decoded) return decoded;
    if (!Array.isArray(decoded.value)) return { error: 'a WAMP message is an array [code, …]' };
    return this.decodeArray(decoded.value, dir);
  }
}

function wampBinaryDecoder(
  serializer: 'msgpack' | 'cbor',
  decodeValue: ValueDecode,
  newArrayDecoder: () => WampArrayDecoder,
): Decoder {
  const single = `wamp.2.${serializer}`;
  const batched = `${single}.batched`;
  return {
    protocol: 'wamp',
    label: `WAMP (${serializer === 'msgpack' ? 'MessagePack' : 'CBOR'})`,
    // WAMP clients always negotiate the serializer; without it, the generic payload decoders apply.
    detect: (info) => (speaksSubprotocol(info, [single, batched]) ? BY_SUBPROTOCOL : 0),
    create: (info) => new WampBinaryConnection(decodeValue, newArrayDecoder(), info.protocol.toLowerCase() === batched),
  };
}

/**
 * The MessagePack and CBOR WAMP decoders around a message decoder made once per
 * connection, e.g. `() => { const state = new WampState(); return (a, dir) => decodeWampMessage(a, dir, state); }`.
 */
export function createWampBinaryDecoders(newArrayDecoder: () => WampArrayDecoder): { msgpack: Decoder; cbor: Decoder } {
  return {
    msgpack: wampBinaryDecoder('msgpack', decodeMsgpack, newArrayDecoder),
    cbor: wampBinaryDecoder('cbor', decodeCbor, newArrayDecoder),
  };
}
