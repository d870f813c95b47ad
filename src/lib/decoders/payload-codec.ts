/**
 * MessagePack and CBOR as generic payload encodings: one value per binary
 * frame, shown as a plain tree. They are fallbacks for binary traffic no
 * protocol claimed, so detection is strict: every binary frame among the first
 * ones (at least two) must decode fully to a map or an array.
 */
import { BY_CONTENT, type Decoder, type DecoderFrame, type ProtocolName } from './types';
import { truncatedReason } from './bytes';
import { guessName, valueKind } from './plain-value';

/** One whole value from the bytes, made plain, or why not. */
export type ValueDecode = (bytes: Uint8Array) => { value: unknown } | { error: string };

const FRAMES_TO_CHECK = 8;

function isContainer(value: unknown): boolean {
  const kind = valueKind(value);
  if (kind === 'array') return (value as unknown[]).length > 0;
  return kind === 'map' && Object.keys(value as object).length > 0;
}

export function createPayloadDecoder(protocol: ProtocolName, label: string, decodeValue: ValueDecode): Decoder {
  return {
    protocol,
    label,
    detect(_info, firstFrames) {
      const binary = firstFrames
        .filter((frame) => frame.type === 'binary' && !frame.truncated)
        .slice(0, FRAMES_TO_CHECK);
      if (binary.length < 2) return 0;
      for (const frame of binary) {
        const result = decodeValue(frame.data as Uint8Array);
        if ('error' in result || !isContainer(result.value)) return 0;
      }
      return BY_CONTENT;
    },
    create: () => ({
      decode(frame: DecoderFrame) {
        if (frame.truncated) return { error: truncatedReason(frame) };
        if (typeof frame.data === 'string') return { error: `${label} travels in binary frames; this is a text frame` };
        const result = decodeValue(frame.data);
        if ('error' in result) return result;
        const name = guessName(result.value);
        const body = result.value;
        return { messages: [{ protocol, kind: valueKind(body), ...(name === undefined ? {} : { name }), body }] };
      },
    }),
  };
}
