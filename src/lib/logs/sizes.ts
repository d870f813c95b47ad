/** Payload sizes and base64 checks without encoding or decoding: logs hold megabytes of payloads. */
import { utf8Length } from '../utf8';

// A plain character class (no per-group backtracking on megabyte strings); the length check does the rest.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Standard base64 with its padding, or undefined when `text` is not base64.
 * Missing padding is added (some tools leave it out); whitespace and the
 * URL-safe alphabet are not accepted.
 */
export function normalizeBase64(text: string): string | undefined {
  const rest = text.length % 4;
  if (rest === 1) return undefined;
  const padded = rest === 0 ? text : text + '='.repeat(4 - rest);
  return BASE64.test(padded) ? padded : undefined;
}

/** UTF-8 bytes of a text payload; ASCII (most JSON) is counted by a native regex scan instead of per character. */
export function textByteLength(text: string): number {
  return /[\u0080-\uffff]/.test(text) ? utf8Length(text) : text.length;
}
