/**
 * WAMP v2 with the JSON serializer (`wamp.2.json`, and `wamp.2.json.batched`
 * whose frames hold several messages, each ended by 0x18). The message table
 * and pairing live in wamp-messages.ts, shared with the binary serializers.
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
import { firstFrameIn, frameText, isRecord, parseJson, speaksSubprotocol, truncatedReason } from './json-text';
import { WampState, decodeWampMessage } from './wamp-messages';

const BATCH_SEPARATOR = '\u0018';
const HELLO_START = /^\[\s*1\s*,\s*"/;

function decodeOne(text: string, dir: 'sent' | 'received', state: WampState): DecodedMessage | { error: string } {
  if (!text.startsWith('[')) return { error: 'a WAMP message is a JSON array [code, …]' };
  const parsed = parseJson(text);
  if ('error' in parsed) return parsed;
  if (!Array.isArray(parsed.value)) return { error: 'a WAMP message is a JSON array [code, …]' };
  return decodeWampMessage(parsed.value, dir, state);
}

class WampJsonConnection implements ConnectionDecoder {
  private readonly state = new WampState();

  constructor(private readonly batched: boolean) {}

  decode(frame: DecoderFrame): FrameDecoding {
    if (frame.truncated) return { error: truncatedReason(frame) };
    const text = frameText(frame);
    if (!this.batched) {
      const message = decodeOne(text, frame.dir, this.state);
      return 'error' in message ? message : { messages: [message] };
    }
    const parts = text.split(BATCH_SEPARATOR);
    if (parts.at(-1) === '') parts.pop();
    if (parts.length === 0) return { error: 'an empty WAMP batch' };
    const messages: DecodedMessage[] = [];
    for (const [index, part] of parts.entries()) {
      const message = decodeOne(part, frame.dir, this.state);
      if ('error' in message) return { error: `message ${index + 1} of ${parts.length}: ${message.error}` };
      messages.push(message);
    }
    return { messages };
  }
}

/** A HELLO (`[1, "realm", {…}]`) as the client's first frame. */
function isHello(frame: DecoderFrame | undefined): boolean {
  if (!frame || frame.truncated) return false;
  const text = frameText(frame);
  if (!HELLO_START.test(text)) return false;
  const parsed = parseJson(text);
  return (
    'value' in parsed && Array.isArray(parsed.value) && typeof parsed.value[1] === 'string' && isRecord(parsed.value[2])
  );
}

export const wampJsonDecoder: Decoder = {
  protocol: 'wamp',
  label: 'WAMP (JSON)',
  detect(info, firstFrames) {
    if (speaksSubprotocol(info, ['wamp.2.json', 'wamp.2.json.batched'])) return BY_SUBPROTOCOL;
    if (info.protocol !== '') return 0;
    return isHello(firstFrameIn(firstFrames, 'sent')) ? BY_CONTENT : 0;
  },
  create: (info) => new WampJsonConnection(info.protocol === 'wamp.2.json.batched'),
};
