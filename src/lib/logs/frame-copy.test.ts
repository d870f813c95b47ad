import { describe, expect, it } from 'vitest';
import { frameBase64, frameBytes, frameJson, frameText } from './frame-copy';

const text = (data: string) => ({ type: 'text' as const, data });
const binary = (data: string) => ({ type: 'binary' as const, data });

describe('frame copy helpers', () => {
  it('copies text as is and binary as UTF-8 text', () => {
    expect(frameText(text('héllo'))).toBe('héllo');
    expect(frameText(binary(Buffer.from('{"a":1}').toString('base64')))).toBe('{"a":1}');
    expect(frameText(binary('/w=='))).toBe('\ufffd');
  });

  it('copies base64: binary as is, text of its UTF-8 bytes', () => {
    expect(frameBase64(binary('AQID'))).toBe('AQID');
    expect(frameBase64(text('é👋'))).toBe(Buffer.from('é👋').toString('base64'));
    expect([...frameBytes(text('é'))]).toEqual([0xc3, 0xa9]);
  });

  it('pretty-prints JSON as JSON.stringify would', () => {
    const value = '{"a":[1,{"b":null}],"c":{},"d":[],"e":"x, y: {z}","f":"q\\"uote"}';
    expect(frameJson(text(value))).toBe(JSON.stringify(JSON.parse(value), null, 2));
    expect(frameJson(text(' [ 1 , 2 ] '), 4)).toBe('[\n    1,\n    2\n]');
    expect(frameJson(binary(Buffer.from('{"a":1}').toString('base64')))).toBe('{\n  "a": 1\n}');
  });

  it('keeps numbers and escapes exactly as sent', () => {
    expect(frameJson(text('{"id":12345678901234567890,"x":1.50,"s":"\\u00e9"}'))).toBe(
      '{\n  "id": 12345678901234567890,\n  "x": 1.50,\n  "s": "\\u00e9"\n}',
    );
  });

  it('says when a payload is not JSON', () => {
    expect(frameJson(text('hello'))).toBeUndefined();
    expect(frameJson(text('{"cut": "a'))).toBeUndefined();
    expect(frameJson(binary('AQID'))).toBeUndefined();
  });
});
