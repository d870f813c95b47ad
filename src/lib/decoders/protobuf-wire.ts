/**
 * The protobuf wire format, read without a schema (like `protoc --decode_raw`),
 * and the reader the schema-based decoder shares.
 *
 * Without a schema a length-delimited field is ambiguous: printable text shows
 * as a string; otherwise bytes that parse fully as a message show as one
 * (nested up to MAX_DEPTH), else as bytes. Varints
 * show unsigned (sint/negative int fields look huge); 32- and 64-bit fields show
 * both their integer and floating-point readings.
 */
import type { ConnectionDecoder, Decoder, DecoderFrame } from './types';
import type { FrameDecoding } from './types';
import { truncatedReason, utf8OrUndefined } from './bytes';

export class WireError extends Error {}

export const WIRE_VARINT = 0;
export const WIRE_64BIT = 1;
export const WIRE_LENGTH_DELIMITED = 2;
export const WIRE_START_GROUP = 3;
export const WIRE_END_GROUP = 4;
export const WIRE_32BIT = 5;

const MAX_DEPTH = 32;
const MAX_FIELDS = 100_000;
const TWO_32 = 2 ** 32;

export class WireReader {
  pos = 0;
  private view: DataView | undefined;
  constructor(readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  /** A varint as its low and high 32 bits (unsigned). */
  varint(): [number, number] {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      const byte = this.bytes[this.pos++];
      if (byte === undefined) throw new WireError(`a varint runs past the end at byte ${this.pos - 1}`);
      if (i < 4) lo |= (byte & 0x7f) << (7 * i);
      else if (i === 4) {
        lo |= (byte & 0x0f) << 28;
        hi |= (byte & 0x7f) >> 4;
      } else hi |= (byte & 0x7f) << (7 * i - 32);
      if ((byte & 0x80) === 0) return [lo >>> 0, hi >>> 0];
    }
    throw new WireError(`a varint at byte ${this.pos - 10} is longer than 10 bytes`);
  }

  /** A varint that fits 32 bits (tags, lengths, enums, int32). */
  varint32(): number {
    return this.varint()[0];
  }

  tag(): { field: number; wireType: number } {
    const start = this.pos;
    const [lo, hi] = this.varint();
    const field = lo >>> 3;
    if (hi !== 0 || field === 0) throw new WireError(`field number ${hi ? 'too large' : 0} at byte ${start}`);
    return { field, wireType: lo & 7 };
  }

  private dataView(): DataView {
    return (this.view ??= new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength));
  }

  private need(count: number, what: string): number {
    const at = this.pos;
    if (at + count > this.bytes.length) throw new WireError(`${what} at byte ${at} runs past the end`);
    this.pos += count;
    return at;
  }

  fixed32(): number {
    return this.dataView().getUint32(this.need(4, 'a 32-bit field'), true);
  }

  float(): number {
    return this.dataView().getFloat32(this.need(4, 'a 32-bit field'), true);
  }

  /** Low and high 32 bits. */
  fixed64(): [number, number] {
    const at = this.need(8, 'a 64-bit field');
    return [this.dataView().getUint32(at, true), this.dataView().getUint32(at + 4, true)];
  }

  double(): number {
    return this.dataView().getFloat64(this.need(8, 'a 64-bit field'), true);
  }

  lengthDelimited(): Uint8Array {
    const [length, hi] = this.varint();
    if (hi !== 0 || length > this.bytes.length - this.pos) {
      throw new WireError(`a length of ${hi ? 'over 4 GiB' : length} at byte ${this.pos} runs past the end`);
    }
    const at = this.need(length, 'a length-delimited field');
    return this.bytes.subarray(at, at + length);
  }

  skip(wireType: number): void {
    if (wireType === WIRE_VARINT) this.varint();
    else if (wireType === WIRE_64BIT) this.need(8, 'a 64-bit field');
    else if (wireType === WIRE_LENGTH_DELIMITED) this.lengthDelimited();
    else if (wireType === WIRE_32BIT) this.need(4, 'a 32-bit field');
    else throw unsupportedWireType(wireType, this.pos);
  }
}

export function unsupportedWireType(wireType: number, at: number): WireError {
  if (wireType === WIRE_START_GROUP || wireType === WIRE_END_GROUP) {
    return new WireError(`a group (wire type ${wireType}, deprecated) at byte ${at} is not supported`);
  }
  return new WireError(`wire type ${wireType} at byte ${at} does not exist`);
}

