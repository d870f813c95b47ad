import { describe, expect, it } from 'vitest';
import { encode } from 'cborg';
import { cborDecoder, decodeCbor } from './cbor';
import { bytes, decodeAll, errorOf, expectNeverThrows, info, onlyMessage, received, sent } from './binary-testing';

describe('cbor payloads', () => {
  it('decodes a value to a plain tree: maps with any keys, bigints, undefined, bytes', () => {
    const value = new Map<unknown, unknown>([
      ['event', 'tick'],
      [1, 'one'],
      [new Uint8Array([0xab]), 'binary key'],
      ['big', 2n ** 64n - 1n],
      ['neg', -(2n ** 63n)],
      ['none', undefined],
      ['raw', new Uint8Array([1, 2, 3])],
      ['list', [1.5, false, null]],
    ]);
    const message = onlyMessage(decodeAll(cborDecoder, info(), [received(encode(value))])[0]);
    expect(message).toEqual({
      protocol: 'cbor',
      kind: 'map',
      name: 'tick',
      body: {
        event: 'tick',
        1: 'one',
        "h'ab'": 'binary key',
        big: '18446744073709551615n',
        neg: '-9223372036854775808n',
        none: null,
        raw: new Uint8Array([1, 2, 3]),
        list: [1.5, false, null],
      },
    });
  });

  it('reads any tag without throwing: bignums as numbers, the rest as { tag, value }', () => {
    // 1(1363896240), 32("http://x"), 2(h'0100') = 256, 3(h'00ff') = -256, 55799([1])
    const tagged = [
      ...[0x85, 0xc1, 0x1a, 0x51, 0x4b, 0x67, 0xb0],
      ...[0xd8, 0x20, 0x68, ...new TextEncoder().encode('http://x')],
      ...[0xc2, 0x42, 0x01, 0x00],
      ...[0xc3, 0x42, 0x00, 0xff],
      ...[0xd9, 0xd9, 0xf7, 0x81, 0x01],
    ];
    expect(decodeCbor(new Uint8Array(tagged))).toEqual({
      value: [{ tag: 1, value: 1363896240 }, { tag: 32, value: 'http://x' }, 256, -256, [1]],
    });
  });

  it('says why bytes are not one CBOR value', () => {
    expect(decodeCbor(bytes())).toEqual({ error: 'an empty frame holds no CBOR value' });
    expect(errorOf(decodeAll(cborDecoder, info(), [received(bytes(0x82, 0x01))])[0])).toMatch(
      /^not CBOR: .*not enough entries/,
    );
    expect(errorOf(decodeAll(cborDecoder, info(), [received(bytes(0x01, 0x02))])[0])).toMatch(
      /^not CBOR: too many terminals/,
    );
    expect(errorOf(decodeAll(cborDecoder, info(), [received(bytes(0x5a, 0xff, 0xff, 0xff, 0xff, 0x00))])[0])).toMatch(
      /^not CBOR: /,
    );
    expect(errorOf(decodeAll(cborDecoder, info(), [received('text')])[0])).toMatch(/text frame/);
  });

  it('survives hostile nesting and lengths', () => {
    const deep = new Uint8Array(300_000).fill(0x81);
    deep[deep.length - 1] = 0x01;
    expect(errorOf(decodeAll(cborDecoder, info(), [received(deep)])[0])).toMatch(/^(not CBOR|a CBOR value too deep)/);
    const hundredAndOne = new Uint8Array(102).fill(0x81);
    hundredAndOne[101] = 0x01;
    expect(decodeCbor(hundredAndOne)).toEqual({ error: 'a CBOR value too deep to show: values nest deeper than 100' });
    const hugeArray = bytes(0x9b, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
    expect(decodeCbor(hugeArray)).toMatchObject({ error: expect.stringMatching(/^not CBOR/) as unknown });
    expectNeverThrows(cborDecoder, info(), [deep, hugeArray]);
  });

  it('is detected only when every binary frame of at least two is a map or array', () => {
    const frames = [received(encode({ a: 1 })), received(encode([1]))];
    expect(cborDecoder.detect(info(), frames)).toBe(1);
    expect(cborDecoder.detect(info(), frames.slice(0, 1))).toBe(0);
    expect(cborDecoder.detect(info(), [...frames, sent(encode('text'))])).toBe(0);
    expect(cborDecoder.detect(info(), [...frames, sent(bytes(0xff, 0x00))])).toBe(0);
  });
});
