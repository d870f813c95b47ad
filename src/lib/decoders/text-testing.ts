/**
 * Test fixtures for the text-protocol decoders: frames with neutral fields, a
 * connection fed frame by frame, and a hostile-input sweep that every decoder
 * must survive without throwing.
 */
import { expect } from 'vitest';
import type { ConnectionInfo, Decoder, DecodedMessage, DecoderFrame, FrameDecoding } from './types';

let nextSeq = 1;

export function frame(
  dir: 'sent' | 'received',
  data: string | Uint8Array,
  patch: Partial<DecoderFrame> = {},
): DecoderFrame {
  const seq = nextSeq++;
  // A plain Uint8Array, as the panel has them (tests often pass Node Buffers).
  const payload = typeof data === 'string' ? data : new Uint8Array(data);
  return {
    seq,
    t: seq,
    dir,
    type: typeof data === 'string' ? 'text' : 'binary',
    data: payload,
    truncated: false,
    ...patch,
  };
}

export const sent = (data: string | Uint8Array, patch?: Partial<DecoderFrame>) => frame('sent', data, patch);
export const received = (data: string | Uint8Array, patch?: Partial<DecoderFrame>) => frame('received', data, patch);

export function info(url = 'wss://example.test/', protocol = '', protocols: string[] = []): ConnectionInfo {
  return { url, protocol, protocols };
}

/** Decodes `frames` in order on one connection and returns each frame's decoding. */
export function decodeAll(decoder: Decoder, connection: ConnectionInfo, frames: DecoderFrame[]): FrameDecoding[] {
  const connectionDecoder = decoder.create(connection);
  return frames.map((f) => connectionDecoder.decode(f));
}

/** The messages of a decoding, failing the test with its reason when it has none. */
export function messagesOf(decoding: FrameDecoding | undefined): DecodedMessage[] {
  if (decoding && 'messages' in decoding) return decoding.messages;
  throw new Error(`expected messages, got ${JSON.stringify(decoding)}`);
}

export function onlyMessage(decoding: FrameDecoding | undefined): DecodedMessage {
  const messages = messagesOf(decoding);
  expect(messages).toHaveLength(1);
  return messages[0]!;
}

export function errorOf(decoding: FrameDecoding | undefined): string {
  if (decoding && 'error' in decoding) return decoding.error;
  throw new Error(`expected an error, got ${JSON.stringify(decoding)}`);
}

const DEEP = '['.repeat(20_000) + ']'.repeat(20_000);
const FIELDS = [
  'type',
  'jsonrpc',
  'id',
  'method',
  'command',
  'identifier',
  'topic',
  'event',
  'payload',
  'target',
  'invocationId',
];

/** Inputs that have broken parsers: empty, cut, deep, huge numbers, wrong types, binary noise. */
export const HOSTILE_TEXTS: readonly string[] = [
  // Deep values where decoders look for names and ids: String() or JSON.stringify of them overflows the stack.
  `{${FIELDS.map((f) => `"${f}":${DEEP}`).join(',')}}`,
  `[${DEEP},${DEEP},${DEEP},${DEEP},${DEEP}]`,
  `42[${DEEP}]`,
  `a["${'\\n'.repeat(10)}"]`,
  `{"type":1,"target":${DEEP},"invocationId":${DEEP}}\u001e`,
  `{"protocol":"json","version":1}\u001e{"type":${DEEP}}\u001e`,
  '',
  ' ',
  '\0',
  '{',
  '[',
  '"',
  'null',
  '[]',
  '{}',
  '[null]',
  '[[]]',
  '{"type":null}',
  '{"type":{}}',
  '{"id":{"a":1}}',
  '1e999999',
  '-',
  '\u001e',
  '\u001e\u001e',
  '[1e400,1e400,1e400]',
  '["',
  '[1,2,3,"x",{},[],null,true,false]',
  '{"__proto__":{"x":1}}',
  '['.repeat(5000) + ']'.repeat(5000),
  '{"a":'.repeat(3000) + '1' + '}'.repeat(3000),
  'x'.repeat(100_000),
  '\ud800\udfff\ufffd',
];

export const HOSTILE_BYTES: readonly Uint8Array[] = [
  new Uint8Array(),
  new Uint8Array([0]),
  new Uint8Array([4]),
  new Uint8Array([0xff, 0xfe, 0xfd]),
  new Uint8Array(4096).map((_, i) => (i * 7919) & 0xff),
];

/** Feeds every hostile input in both directions, also as truncated frames, and checks each result's shape. */
export function expectSurvivesHostileInput(decoder: Decoder, connection: ConnectionInfo): void {
  const connectionDecoder = decoder.create(connection);
  const inputs: (string | Uint8Array)[] = [...HOSTILE_TEXTS, ...HOSTILE_BYTES];
  for (const data of inputs) {
    for (const dir of ['sent', 'received'] as const) {
      for (const truncated of [false, true]) {
        const result = connectionDecoder.decode(frame(dir, data, { truncated }));
        const shapeOk =
          ('messages' in result && Array.isArray(result.messages)) ||
          ('error' in result && typeof result.error === 'string' && result.error.length > 0) ||
          ('pending' in result && typeof result.pending === 'string');
        expect(shapeOk, `result for ${JSON.stringify(String(data).slice(0, 40))}`).toBe(true);
        if (truncated) expect('messages' in result && result.messages.length > 0).toBe(false);
      }
    }
  }
}
