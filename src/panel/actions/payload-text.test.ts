import { describe, expect, it } from 'vitest';
import { checkJson, editorText, formatJson, hexToBytes, parseEditor, switchMode } from './payload-text';

describe('parseEditor', () => {
  it('sends text as it is', () => {
    expect(parseEditor('text', ' {"a":1} \n')).toEqual({ ok: true, payload: { type: 'text', data: ' {"a":1} \n' } });
  });

  it('reads hex spaced, packed, 0x-prefixed or comma-separated', () => {
    for (const hex of ['de ad be ef', 'DEADBEEF', '0xde, 0xad, 0xbe, 0xef', 'de:ad:be:ef\n'])
      expect(parseEditor('hex', hex), hex).toEqual({ ok: true, payload: { type: 'binary', data: '3q2+7w==' } });
    expect(parseEditor('hex', '')).toEqual({ ok: true, payload: { type: 'binary', data: '' } });
  });

  it('says what is wrong with hex', () => {
    expect(parseEditor('hex', 'de ad b')).toEqual({
      ok: false,
      error: 'Hex needs an even number of digits (two per byte)',
    });
    expect(parseEditor('hex', 'zz')).toEqual({ ok: false, error: 'Not a hex digit: "z"' });
  });

  it('reads base64 with or without padding and whitespace, and refuses anything else', () => {
    expect(parseEditor('base64', '3q2+ 7w==')).toEqual({ ok: true, payload: { type: 'binary', data: '3q2+7w==' } });
    expect(parseEditor('base64', '3q2+7w')).toEqual({ ok: true, payload: { type: 'binary', data: '3q2+7w==' } });
    expect(parseEditor('base64', 'not base64!')).toEqual({ ok: false, error: 'Not valid base64' });
    expect(parseEditor('base64', 'abcde')).toEqual({ ok: false, error: 'Not valid base64' });
  });
});

describe('editor text', () => {
  it('shows binary as hex or base64, and converts between them', () => {
    expect(editorText({ type: 'binary', data: 'AAH/' }, 'hex')).toBe('00 01 ff');
    expect(editorText({ type: 'binary', data: 'AAH/' }, 'base64')).toBe('AAH/');
    expect(switchMode('00 01 ff', 'hex', 'base64')).toBe('AAH/');
    expect(switchMode('AAH/', 'base64', 'hex')).toBe('00 01 ff');
    expect(switchMode('0g', 'hex', 'base64')).toBeNull();
    expect(switchMode('hello', 'text', 'hex')).toBe('hello');
  });

  it('packs hex into bytes', () => {
    const result = hexToBytes('01 02');
    expect(result.ok && [...result.bytes]).toEqual([1, 2]);
  });
});

describe('JSON helpers', () => {
  it('tells JSON from other text and says why JSON is invalid', () => {
    expect(checkJson('hello')).toEqual({ json: false });
    expect(checkJson(' {"a": [1, 2]}')).toEqual({ json: true, valid: true });
    const bad = checkJson('{"a": }');
    expect(bad.json && !bad.valid && bad.error.length > 0).toBe(true);
  });

  it('formats and minifies', () => {
    expect(formatJson('{"a":[1,2]}', true)).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
    expect(formatJson('{\n "a" : 1 }', false)).toBe('{"a":1}');
    expect(formatJson('{', true)).toBeNull();
  });
});
