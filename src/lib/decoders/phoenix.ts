/**
 * Phoenix Channels: serializer v1 (JSON objects `{topic, event, payload, ref, join_ref}`),
 * v2 (JSON arrays `[join_ref, ref, topic, event, payload]`) and v2's binary
 * frames (push, reply and broadcast with length-prefixed strings, payload bytes).
 *
 * kind is the event (`phx_join`, `phx_reply`, `new_msg`), name the topic, id
 * the ref. A client message with a ref expects the `phx_reply` with the same
 * ref on the same topic. The heartbeat on topic `phoenix` and its reply are control.
 */
import { decodePhoenixBinary } from './phoenix-binary';
import {
  BY_CONTENT,
  BY_URL,
  type ConnectionDecoder,
  type Decoder,
  type DecodedMessage,
  type DecoderFrame,
  type FrameDecoding,
} from './types';
import {
  firstFrameIn,
  frameText,
  idText,
  isRecord,
  parseJson,
  stringField,
  truncatedReason,
  urlParts,
} from './json-text';

interface PhoenixMessage {
  joinRef?: string;
  ref?: string;
  topic: string;
  event: string;
  payload: unknown;
}

export function parsePhoenixText(text: string): PhoenixMessage | { error: string } {
  const first = text[0];
  if (first !== '{' && first !== '[') return { error: 'a Phoenix message is a JSON object (v1) or array (v2)' };
  const parsed = parseJson(text);
  if ('error' in parsed) return parsed;
  const value = parsed.value;
  if (Array.isArray(value)) {
    if (value.length !== 5)
      return { error: `a Phoenix v2 message is [join_ref, ref, topic, event, payload], not ${value.length} items` };
    const [joinRef, ref, topic, event, payload] = value as unknown[];
    if (typeof topic !== 'string' || typeof event !== 'string')
      return { error: 'a Phoenix message needs a topic and an event string' };
    return { joinRef: idText(joinRef), ref: idText(ref), topic, event, payload };
  }
  if (!isRecord(value)) return { error: 'a Phoenix message is a JSON object (v1) or array (v2)' };
  const topic = stringField(value, 'topic');
  const event = stringField(value, 'event');
  if (topic === undefined || event === undefined)
    return { error: 'a Phoenix message needs a topic and an event string' };
  return { joinRef: idText(value.join_ref), ref: idText(value.ref), topic, event, payload: value.payload };
}

class PhoenixConnection implements ConnectionDecoder {
  decode(frame: DecoderFrame): FrameDecoding {
    if (frame.truncated) return { error: truncatedReason(frame) };
    if (typeof frame.data !== 'string') {
      // Binary frames (v2) have their own layout, which differs by direction (phoenix-binary.ts).
      const message = decodePhoenixBinary(frame.data, frame.dir);
      return 'error' in message ? message : { messages: [message] };
    }
    const parsed = parsePhoenixText(frame.data);
    if ('error' in parsed) return parsed;
    return { messages: [toDecoded(parsed, frame.dir)] };
  }
}

function toDecoded(parsed: PhoenixMessage, dir: 'sent' | 'received'): DecodedMessage {
  const message: DecodedMessage = { protocol: 'phoenix', kind: parsed.event, name: parsed.topic };
  if (parsed.ref !== undefined) message.id = parsed.ref;
  if (parsed.topic === 'phoenix') message.control = true;
  if (parsed.payload !== undefined) message.body = parsed.payload;
  if (parsed.ref !== undefined) {
    const key = `phx:${parsed.topic}:${parsed.ref}`;
    if (parsed.event === 'phx_reply') message.pair = { key, role: 'reply' };
    else if (dir === 'sent') message.pair = { key, role: 'request' };
  }
  return message;
}

const VERSIONS = new Set(['1.0.0', '2.0.0']);

export const phoenixDecoder: Decoder = {
  protocol: 'phoenix',
  label: 'Phoenix Channels',
  detect(info, firstFrames) {
    const vsn = urlParts(info.url).query.get('vsn');
    if (vsn !== null && VERSIONS.has(vsn)) return BY_URL;
    const first = firstFrameIn(firstFrames, 'sent');
    if (!first || first.truncated || first.type !== 'text') return 0;
    const text = frameText(first);
    if (!text.includes('"phx_join"')) return 0;
    const parsed = parsePhoenixText(text);
    return 'error' in parsed || parsed.event !== 'phx_join' ? 0 : BY_CONTENT;
  },
  create: () => new PhoenixConnection(),
};
