/**
 * MessagePack payloads (@msgpack/msgpack, which decodes with an explicit stack
 * and generates no code). 64-bit integers come as bigint and are made plain
 * (exact number, or text ending in `n`); timestamps (extension -1) as ISO text;
 * other extensions as `{ type, data }`; maps with binary or other non-text keys
 * keyed by their text (plain-value.ts).
 */
import { Decoder as MsgpackDecoder } from '@msgpack/msgpack';
import { TooDeep, keyText, toPlainValue } from './plain-value';
import { createPayloadDecoder } from './payload-codec';

// Each item takes at least a byte, so no declared length beyond a frame's size can be real;
// the library checks what is left before it allocates.
const decoder = new MsgpackDecoder({
  useBigInt64: true,
  mapKeyConverter: (key) => (typeof key === 'string' || typeof key === 'number' ? key : keyText(key)),
});

/** The bytes as exactly one MessagePack value, made plain, or why not. */
export function decodeMsgpack(bytes: Uint8Array): { value: unknown } | { error: string } {
  if (bytes.length === 0) return { error: 'an empty frame holds no MessagePack value' };
  try {
    return { value: toPlainValue(decoder.decode(bytes)) };
  } catch (error) {
    return { error: msgpackReason(error) };
  }
}

function msgpackReason(error: unknown): string {
  if (error instanceof TooDeep) return `a MessagePack value too deep to show: ${error.message}`;
  // The library reads past the end through a DataView, which throws a RangeError.
  if (error instanceof RangeError && error.message.startsWith('Offset is outside')) {
    return 'not MessagePack: a value runs past the end of the frame';
  }
  return `not MessagePack: ${error instanceof Error ? error.message : String(error)}`;
}

export const msgpackDecoder = createPayloadDecoder('msgpack', 'MessagePack', decodeMsgpack);