/** An unsigned 64-bit value as a number when exact, else as decimal text. */
export function uint64Value(lo: number, hi: number): number | string {
  return hi < 0x200000 ? hi * TWO_32 + lo : ((BigInt(hi) << 32n) | BigInt(lo)).toString();
}

export function uint64Text(lo: number, hi: number): string {
  return String(uint64Value(lo, hi));
}

export function int64Text(lo: number, hi: number): string {
  if (hi < 0x80000000) return uint64Text(lo, hi);
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
}

export function sint64Text(lo: number, hi: number): string {
  const zigzag = (BigInt(hi) << 32n) | BigInt(lo);
  return (zigzag & 1n ? -(zigzag >> 1n) - 1n : zigzag >> 1n).toString();
}

/** Printable text: no control characters but tab and line breaks. */
function isPrintable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f || code === 0xfffd) {
      return false;
    }
  }
  return true;
}

/** Whether the bytes are a whole message's worth of well-formed fields (no groups). */
function parsesAsMessage(bytes: Uint8Array): boolean {
  const reader = new WireReader(bytes);
  try {
    while (!reader.done) reader.skip(reader.tag().wireType);
    return true;
  } catch {
    return false;
  }
}

class RawDecoder {
  private fields = 0;

  message(bytes: Uint8Array, depth: number): Record<string, unknown> {
    const reader = new WireReader(bytes);
    const values = new Map<number, unknown[]>();
    while (!reader.done) {
      if (++this.fields > MAX_FIELDS) throw new WireError(`more than ${MAX_FIELDS} fields`);
      const start = reader.pos;
      const { field, wireType } = reader.tag();
      const value = this.value(reader, wireType, depth, start);
      const seen = values.get(field);
      if (seen) seen.push(value);
      else values.set(field, [value]);
    }
    const out: Record<string, unknown> = {};
    for (const [field, seen] of values) out[field] = seen.length === 1 ? seen[0] : seen;
    return out;
  }

  private value(reader: WireReader, wireType: number, depth: number, start: number): unknown {
    switch (wireType) {
      case WIRE_VARINT:
        return uint64Value(...reader.varint());
      case WIRE_64BIT: {
        const at = reader.pos;
        const [lo, hi] = reader.fixed64();
        reader.pos = at;
        return { fixed64: uint64Value(lo, hi), double: reader.double() };
      }
      case WIRE_32BIT: {
        const at = reader.pos;
        const fixed32 = reader.fixed32();
        reader.pos = at;
        return { fixed32, float: reader.float() };
      }
      case WIRE_LENGTH_DELIMITED:
        return this.lengthDelimited(reader.lengthDelimited(), depth);
      default:
        throw unsupportedWireType(wireType, start);
    }
  }

  private lengthDelimited(bytes: Uint8Array, depth: number): unknown {
    if (bytes.length === 0) return '';
    const text = utf8OrUndefined(bytes);
    if (text !== undefined && isPrintable(text)) return text;
    if (depth < MAX_DEPTH && parsesAsMessage(bytes)) return this.message(bytes, depth + 1);
    return bytes;
  }
}

/** The fields of a message keyed by field number (repeated numbers collect into arrays). */
export function decodeRawMessage(bytes: Uint8Array): { value: Record<string, unknown> } | { error: string } {
  try {
    return { value: new RawDecoder().message(bytes, 0) };
  } catch (error) {
    return { error: error instanceof WireError ? error.message : `not a protobuf message (${String(error)})` };
  }
}

class RawConnection implements ConnectionDecoder {
  decode(frame: DecoderFrame): FrameDecoding {
    if (frame.truncated) return { error: truncatedReason(frame) };
    if (typeof frame.data === 'string') return { error: 'protobuf travels in binary frames; this is a text frame' };
    const result = decodeRawMessage(frame.data);
    if ('error' in result) return result;
    return { messages: [{ protocol: 'protobuf', kind: 'message', body: result.value }] };
  }
}

/** Never picked on its own: almost any bytes parse as some protobuf. The user chooses it. */
export const protobufWireDecoder: Decoder = {
  protocol: 'protobuf',
  label: 'Protobuf (wire view, no schema)',
  detect: () => 0,
  create: () => new RawConnection(),
};
