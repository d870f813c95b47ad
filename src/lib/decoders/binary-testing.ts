/**
 * Test fixtures for the binary decoders: frames with neutral fields, a
 * connection fed frame by frame, and hostile inputs every decoder must survive.
 */
import { expect } from 'vitest';
import type { ConnectionInfo, Decoder } from './types';
import { frame } from './text-testing';

// Frames and one connection fed frame by frame are the text decoders' fixtures; `info` here puts the subprotocol first.
export { decodeAll, errorOf, frame, messagesOf, onlyMessage, received, sent } from './text-testing';

export function info(protocol = '', url = 'wss://example.test/'): ConnectionInfo {
  return { url, protocol, protocols: protocol ? [protocol] : [] };
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
