/**
 * Turns what a page sent or received into frame payloads: text as is, binary
 * as our own copy (the page keeps its buffer untouched; the copy lives in
 * byte-pool.ts), Blobs read asynchronously. Each payload is cut at the limit
 * the options page sets (at most MAX_CAPTURED_BYTES: bytes, or characters of
 * a text); the cut part is not even copied. Sizes are always the true sizes.
 *
 * Copies are made with `new` + `set` rather than `slice`: slice looks up
 * `constructor` (species) on the page's prototypes, which a page can observe.
 */
import { MAX_CAPTURED_BYTES } from '../protocol/limits';
import { UNMEASURED } from '../protocol/batch';
import { utf8Length } from '../lib/utf8';
import { call, natives } from './natives';
import { packed, packInto } from './byte-pool';
import type { HookRecord } from '../protocol/schema';

export type Payload =
  | { type: 'text'; data: string; size: number; truncated: boolean }
  | { type: 'binary'; data: Uint8Array; size: number; truncated: boolean };

/** Bytes (or characters of a text) kept of each payload: settings.ts's maxPayloadBytes, sent by the background. */
let limit = MAX_CAPTURED_BYTES;

/** Takes a new limit from the relay; anything that is not a whole number in range is ignored. */
export function setPayloadLimit(bytes: unknown): void {
  if (typeof bytes === 'number' && bytes === natives.floor(bytes) && bytes >= 1 && bytes <= MAX_CAPTURED_BYTES)
    limit = bytes;
}

/** Whether a text is kept whole (not cut at the limit). */
export function keepsWhole(text: string): boolean {
  return text.length <= limit;
}

/**
 * A text payload. Its UTF-8 size is left for the background to measure
 * (UNMEASURED) unless the text is cut: then only we know the whole text.
 */
export function textPayload(text: string): Payload {
  const truncated = text.length > limit;
  const data = truncated ? call(natives.stringSlice, text, 0, limit) : text;
  return { type: 'text', data, size: truncated ? utf8Size(text) : UNMEASURED, truncated };
}

/** The payload's true size, measured now if the background was to do it. */
export function measuredSize(payload: Payload): number {
  return payload.size === UNMEASURED && payload.type === 'text' ? utf8Size(payload.data) : payload.size;
}

/** Bytes a frame takes on the wire (its payload): a held frame is text, an ArrayBuffer or a Blob. */
export function frameBytes(data: unknown): number {
  if (typeof data === 'string') return utf8Size(data);
  if (isArrayBuffer(data)) return call(natives.arrayBufferByteLength, data);
  if (isBlob(data)) return call(natives.blobSize, data);
  return 0;
}

function utf8Size(text: string): number {
  // Most texts are ASCII, and then the UTF-8 size is the length: one native scan instead of a loop.
  return call(natives.regExpExec, NON_ASCII, text) === null ? text.length : utf8Length(text, natives.charCodeAtOf);
}

/** Any UTF-16 unit outside ASCII. Our own RegExp: exec on it reads nothing a page can change. */
const NON_ASCII = new natives.RegExp('[^\\x00-\\x7f]');

interface ViewParts {
  buffer: ArrayBufferLike;
  offset: number;
  length: number;
}

/** A view's buffer, offset and length, read with the natives (an object: array destructuring would call the page's iterator). */
function viewParts(view: ArrayBufferView): ViewParts {
  try {
    const buffer = call(natives.typedArrayBuffer, view);
    return {
      buffer,
      offset: call(natives.typedArrayByteOffset, view),
      length: call(natives.typedArrayByteLength, view),
    };
  } catch {
    // Not a typed array: a DataView (brand checks, not instanceof; see natives.ts).
    const buffer = call(natives.dataViewBuffer, view);
    try {
      return { buffer, offset: call(natives.dataViewByteOffset, view), length: call(natives.dataViewByteLength, view) };
    } catch {
      return { buffer, offset: 0, length: 0 }; // its buffer was detached: an empty frame goes out
    }
  }
}

function wholeCopy(buffer: ArrayBufferLike, offset: number, length: number): ArrayBuffer {
  const copy = new natives.ArrayBuffer(length);
  // Length 0 may be a detached buffer, which cannot even be viewed.
  if (length > 0)
    call(natives.uint8ArraySet, new natives.Uint8Array(copy), new natives.Uint8Array(buffer, offset, length));
  return copy;
}

/** A captured payload's bytes in a buffer of their own (to transfer it: the chunk it lives in is shared). */
export function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  const buffer = call(natives.typedArrayBuffer, bytes);
  return wholeCopy(buffer, call(natives.typedArrayByteOffset, bytes), call(natives.typedArrayByteLength, bytes));
}

/** The record with its bytes in a buffer of their own, which no batch transfers: it waits while batches go. */
export function recordApart(record: HookRecord): HookRecord {
  if (record.kind === 'frame' && record.type === 'binary') record.data = new natives.Uint8Array(ownBuffer(record.data));
  return record;
}

/**
 * What send() was given, as something a later native send() may take: text
 * and Blobs as they are (immutable), bytes copied whole (the page may change
 * its buffer meanwhile, and natively the bytes are taken at the call).
 */
export function sendableCopy(data: unknown): string | Blob | ArrayBuffer | null {
  if (typeof data === 'string' || isBlob(data)) return data;
  if (natives.isView(data)) {
    const { buffer, offset, length } = viewParts(data as ArrayBufferView);
    return wholeCopy(buffer, offset, length);
  }
  if (isArrayBuffer(data)) return wholeCopy(data, 0, call(natives.arrayBufferByteLength, data));
  return null;
}

/** Reads at most `limit` bytes of a Blob, then calls `done`; an unreadable Blob keeps its size, no bytes. */
export function readBlob(blob: Blob, done: (payload: Payload) => void): void {
  const size = call(natives.blobSize, blob);
  const kept = size > limit ? limit : size;
  // A FileReader of our own: Blob.arrayBuffer() would hand us a page-realm promise,
  // and every `then` on it looks up `constructor` where a page can see it.
  const reader = new natives.FileReader();
  call(natives.addEventListener, reader, 'loadend', () => {
    const data = call(natives.fileReaderResult, reader);
    done(
      isArrayBuffer(data)
        ? { type: 'binary', data: new natives.Uint8Array(data), size, truncated: kept < size }
        : { type: 'binary', data: new natives.Uint8Array(0), size, truncated: size > 0 },
    );
  });
  call(natives.readAsArrayBuffer, reader, call(natives.blobSlice, blob, 0, kept));
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

/**
 * Binary `data` (an ArrayBuffer or a view) copied into the byte pool up to the
 * limit, with no payload or record object: byte-pool's `packed` says where the
 * kept bytes are. Returns the true size, or -1 when `data` is not binary.
 */
export function packBinary(data: unknown): number {
  let buffer: ArrayBufferLike;
  let offset = 0;
  let length: number;
  if (natives.isView(data)) ({ buffer, offset, length } = viewParts(data as ArrayBufferView));
  else if (isArrayBuffer(data)) {
    buffer = data;
    length = call(natives.arrayBufferByteLength, data);
  } else return -1;
  packInto(buffer, offset, length > limit ? limit : length);
  return length;
}

/** Payload of text or binary data; null for a Blob (read it with readBlob). */
export function dataPayload(data: unknown): Payload | null {
  if (typeof data === 'string') return textPayload(data);
  const size = packBinary(data);
  if (size < 0) return null;
  const { buffer, offset, length } = packed;
  return { type: 'binary', data: new natives.Uint8Array(buffer, offset, length), size, truncated: length < size };
}
