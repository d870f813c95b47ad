/**
 * A frame's payload decoded for the detail views. Decoding is lazy and done
 * once per record (cached by record identity): bytes → UTF-8 text for binary
 * frames, text → JSON, bytes → base64 — each only when a view asks.
 */
import { bytesToBase64 } from '../../lib/base64';
import { utf8Length } from '../../lib/utf8';
import type { SessionRecord } from '../../protocol/schema';
import { hexDump } from './hex-dump';

export type FrameRecordOfSession = Extract<SessionRecord, { kind: 'frame' }>;

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}
export type JsonContainer = Json[] | JsonObject;

export interface Utf8Text {
  text: string;
  /** False when some bytes were not valid UTF-8 (they show as U+FFFD). */
  valid: boolean;
}

export type ViewId = 'json' | 'text' | 'hex' | 'base64' | 'utf8';

/** Tab names, and what each view's copy button says it copies. */
export const VIEWS: Record<ViewId, { label: string; copyLabel: string }> = {
  json: { label: 'JSON', copyLabel: 'Copy JSON' },
  text: { label: 'Text', copyLabel: 'Copy text' },
  hex: { label: 'Hex', copyLabel: 'Copy hex dump' },
  base64: { label: 'Base64', copyLabel: 'Copy base64' },
  utf8: { label: 'UTF-8', copyLabel: 'Copy UTF-8 text' },
};

export function decodeUtf8(bytes: Uint8Array, truncated = false): Utf8Text {
  // A cut payload may end inside a character: streaming mode leaves that
  // tail out instead of reporting it as invalid. ignoreBOM keeps a BOM visible.
  const options = { stream: truncated };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes, options), valid: true };
  } catch {
    return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes, options), valid: false };
  }
}

/** The value when `text` is a JSON object or array; undefined for anything else (scalars read better as text). */
export function parseJsonContainer(text: string): JsonContainer | undefined {
  // Skip the parse when the first character already rules JSON containers out.
  const first = /\S/.exec(text)?.[0];
  if (first !== '{' && first !== '[') return undefined;
  try {
    const value = JSON.parse(text) as Json;
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

let nextId = 1;
const EMPTY = new Uint8Array(0);

export class Payload {
  /** Tells records apart for render keys (seq alone repeats after a clear). */
  readonly id = nextId++;
  #utf8?: Utf8Text;
  #base64?: string;
  #json?: JsonContainer | null;
  #capturedBytes?: number;

  constructor(readonly record: FrameRecordOfSession) {}

  get isBinary(): boolean {
    return this.record.type === 'binary';
  }

  /** The captured bytes of a binary frame (empty for text frames, which have no byte views). */
  get bytes(): Uint8Array {
    return this.record.type === 'binary' ? this.record.data : EMPTY;
  }

  /** A binary frame's bytes as base64 (empty for text frames). */
  get base64(): string {
    this.#base64 ??= this.isBinary ? bytesToBase64(this.bytes) : '';
    return this.#base64;
  }

  get utf8(): Utf8Text {
    this.#utf8 ??=
      this.record.type === 'binary'
        ? decodeUtf8(this.record.data, this.record.truncated)
        : { text: this.record.data, valid: true };
    return this.#utf8;
  }

  /** Parsed JSON, or undefined when the payload is not a whole JSON object or array. */
  get json(): JsonContainer | undefined {
    if (this.#json === undefined) {
      // A cut payload cannot be whole JSON; binary must be valid UTF-8 first.
      const usable = !this.record.truncated && (!this.isBinary || this.#looksLikeJson());
      this.#json = (usable && parseJsonContainer(this.utf8.text)) || null;
    }
    return this.#json ?? undefined;
  }

  /** Bytes present in the record: less than `size` when the payload was cut. */
  get capturedBytes(): number {
    this.#capturedBytes ??= this.record.type === 'binary' ? this.record.data.byteLength : utf8Length(this.record.data);
    return this.#capturedBytes;
  }

  /** The views this payload offers; the first is the default. */
  get views(): ViewId[] {
    if (!this.isBinary) return this.json ? ['json', 'text'] : ['text'];
    return this.json ? ['hex', 'base64', 'utf8', 'json'] : ['hex', 'base64', 'utf8'];
  }

  /** "Copy payload": text as is, binary as base64. */
  get copyText(): string {
    return this.record.type === 'text' ? this.record.data : this.base64;
  }

  /** What a view's copy button copies: what the view shows, whole. */
  viewCopyText(view: ViewId): string {
    switch (view) {
      case 'json':
        return JSON.stringify(this.json, null, 2);
      case 'text':
        return this.utf8.text;
      case 'hex':
        return hexDump(this.bytes).join('\n');
      case 'base64':
        return this.base64;
      case 'utf8':
        return this.utf8.text;
    }
  }

  #looksLikeJson(): boolean {
    // Check the first non-space byte before decoding a whole binary payload.
    const first = this.bytes.find((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
    return (first === 0x7b || first === 0x5b) && this.utf8.valid;
  }
}

const cache = new WeakMap<FrameRecordOfSession, Payload>();

/** The record's payload, decoded at most once however often the detail re-renders or reopens. */
export function payloadOf(record: FrameRecordOfSession): Payload {
  let payload = cache.get(record);
  if (!payload) cache.set(record, (payload = new Payload(record)));
  return payload;
}
