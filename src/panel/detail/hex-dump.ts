/**
 * The hex dump of a binary payload, in the layout of `hexdump -C`:
 *
 *   00000000  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 21 0a 00 ff  |Hello, world!...|
 *
 * Lines are made on demand (`hexLine`), so a 1 MiB payload costs only the
 * lines on screen.
 */
export const BYTES_PER_LINE = 16;

export interface HexLine {
  /** Byte offset of the line's first byte, 8 hex digits. */
  offset: string;
  /** Two groups of 8 bytes; a short last line is padded so the ASCII column stays aligned. */
  hex: string;
  /** Printable ASCII as is, every other byte as '.'. */
  ascii: string;
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

export function hexLineCount(byteLength: number): number {
  return Math.ceil(byteLength / BYTES_PER_LINE);
}

export function hexLine(bytes: Uint8Array, line: number): HexLine {
  const start = line * BYTES_PER_LINE;
  let hex = '';
  let ascii = '';
  for (let i = 0; i < BYTES_PER_LINE; i++) {
    if (i > 0) hex += i === BYTES_PER_LINE / 2 ? '  ' : ' ';
    const byte = start + i < bytes.length ? bytes[start + i] : undefined;
    if (byte === undefined) {
      hex += '  ';
      continue;
    }
    hex += HEX[byte];
    ascii += asciiChar(byte);
  }
  return { offset: start.toString(16).padStart(8, '0'), hex, ascii };
}

const HEAD_BYTES = Uint8Array.from({ length: BYTES_PER_LINE }, (_, i) => i);
/** The column heads above the lines, aligned with them. */
export const HEX_HEADER = `${'offset'.padEnd(8)}  ${hexLine(HEAD_BYTES, 0).hex}  ascii`;

export function asciiChar(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
}

export function formatHexLine(line: HexLine): string {
  return `${line.offset}  ${line.hex}  |${line.ascii}|`;
}

/** Lines `from` (inclusive) to `to` (exclusive) as text; all of them by default. */
export function hexDump(bytes: Uint8Array, from = 0, to = hexLineCount(bytes.length)): string[] {
  const lines: string[] = [];
  for (let line = from; line < Math.min(to, hexLineCount(bytes.length)); line++) {
    lines.push(formatHexLine(hexLine(bytes, line)));
  }
  return lines;
}
