import { describe, expect, it } from 'vitest';
import { decodeUtf8, parseJsonContainer, payloadOf, type FrameRecordOfSession } from './payload';

const meta = { sid: 1, t: 1000, seq: 0, conn: 'c', frameId: 0, dir: 'received' as const };

function text(data: string, truncated = false, size = data.length): FrameRecordOfSession {
  return { ...meta, kind: 'frame', type: 'text', data, size, truncated };
}

function binary(bytes: ArrayLike<number>, truncated = false, size = bytes.length): FrameRecordOfSession {
  return {
    ...meta,
    kind: 'frame',
    type: 'binary',
    data: Uint8Array.from(bytes),
    size,
    truncated,
  };
}

const utf8 = (s: string) => Array.from(new TextEncoder().encode(s));

describe('decodeUtf8', () => {
  it('decodes valid UTF-8', () => {
    expect(decodeUtf8(Uint8Array.from(utf8('héllo 😀')))).toEqual({ text: 'héllo 😀', valid: true });
  });

  it('shows invalid bytes as U+FFFD and says the bytes were invalid', () => {
    // 0xff never occurs in UTF-8; 0xc3 starts a 2-byte sequence that 0x28 does not continue.
    expect(decodeUtf8(Uint8Array.from([0x61, 0xff, 0x62, 0xc3, 0x28]))).toEqual({
      text: 'a\ufffdb\ufffd(',
      valid: false,
    });
  });

  it('reports a character cut at the end as invalid, unless the payload was truncated', () => {
    const cut = Uint8Array.from([0x61, 0xe2, 0x82]); // 'a' and the first two bytes of '€'
    expect(decodeUtf8(cut)).toEqual({ text: 'a\ufffd', valid: false });
    expect(decodeUtf8(cut, true)).toEqual({ text: 'a', valid: true });
  });

  it('keeps a byte order mark visible', () => {
    expect(decodeUtf8(Uint8Array.from([0xef, 0xbb, 0xbf, 0x41])).text).toBe('\ufeffA');
  });
});

describe('parseJsonContainer', () => {
  it('parses objects and arrays, with leading whitespace', () => {
    expect(parseJsonContainer('{"a":[1,2]}')).toEqual({ a: [1, 2] });
    expect(parseJsonContainer(' \n[true,null]')).toEqual([true, null]);
  });

  it('leaves scalars, invalid and cut JSON alone', () => {
    expect(parseJsonContainer('42')).toBeUndefined();
    expect(parseJsonContainer('"text"')).toBeUndefined();
    expect(parseJsonContainer('hello')).toBeUndefined();
    expect(parseJsonContainer('{"a":')).toBeUndefined();
    expect(parseJsonContainer('')).toBeUndefined();
  });
});

describe('Payload', () => {
  it('offers JSON first for JSON text, and Text otherwise', () => {
    expect(payloadOf(text('{"users":[]}')).views).toEqual(['json', 'text']);
    expect(payloadOf(text('ping')).views).toEqual(['text']);
    expect(payloadOf(text('{"cut":', true, 100)).views).toEqual(['text']);
  });

  it('offers hex, base64 and UTF-8 for binary, and JSON when the bytes are UTF-8 JSON', () => {
    expect(payloadOf(binary([0, 1, 2])).views).toEqual(['hex', 'base64', 'utf8']);
    expect(payloadOf(binary(utf8(' {"a":"é"}'))).views).toEqual(['hex', 'base64', 'utf8', 'json']);
    expect(payloadOf(binary(utf8(' {"a":"é"}'))).json).toEqual({ a: 'é' });
    expect(payloadOf(binary([0x7b, 0xff, 0x7d])).views).toEqual(['hex', 'base64', 'utf8']);
  });

  it('decodes binary payloads to bytes and UTF-8', () => {
    const payload = payloadOf(binary([0x68, 0x69, 0xff]));
    expect(Array.from(payload.bytes)).toEqual([0x68, 0x69, 0xff]);
    expect(payload.copyText).toBe('aGn/');
    expect(payload.utf8).toEqual({ text: 'hi\ufffd', valid: false });
  });

  it('counts the captured bytes: decoded bytes for binary, UTF-8 length for text', () => {
    expect(payloadOf(binary(new Array(10).fill(1), true, 5000)).capturedBytes).toBe(10);
    expect(payloadOf(text('héllo', true, 5000)).capturedBytes).toBe(6);
  });

  it('decodes a record once and reuses the result', () => {
    const record = binary([1, 2, 3]);
    const payload = payloadOf(record);
    expect(payloadOf(record)).toBe(payload);
    expect(payload.bytes).toBe(payload.bytes);
    expect(payloadOf(binary([1, 2, 3]))).not.toBe(payload);
  });

  it('copies the payload as text, or binary as base64', () => {
    expect(payloadOf(text('héllo')).copyText).toBe('héllo');
    expect(payloadOf(binary([0, 255])).copyText).toBe('AP8=');
  });

  it('copies each view whole, as the view shows it', () => {
    const json = payloadOf(text('{"a":[1]}'));
    expect(json.viewCopyText('json')).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(json.viewCopyText('text')).toBe('{"a":[1]}');
    const bin = payloadOf(binary([...utf8('hi'), 0xff, ...new Array(16).fill(0x41)]));
    expect(bin.viewCopyText('hex')).toBe(
      '00000000  68 69 ff 41 41 41 41 41  41 41 41 41 41 41 41 41  |hi.AAAAAAAAAAAAA|\n' +
        `00000010  41 41 41${' '.repeat(40)}  |AAA|`,
    );
    expect(bin.viewCopyText('base64')).toBe(bin.copyText);
    expect(bin.viewCopyText('utf8')).toBe(`hi\ufffd${'A'.repeat(16)}`);
  });
});
