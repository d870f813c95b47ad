import { describe, expect, it } from 'vitest';
import { encode, ExtData } from '@msgpack/msgpack';
import { decodeMsgpack, msgpackDecoder } from './msgpack';
import { bytes, decodeAll, errorOf, expectNeverThrows, info, onlyMessage, received, sent } from './binary-testing';

const frames = (...values: unknown[]) => values.map((v) => received(encode(v)));

describe('msgpack payloads', () => {
  it('decodes a value to a plain tree: kind, a guessed name, bigints, binary, timestamps, extensions', () => {
    const value = {
      type: 'trade',
      price: 1.5,
      qty: 2n ** 63n - 1n,
      small: 5n,
      neg: -(2n ** 60n),
      raw: new Uint8Array([1, 2]),
      at: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
      ext: new ExtData(7, new Uint8Array([9])),
      nested: [null, true, 'x'],
    };
    const message = onlyMessage(decodeAll(msgpackDecoder, info(), [sent(encode(value, { useBigInt64: true }))])[0]);
    expect(message).toEqual({
      protocol: 'msgpack',
      kind: 'map',
      name: 'trade',
      body: {
        type: 'trade',
        price: 1.5,
        qty: '9223372036854775807n',
        small: 5,
        neg: '-1152921504606846976n',
        raw: new Uint8Array([1, 2]),
        at: '2024-01-02T03:04:05.000Z',
        ext: { type: 7, data: new Uint8Array([9]) },
        nested: [null, true, 'x'],
      },
    });
    expect(onlyMessage(decodeAll(msgpackDecoder, info(), [received(encode(['join', 1]))])[0])).toMatchObject({
      kind: 'array',
      name: 'join',
    });
    expect(onlyMessage(decodeAll(msgpackDecoder, info(), [received(encode(42))])[0])).toEqual({
      protocol: 'msgpack',
      kind: 'number',
      body: 42,
    });
  });

  it('keys maps with non-text keys by their text', () => {
    // {1: 'a', h'ff': 'b'}: a fixmap whose second key is binary.
    const map = bytes(0x82, 0x01, 0xa1, 0x61, 0xc4, 0x01, 0xff, 0xa1, 0x62);
    expect(decodeMsgpack(map)).toEqual({ value: { 1: 'a', "h'ff'": 'b' } });
  });

  it('says why bytes are not one MessagePack value', () => {
    expect(decodeMsgpack(bytes())).toEqual({ error: 'an empty frame holds no MessagePack value' });
    expect(errorOf(decodeAll(msgpackDecoder, info(), [received(bytes(0x92, 0x01))])[0])).toMatch(
      /^not MessagePack: a value runs past the end of the frame/,
    );
    expect(errorOf(decodeAll(msgpackDecoder, info(), [received(bytes(0x01, 0x02))])[0])).toMatch(
      /^not MessagePack: Extra 1 of 2 byte/,
    );
    expect(errorOf(decodeAll(msgpackDecoder, info(), [received(bytes(0xc1))])[0])).toMatch(/Unrecognized type byte/);
    expect(decodeMsgpack(bytes(0x81, 0xa9, ...new TextEncoder().encode('__proto__'), 0x01))).toEqual({
      error: 'not MessagePack: The key __proto__ is not allowed',
    });
    expect(errorOf(decodeAll(msgpackDecoder, info(), [received('text')])[0])).toMatch(/text frame/);
    expect(errorOf(decodeAll(msgpackDecoder, info(), [received(encode([1]), { truncated: true })])[0])).toMatch(
      /kept only/,
    );
  });

  it('refuses to show values nested deeper than 100, without exhausting the stack', () => {
    const deep = new Uint8Array(200_000).fill(0x91);
    deep[deep.length - 1] = 0x01;
    expect(decodeMsgpack(deep)).toEqual({ error: 'a MessagePack value too deep to show: values nest deeper than 100' });
    expectNeverThrows(msgpackDecoder, info(), [deep, bytes(0xdc, 0xff, 0xff), bytes(0xdf, 0xff, 0xff, 0xff, 0xff)]);
  });

  it('is detected only when every binary frame of at least two is a map or array', () => {
    expect(msgpackDecoder.detect(info(), frames({ a: 1 }, [1, 2]))).toBe(1);
    expect(msgpackDecoder.detect(info(), [...frames({ a: 1 }, [1, 2]), sent('{"text":1}')])).toBe(1);
    expect(msgpackDecoder.detect(info(), frames({ a: 1 }))).toBe(0);
    expect(msgpackDecoder.detect(info(), frames({ a: 1 }, 'just text'))).toBe(0);
    expect(msgpackDecoder.detect(info(), frames({ a: 1 }, {}))).toBe(0);
    expect(msgpackDecoder.detect(info(), [...frames({ a: 1 }), received(bytes(0x10, 0x02, 0x00, 0x04))])).toBe(0);
  });
});
