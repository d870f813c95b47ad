import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { base64ToBytes, bytesToBase64 } from './base64';
import { seededRandom } from './testing';

/**
 * The module prefers the native Uint8Array.prototype.toBase64 / Uint8Array.fromBase64
 * when they exist. Node 20 has neither, so on it these tests exercise the table/atob
 * fallback. To keep that true on newer runtimes too, the fallback suite hides the
 * natives while it runs; a separate suite checks that natives, when present, are used.
 */

type WithNatives = {
  proto: { toBase64?: unknown };
  ctor: { fromBase64?: unknown };
};
const natives: WithNatives = {
  proto: Uint8Array.prototype as unknown as WithNatives['proto'],
  ctor: Uint8Array as unknown as WithNatives['ctor'],
};

function randomBytes(random: () => number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

const nodeBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('base64 fallback (table encoder, atob)', () => {
  const saved = { toBase64: natives.proto.toBase64, fromBase64: natives.ctor.fromBase64 };
  beforeAll(() => {
    delete natives.proto.toBase64;
    delete natives.ctor.fromBase64;
  });
  afterAll(() => {
    if (saved.toBase64) natives.proto.toBase64 = saved.toBase64;
    if (saved.fromBase64) natives.ctor.fromBase64 = saved.fromBase64;
  });

  it('runs without the natives', () => {
    expect(natives.proto.toBase64).toBeUndefined();
    expect(natives.ctor.fromBase64).toBeUndefined();
  });

  it('encodes known vectors (RFC 4648 §10)', () => {
    const ascii = (s: string) => new TextEncoder().encode(s);
    expect(bytesToBase64(ascii(''))).toBe('');
    expect(bytesToBase64(ascii('f'))).toBe('Zg==');
    expect(bytesToBase64(ascii('fo'))).toBe('Zm8=');
    expect(bytesToBase64(ascii('foo'))).toBe('Zm9v');
    expect(bytesToBase64(ascii('foob'))).toBe('Zm9vYg==');
    expect(bytesToBase64(ascii('fooba'))).toBe('Zm9vYmE=');
    expect(bytesToBase64(ascii('foobar'))).toBe('Zm9vYmFy');
    expect(bytesToBase64(new Uint8Array([0xff, 0xfe, 0x00, 0x80]))).toBe('//4AgA==');
  });

  it('decodes known vectors', () => {
    expect(Array.from(base64ToBytes(''))).toEqual([]);
    expect(Array.from(base64ToBytes('Zg=='))).toEqual([0x66]);
    expect(Array.from(base64ToBytes('Zm9vYmFy'))).toEqual([0x66, 0x6f, 0x6f, 0x62, 0x61, 0x72]);
    expect(Array.from(base64ToBytes('//4AgA=='))).toEqual([0xff, 0xfe, 0x00, 0x80]);
  });

  it('returns a Uint8Array', () => {
    expect(base64ToBytes('AAEC')).toBeInstanceOf(Uint8Array);
  });

  it('round-trips random bytes of every length 0..1000 and matches Node', () => {
    const random = seededRandom(42);
    for (let length = 0; length <= 1000; length++) {
      const bytes = randomBytes(random, length);
      const encoded = bytesToBase64(bytes);
      expect(encoded, `length ${length}`).toBe(nodeBase64(bytes));
      expect(encoded.length).toBe(Math.ceil(length / 3) * 4);
      expect(base64ToBytes(encoded), `length ${length}`).toEqual(bytes);
    }
  });

  it('round-trips a ~200 KB payload spanning several 32 KB chunks', () => {
    const bytes = randomBytes(seededRandom(7), 200 * 1024 + 5);
    const encoded = bytesToBase64(bytes);
    expect(encoded).toBe(nodeBase64(bytes));
    expect(base64ToBytes(encoded)).toEqual(bytes);
  });

  it('encodes only the view of a subarray, not its whole buffer', () => {
    const whole = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const view = whole.subarray(2, 5);
    expect(bytesToBase64(view)).toBe(nodeBase64(new Uint8Array([3, 4, 5])));
  });

  it('encodes every byte value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(bytesToBase64(all)).toBe(nodeBase64(all));
    expect(base64ToBytes(nodeBase64(all))).toEqual(all);
  });

  it('throws on input that is not base64', () => {
    expect(() => base64ToBytes('a!==')).toThrow();
  });
});

describe('base64 with native Uint8Array methods', () => {
  const saved = { toBase64: natives.proto.toBase64, fromBase64: natives.ctor.fromBase64 };
  afterEach(() => {
    if (saved.toBase64) natives.proto.toBase64 = saved.toBase64;
    else delete natives.proto.toBase64;
    if (saved.fromBase64) natives.ctor.fromBase64 = saved.fromBase64;
    else delete natives.ctor.fromBase64;
  });

  it('delegates to Uint8Array.prototype.toBase64 with the array as this', () => {
    const toBase64 = vi.fn(function (this: Uint8Array) {
      return `native:${this.length}`;
    });
    natives.proto.toBase64 = toBase64;
    const bytes = new Uint8Array([1, 2, 3]);
    expect(bytesToBase64(bytes)).toBe('native:3');
    expect(toBase64).toHaveBeenCalledTimes(1);
    expect(toBase64.mock.contexts[0]).toBe(bytes);
  });

  it('delegates to Uint8Array.fromBase64', () => {
    const result = new Uint8Array([9, 9]);
    const fromBase64 = vi.fn((_: string) => result);
    natives.ctor.fromBase64 = fromBase64;
    expect(base64ToBytes('CQk=')).toBe(result);
    expect(fromBase64).toHaveBeenCalledWith('CQk=');
  });
});
