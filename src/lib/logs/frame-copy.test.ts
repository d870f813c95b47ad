import { describe, expect, it } from 'vitest';
import { frameBase64, frameBytes, frameJson, frameText } from './frame-copy';

const text = (data: string) => ({ type: 'text' as const, data });
const binary = (data: string | number[]) => ({
  type: 'binary' as const,
  data: typeof data === 'string' ? new TextEncoder().encode(data) : Uint8Array.from(data),
});

describe('frame copy helpers', () => {
  it('copies text as is and binary as UTF-8 text', () => {
    expect(frameText(text('héllo'))).toBe('héllo');
    expect(frameText(binary('{"a":1}'))).toBe('{"a":1}');
    expect(frameText(binary([0xff]))).toBe('\ufffd');
  });

  it('copies base64: of binary bytes, and of text its UTF-8 bytes', () => {
    expect(frameBase64(binary([1, 2, 3]))).toBe('AQID');
    expect([...frameBytes(binary([1, 2, 3]))]).toEqual([1, 2, 3]);
    expect(frameBase64(text('é👋'))).toBe(Buffer.from('é👋').toString('base64'));
    expect([...frameBytes(text('é'))]).toEqual([0xc3, 0xa9]);
  });

  it('pretty-prints JSON as JSON.stringify would', () => {
    const value = '{"a":[1,{"b":null}],"c":{},"d":[],"e":"x, y: {z}","f":"q\\"uote"}';
    expect(frameJson(text(value))).toBe(JSON.stringify(JSON.parse(value), null, 2));
    expect(frameJson(text(' [ 1 , 2 ] '), 4)).toBe('[\n    1,\n    2\n]');
    expect(frameJson(binary('{"a":1}'))).toBe('{\n  "a": 1\n}');
  });

  it('keeps numbers and escapes exactly as sent', () => {
    expect(frameJson(text('{"id":12345678901234567890,"x":1.50,"s":"\\u00e9"}'))).toBe(
      '{\n  "id": 12345678901234567890,\n  "x": 1.50,\n  "s": "\\u00e9"\n}',
    );
  });

  it('says when a payload is not JSON', () => {
    expect(frameJson(text('hello'))).toBeUndefined();
    expect(frameJson(text('{"cut": "a'))).toBeUndefined();
    expect(frameJson(binary([1, 2, 3]))).toBeUndefined();
  });
});
