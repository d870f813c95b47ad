import { describe, expect, it } from 'vitest';
import { HEX_HEADER, asciiChar, formatHexLine, hexDump, hexLine, hexLineCount } from './hex-dump';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('hexDump', () => {
  it('writes 16 bytes a line in two groups of 8, with offset and ASCII column', () => {
    const data = new TextEncoder().encode('Hello, world!\n');
    const full = Uint8Array.from([...data, 0x00, 0xff]);
    expect(hexDump(full)).toEqual(['00000000  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 21 0a 00 ff  |Hello, world!...|']);
  });

  it('numbers lines by byte offset in 8 hex digits', () => {
    const data = new Uint8Array(40).map((_, i) => i);
    const lines = hexDump(data);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^00000010 {2}10 11 12 13 14 15 16 17 {2}18 19 1a 1b 1c 1d 1e 1f {2}\|/);
    expect(hexLine(new Uint8Array(0x100000 + 1), 0x10000).offset).toBe('00100000');
  });

  it('pads a short last line so the ASCII column stays aligned', () => {
    const [line] = hexDump(bytes(0x41, 0x42, 0x43));
    expect(line).toBe(`00000000  41 42 43${' '.repeat(40)}  |ABC|`);
    const [full] = hexDump(new Uint8Array(16).fill(0x41));
    expect(line!.indexOf('|')).toBe(full!.indexOf('|'));
  });

  it('pads a last line that ends in the second group', () => {
    const line = hexLine(new Uint8Array(10).fill(0x30), 0);
    expect(line.hex).toBe(`30 30 30 30 30 30 30 30  30 30${' '.repeat(18)}`);
    expect(line.hex).toHaveLength(48);
    expect(line.ascii).toBe('0000000000');
  });

  it('shows printable ASCII and dots for everything else', () => {
    expect(asciiChar(0x1f)).toBe('.');
    expect(asciiChar(0x20)).toBe(' ');
    expect(asciiChar(0x7e)).toBe('~');
    expect(asciiChar(0x7f)).toBe('.');
    expect(asciiChar(0x80)).toBe('.');
    expect(asciiChar(0xe9)).toBe('.');
    expect(hexLine(bytes(0x09, 0x0a, 0x7c, 0xc3, 0xa9), 0).ascii).toBe('..|..');
  });

  it('makes only the lines asked for', () => {
    const data = new Uint8Array(1024 * 1024);
    expect(hexLineCount(data.length)).toBe(65536);
    const lines = hexDump(data, 65534, 70000);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.startsWith('000ffff0')).toBe(true);
  });

  it('has no lines for an empty payload', () => {
    expect(hexLineCount(0)).toBe(0);
    expect(hexDump(new Uint8Array(0))).toEqual([]);
  });

  it('formats a line model', () => {
    expect(formatHexLine({ offset: '00000000', hex: 'ff', ascii: '.' })).toBe('00000000  ff  |.|');
  });

  it('has column heads aligned with the lines', () => {
    expect(HEX_HEADER).toBe('offset    00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  ascii');
    const [line] = hexDump(new Uint8Array(16));
    expect(HEX_HEADER.indexOf('ascii')).toBe(line!.indexOf('|'));
  });
});
