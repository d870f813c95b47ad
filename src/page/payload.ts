/**
 * Turns what a page sent or received into frame payloads: text as is, binary
 * as our own copy of at most MAX_CAPTURED_BYTES (the page keeps its buffer
 * untouched), Blobs read asynchronously. Sizes are always the true sizes.
 */
import { MAX_CAPTURED_BYTES, MAX_CAPTURED_CHARS } from '../protocol/limits';
import { utf8Length } from '../lib/utf8';
import { call, natives } from './natives';

export type Payload =
  | { type: 'text'; data: string; size: number; truncated: boolean }
  | { type: 'binary'; data: ArrayBuffer; size: number; truncated: boolean };

export function textPayload(text: string): Payload {
  const truncated = text.length > MAX_CAPTURED_CHARS;
  const data = truncated ? call(natives.stringSlice, text, 0, MAX_CAPTURED_CHARS) : text;
  return { type: 'text', data, size: utf8Length(text), truncated };
}

function bytesPayload(buffer: ArrayBufferLike, offset: number, length: number): Payload {
  const kept = length > MAX_CAPTURED_BYTES ? MAX_CAPTURED_BYTES : length;
  const view = new natives.Uint8Array(buffer, offset, kept);
  const copy = call(natives.uint8ArraySlice, view) as Uint8Array;
  return { type: 'binary', data: copy.buffer as ArrayBuffer, size: length, truncated: kept < length };
}

export function arrayBufferPayload(buffer: ArrayBuffer): Payload {
  return bytesPayload(buffer, 0, call(natives.arrayBufferByteLength, buffer));
}

export function viewPayload(view: ArrayBufferView): Payload {
  if (natives.isDataView(view)) {
    return bytesPayload(
      call(natives.dataViewBuffer, view),
      call(natives.dataViewByteOffset, view),
      call(natives.dataViewByteLength, view),
    );
  }
  return bytesPayload(
    call(natives.typedArrayBuffer, view),
    call(natives.typedArrayByteOffset, view),
    call(natives.typedArrayByteLength, view),
  );
}

/** Reads at most MAX_CAPTURED_BYTES of a Blob; never rejects (an unreadable Blob keeps its size, no bytes). */
export function blobPayload(blob: Blob): Promise<Payload> {
  const size = call(natives.blobSize, blob);
  const kept = size > MAX_CAPTURED_BYTES ? MAX_CAPTURED_BYTES : size;
  const head = call(natives.blobSlice, blob, 0, kept) as Blob;
  const read = call(natives.blobArrayBuffer, head) as Promise<ArrayBuffer>;
  return call(
    natives.promiseThen,
    read,
    (data: ArrayBuffer): Payload => ({ type: 'binary', data, size, truncated: kept < size }),
    (): Payload => ({ type: 'binary', data: new natives.ArrayBuffer(0), size, truncated: size > 0 }),
  ) as Promise<Payload>;
}

// Brand checks rather than instanceof: a buffer or Blob made in another frame's
// realm fails instanceof here but is still a buffer or Blob to send().
export function isArrayBuffer(value: unknown): value is ArrayBuffer {
  if (typeof value !== 'object' || value === null) return false;
  try {
    call(natives.arrayBufferByteLength, value);
    return true;
  } catch {
    return false;
  }
}

export function isBlob(value: unknown): value is Blob {
  if (typeof value !== 'object' || value === null) return false;
  try {
    call(natives.blobSize, value);
    return true;
  } catch {
    return false;
  }
}

/** Payload of binary or text data; null for a Blob (read it with blobPayload). */
export function dataPayload(data: string | ArrayBuffer | ArrayBufferView | Blob): Payload | null {
  if (typeof data === 'string') return textPayload(data);
  if (natives.isView(data)) return viewPayload(data);
  if (isArrayBuffer(data)) return arrayBufferPayload(data);
  return null;
}
