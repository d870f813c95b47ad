/**
 * The payload editor's text, both ways: what the user typed as text, hex or
 * base64 becomes a protocol payload (or a clear error), and a captured frame
 * becomes editor text. JSON helpers for text payloads. Pure, unit-tested.
 */
import { base64ToBytes, bytesToBase64 } from '../../lib/base64';
import type { Payload } from '../../protocol/actions';

/** How the editor's text is read: as the text to send, or as bytes written in hex or base64. */
export type EditorMode = 'text' | 'hex' | 'base64';

export type Parsed = { ok: true; payload: Payload } | { ok: false; error: string };

const HEX_SEPARATORS = /[\s,:]|0x/gi;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Hex digits, spaced, comma- or colon-separated or 0x-prefixed, to bytes. */
export function hexToBytes(text: string): { ok: true; bytes: Uint8Array } | { ok: false; error: string } {
  const digits = text.replace(HEX_SEPARATORS, '');
  const bad = /[^0-9a-f]/i.exec(digits);
  if (bad) return { ok: false, error: `Not a hex digit: "${bad[0]}"` };
  if (digits.length % 2) return { ok: false, error: 'Hex needs an even number of digits (two per byte)' };
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return { ok: true, bytes };
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

export function parseEditor(mode: EditorMode, text: string): Parsed {
  if (mode === 'text') return { ok: true, payload: { type: 'text', data: text } };
  if (mode === 'hex') {
    const hex = hexToBytes(text);
    return hex.ok ? { ok: true, payload: { type: 'binary', data: bytesToBase64(hex.bytes) } } : hex;
  }
  const base64 = text.replace(/\s+/g, '');
  if (!BASE64.test(base64) || base64.length % 4 === 1) return { ok: false, error: 'Not valid base64' };
  // Canonical padding, as the protocol's validator wants it.
  return { ok: true, payload: { type: 'binary', data: bytesToBase64(base64ToBytes(padBase64(base64))) } };
}

function padBase64(text: string): string {
  const bare = text.replace(/=+$/, '');
  return bare + '='.repeat((4 - (bare.length % 4)) % 4);
}

/** A payload as editor text in the given mode (binary shown as hex unless base64 is asked for). */
export function editorText(payload: Payload, mode: EditorMode): string {
  if (payload.type === 'text') return payload.data;
  return mode === 'base64' ? payload.data : bytesToHex(base64ToBytes(payload.data));
}

/** The mode that shows a payload best: text as text, binary as hex. */
export const modeOf = (payload: Payload): EditorMode => (payload.type === 'text' ? 'text' : 'hex');

/** Converts the editor's text when the user switches between hex and base64; null when the text does not parse. */
export function switchMode(text: string, from: EditorMode, to: EditorMode): string | null {
  if (from === to) return text;
  if (from === 'text' || to === 'text') return text; // a different reading, not a conversion
  const parsed = parseEditor(from, text);
  return parsed.ok ? editorText(parsed.payload, to) : null;
}

export type JsonCheck = { json: false } | { json: true; valid: true } | { json: true; valid: false; error: string };

/** Whether the text looks like JSON (starts with { or [), and if so whether it parses. */
export function checkJson(text: string): JsonCheck {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return { json: false };
  try {
    JSON.parse(text);
    return { json: true, valid: true };
  } catch (error) {
    return { json: true, valid: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Pretty-printed (two spaces) or minified JSON; null when the text is not JSON. */
export function formatJson(text: string, pretty: boolean): string | null {
  try {
    return JSON.stringify(JSON.parse(text), null, pretty ? 2 : undefined);
  } catch {
    return null;
  }
}
