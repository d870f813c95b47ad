/**
 * Test fixtures for the binary decoders: frames with neutral fields, a
 * connection fed frame by frame, and hostile inputs every decoder must survive.
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

export function info(protocol = '', url = 'wss://example.test/'): ConnectionInfo {
  return { url, protocol, protocols: protocol ? [protocol] : [] };
}

/** One connection fed in order: returns each frame's decoding. */
export function decodeAll(decoder: Decoder, connection: ConnectionInfo, frames: DecoderFrame[]): FrameDecoding[] {
  const connectionDecoder = decoder.create(connection);
  return frames.map((f) => connectionDecoder.decode(f));
}

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

export function bytes(...values: number[]): Uint8Array {
  return new Uint8Array(values);
}

/** Deterministic noise: the same bytes every run. */
export function noise(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = state & 0xff;
  }
  return out;
}

/** Inputs that have broken parsers: empty, one byte, all ones, noise, and huge declared lengths. */
export const HOSTILE_BINARY: readonly Uint8Array[] = [
  bytes(),
  bytes(0),
  bytes(0xff),
  new Uint8Array(64).fill(0xff),
  new Uint8Array(64).fill(0x80),
  bytes(0xdd, 0xff, 0xff, 0xff, 0xff),
  bytes(0xc6, 0x7f, 0xff, 0xff, 0xff),
  bytes(0x9b, 0x1a, 0xff, 0xff, 0xff, 0xff),
  ...Array.from({ length: 40 }, (_, i) => noise(1 + i * 7, i + 1)),
];

/** Every frame of every hostile input, both directions, text and binary, cut or whole: no throw. */
export function expectNeverThrows(
  decoder: Decoder,
  connection: ConnectionInfo,
  extra: readonly Uint8Array[] = [],
): void {
  const connectionDecoder = decoder.create(connection);
  for (const data of [...HOSTILE_BINARY, ...extra]) {
    for (const dir of ['sent', 'received'] as const) {
      for (const truncated of [false, true]) {
        const result = connectionDecoder.decode(frame(dir, data, { truncated }));
        expect(result).toBeTypeOf('object');
        const text = connectionDecoder.decode(frame(dir, new TextDecoder().decode(data), { truncated }));
        expect(text).toBeTypeOf('object');
      }
    }
  }
}
