import { describe, expect, it } from 'vitest';
import { asSentText, utf8Length } from './utf8';
import { seededRandom } from './testing';

/** The reference: what a WebSocket puts on the wire (lone surrogates become U+FFFD). */
function referenceLength(text: string): number {
  // String.prototype.toWellFormed is ES2024; the repo's lib is ES2023 but Node 20 has it.
  const wellFormed = (text as unknown as { toWellFormed(): string }).toWellFormed();
  return Buffer.byteLength(wellFormed, 'utf8');
}

describe('utf8Length', () => {
  it('is 0 for the empty string', () => {
    expect(utf8Length('')).toBe(0);
  });

  it('counts ASCII as one byte per character', () => {
    expect(utf8Length('a')).toBe(1);
    expect(utf8Length('hello, world')).toBe(12);
    expect(utf8Length('\u0000\u007f')).toBe(2);
  });

  it('counts U+0080..U+07FF as two bytes', () => {
    expect(utf8Length('\u0080')).toBe(2);
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('\u07ff')).toBe(2);
    expect(utf8Length('café')).toBe(5);
  });

  it('counts U+0800..U+FFFF (outside surrogates) as three bytes', () => {
    expect(utf8Length('\u0800')).toBe(3);
    expect(utf8Length('€')).toBe(3);
    expect(utf8Length('日本')).toBe(6);
    expect(utf8Length('\ud7ff')).toBe(3);
    expect(utf8Length('\ue000')).toBe(3);
    expect(utf8Length('\uffff')).toBe(3);
  });

  it('counts a surrogate pair (astral code point) as four bytes', () => {
    expect(utf8Length('😀')).toBe(4);
    expect(utf8Length('\ud800\udc00')).toBe(4); // U+10000
    expect(utf8Length('\udbff\udfff')).toBe(4); // U+10FFFF
    expect(utf8Length('a😀b')).toBe(6);
  });

  it('counts a lone high surrogate as three bytes (U+FFFD)', () => {
    expect(utf8Length('\ud800')).toBe(3);
    expect(utf8Length('\ud83d')).toBe(3);
    expect(utf8Length('\ud800a')).toBe(4);
    expect(utf8Length('a\udbff')).toBe(4); // high surrogate as the last unit
  });

  it('counts a lone low surrogate as three bytes (U+FFFD)', () => {
    expect(utf8Length('\udc00')).toBe(3);
    expect(utf8Length('\udfff')).toBe(3);
    expect(utf8Length('a\ude00b')).toBe(5);
  });

  it('pairs only a high surrogate followed by a low one', () => {
    expect(utf8Length('\udc00\ud800')).toBe(6); // reversed: two lone surrogates
    expect(utf8Length('\ud800\ud800\udc00')).toBe(7); // lone high, then a pair
    expect(utf8Length('\ud800\udc00\udc00')).toBe(7); // a pair, then a lone low
  });

  it('matches Buffer.byteLength(toWellFormed()) on random strings', () => {
    const random = seededRandom(0x5eed);
    const unitFrom = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
    const randomUnit = (): number => {
      switch (Math.floor(random() * 6)) {
        case 0:
          return unitFrom(0x00, 0x7f);
        case 1:
          return unitFrom(0x80, 0x7ff);
        case 2:
          return unitFrom(0x800, 0xd7ff);
        case 3:
          return unitFrom(0xd800, 0xdbff); // high surrogate: paired only if a low one follows by chance
        case 4:
          return unitFrom(0xdc00, 0xdfff); // low surrogate
        default:
          return unitFrom(0xe000, 0xffff);
      }
    };
    let pairs = 0;
    for (let n = 0; n < 400; n++) {
      const length = Math.floor(random() * 64);
      const units: number[] = [];
      for (let i = 0; i < length; i++) {
        if (random() < 0.15) {
          units.push(unitFrom(0xd800, 0xdbff), unitFrom(0xdc00, 0xdfff)); // a proper pair
          pairs++;
        } else units.push(randomUnit());
      }
      const text = String.fromCharCode(...units);
      expect(utf8Length(text), JSON.stringify(text)).toBe(referenceLength(text));
    }
    expect(pairs).toBeGreaterThan(100); // the generator did produce astral characters
  });
});

describe('asSentText', () => {
  it('replaces each lone surrogate with U+FFFD and keeps pairs, like the WebSocket encoder', () => {
    const text = '\uD800a\uDC00\uD83D\uDE00\uD83D';
    expect(asSentText(text)).toBe('\uFFFDa\uFFFD\uD83D\uDE00\uFFFD');
    expect(new TextDecoder().decode(new TextEncoder().encode(text))).toBe(asSentText(text));
  });
});
