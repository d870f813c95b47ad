/**
 * A frame's payload as a tool shows it: text as is, binary as base64, cut at
 * a number of characters and marked when cut, so one huge frame cannot fill
 * an agent's context. `size` is always the frame's true size in bytes, and
 * `truncated` also says when the hook itself had already cut the payload.
 */
import type { SessionRecord } from '../../protocol/schema';
import { bytesToBase64 } from '../../protocol/base64';

type Frame = Extract<SessionRecord, { kind: 'frame' }>;

export const DEFAULT_PAYLOAD_CHARS = 2_000;
export const MAX_PAYLOAD_CHARS = 100_000;

export interface PayloadView {
  /** Text, or base64 of the bytes for a binary frame. */
  data: string;
  encoding: 'text' | 'base64';
  /** Present when `data` is not the whole payload. */
  cut?: {
    /** Characters of `data` shown, of how many. */
    shown: number;
    of: number;
    /** The extension kept only part of the frame (its payload limit). */
    byExtension?: true;
  };
}

export function payloadView(frame: Frame, maxChars = DEFAULT_PAYLOAD_CHARS): PayloadView {
  const full = frame.type === 'text' ? frame.data : bytesToBase64(frame.data);
  const encoding = frame.type === 'text' ? 'text' : 'base64';
  // Base64 is cut on a 4-character boundary so what is shown still decodes.
  const limit = encoding === 'base64' ? maxChars - (maxChars % 4) : maxChars;
  const cutHere = full.length > limit;
  let data = cutHere ? full.slice(0, limit) : full;
  // Never leave half a surrogate pair at the end.
  if (cutHere && encoding === 'text' && /[\uD800-\uDBFF]$/.test(data)) data = data.slice(0, -1);
  if (!cutHere && !frame.truncated) return { data, encoding };
  return {
    data,
    encoding,
    cut: { shown: data.length, of: full.length, ...(frame.truncated ? { byExtension: true as const } : {}) },
  };
}
