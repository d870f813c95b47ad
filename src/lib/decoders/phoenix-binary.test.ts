import { describe, expect, it } from 'vitest';
import { decodePhoenixBinary } from './phoenix-binary';
import { HOSTILE_BINARY } from './binary-testing';

const text = (s: string) => [...new TextEncoder().encode(s)];

/** Frames laid out as phoenix.js's serializer writes (client push) and reads (server kinds). */
function frame(kind: number, fields: string[], payload: number[]): Uint8Array {
  const encoded = fields.map(text);
  return new Uint8Array([kind, ...encoded.map((f) => f.length), ...encoded.flat(), ...payload]);
}

describe('phoenix binary frames', () => {
  it('reads a client push with its ref as a request, and the reply with the same ref', () => {
    const push = decodePhoenixBinary(frame(0, ['1', '3', 'room:lobby', 'upload'], [1, 2, 3]), 'sent');
    expect(push).toEqual({
      protocol: 'phoenix',
      kind: 'upload',
      name: 'room:lobby',
      id: '3',
      body: new Uint8Array([1, 2, 3]),
      pair: { key: 'phx:room:lobby:3', role: 'request' },
    });
    const reply = decodePhoenixBinary(frame(1, ['1', '3', 'room:lobby', 'ok'], [9]), 'received');
    expect(reply).toEqual({
      protocol: 'phoenix',
      kind: 'phx_reply',
      name: 'room:lobby',
      id: '3',
      body: { status: 'ok', response: new Uint8Array([9]) },
      pair: { key: 'phx:room:lobby:3', role: 'reply' },
    });
  });

  it('reads a server push without a ref, and a broadcast', () => {
    expect(decodePhoenixBinary(frame(0, ['1', 'room:lobby', 'frame'], [7]), 'received')).toEqual({
      protocol: 'phoenix',
      kind: 'frame',
      name: 'room:lobby',
      body: new Uint8Array([7]),
    });
    expect(decodePhoenixBinary(frame(2, ['room:lobby', 'tick'], []), 'received')).toEqual({
      protocol: 'phoenix',
      kind: 'tick',
      name: 'room:lobby',
      body: new Uint8Array([]),
    });
    expect(decodePhoenixBinary(frame(0, ['', '', 'phoenix', 'heartbeat'], []), 'sent')).toMatchObject({
      control: true,
    });
  });

  it('says why a frame is not a Phoenix binary message', () => {
    expect(decodePhoenixBinary(new Uint8Array([]), 'received')).toEqual({
      error: 'an empty frame holds no Phoenix message',
    });
    expect(decodePhoenixBinary(new Uint8Array([7]), 'received')).toEqual({
      error: 'a Phoenix binary frame starts with kind 0, 1 or 2, this one with 7',
    });
    expect(decodePhoenixBinary(frame(1, ['1', '2', 't', 'ok'], []), 'sent')).toEqual({
      error: 'a Phoenix reply comes from the server, not the client',
    });
    expect(decodePhoenixBinary(new Uint8Array([2, 5]), 'received')).toEqual({
      error: 'the frame ends inside its 3-byte header',
    });
    expect(decodePhoenixBinary(new Uint8Array([2, 5, 1, 0x61]), 'received')).toEqual({
      error: "the topic (5 bytes at byte 3) runs past the frame's end",
    });
    expect(decodePhoenixBinary(new Uint8Array([2, 1, 1, 0xff, 0x61]), 'received')).toEqual({
      error: 'the topic is not valid UTF-8',
    });
    for (const data of HOSTILE_BINARY) {
      expect(decodePhoenixBinary(data, 'sent')).toBeTypeOf('object');
      expect(decodePhoenixBinary(data, 'received')).toBeTypeOf('object');
    }
  });
});
