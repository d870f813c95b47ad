/**
 * SockJS framing over its WebSocket transport (`/<prefix>/<server>/<session>/websocket`).
 *
 * The server sends `o` (open), `h` (heartbeat), `a["msg",…]` (messages),
 * `m"msg"` (one message, older servers) and `c[code,"reason"]` (close); the
 * client sends a JSON array of strings, or one JSON string. The strings are the
 * application's messages: when the first of them reads as STOMP, every string
 * goes through a STOMP decoder and comes out as `stomp` messages (heart-beats
 * and frames split over strings included); otherwise as `sockjs` kind `message`.
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
import { firstFrameIn, frameText, parseJson, truncatedReason, urlParts } from './json-text';
import { StompConnection, looksLikeStomp } from './stomp';

const SESSION_PATH = /\/\d+\/[^/.]+\/websocket\/?$/;

class SockJsConnection implements ConnectionDecoder {
  /** Undecided until the first message that is more than heart-beat EOLs. */
  private stomp: StompConnection | null | undefined;

  decode(frame: DecoderFrame): FrameDecoding {
    if (frame.truncated) return { error: truncatedReason(frame) };
    const text = frameText(frame);
    if (frame.dir === 'sent') {
      const first = text[0];
      if (first !== '[' && first !== '"')
        return { error: 'a SockJS client frame is a JSON array of strings or one JSON string' };
      return this.payload(text, frame);
    }
    switch (text[0]) {
      case 'o':
      case 'h':
        if (text.length !== 1) break;
        return { messages: [{ protocol: 'sockjs', kind: text === 'o' ? 'open' : 'heartbeat', control: true }] };
      case 'a':
      case 'm':
        return this.payload(text.slice(1), frame);
      case 'c':
        return this.close(text.slice(1));
    }
    return {
      error: `a SockJS server frame starts with o, h, a, m or c, this one with ${JSON.stringify(text.slice(0, 1))}`,
    };
  }

  private payload(json: string, frame: DecoderFrame): FrameDecoding {
    const parsed = parseJson(json);
    if ('error' in parsed) return { error: `SockJS messages ${parsed.error}` };
    const strings = typeof parsed.value === 'string' ? [parsed.value] : parsed.value;
    if (!Array.isArray(strings) || strings.length === 0 || strings.some((s) => typeof s !== 'string')) {
      return { error: 'SockJS messages are a non-empty JSON array of strings' };
    }
    const messages: DecodedMessage[] = [];
    let pending: string | undefined;
    for (const [index, inner] of (strings as string[]).entries()) {
      const result = this.inner(inner, frame);
      if ('error' in result) {
        return {
          error: strings.length > 1 ? `message ${index + 1} of ${strings.length}: ${result.error}` : result.error,
        };
      }
      if ('pending' in result) pending = result.pending;
      else messages.push(...result.messages);
    }
    return messages.length === 0 && pending !== undefined ? { pending } : { messages };
  }

  private inner(text: string, frame: DecoderFrame): FrameDecoding {
    if (this.stomp === undefined && text.replace(/[\r\n]/g, '') !== '') {
      this.stomp = looksLikeStomp(text) ? new StompConnection() : null;
    }
    if (this.stomp) return this.stomp.decode({ ...frame, type: 'text', data: text });
    if (this.stomp === undefined) {
      // EOLs before anything else: a STOMP heart-beat or an empty message; undecided.
      return { messages: [{ protocol: 'sockjs', kind: 'message', body: text }] };
    }
    const first = text[0];
    const json = first === '{' || first === '[' ? parseJson(text) : undefined;
    return { messages: [{ protocol: 'sockjs', kind: 'message', body: json && 'value' in json ? json.value : text }] };
  }

  private close(json: string): FrameDecoding {
    const parsed = json.startsWith('[') ? parseJson(json) : undefined;
    const value = parsed && 'value' in parsed ? parsed.value : undefined;
    if (!Array.isArray(value) || typeof value[0] !== 'number')
      return { error: 'a SockJS close frame is c[code,"reason"]' };
    return { messages: [{ protocol: 'sockjs', kind: 'close', body: { code: value[0], reason: value[1] } }] };
  }
}

export const sockJsDecoder: Decoder = {
  protocol: 'sockjs',
  label: 'SockJS',
  detect(info, firstFrames) {
    if (SESSION_PATH.test(urlParts(info.url).path)) return BY_URL;
    const first = firstFrameIn(firstFrames, 'received');
    return first && !first.truncated && first.data === 'o' ? BY_CONTENT : 0;
  },
  create: () => new SockJsConnection(),
};
