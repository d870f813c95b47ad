/**
 * Blobs that hold the same bytes as a batch's payloads in the worker's memory:
 * in Chrome the relay sends a batch's chunks in one Blob (protocol/batch.ts)
 * and we read it into one ArrayBuffer. Until the batch's frames are stored,
 * packFrames puts that Blob whole into the row, by reference: the bytes do not
 * travel to the browser a second time (a copy in the worker and two on the
 * browser's IO thread; even a slice of a Blob is copied there). Only a saving:
 * bytes without a Blob are packed as they are, as in Firefox.
 */
const blobs = new WeakMap<ArrayBufferLike, Blob>();

export function keepChunkBlob(bytes: ArrayBuffer, blob: Blob): void {
  if (blob.size === bytes.byteLength) blobs.set(bytes, blob);
}

/** Its frames are stored (or will be packed without it): the browser may free the Blob's copy. */
export function dropChunkBlob(bytes: ArrayBuffer): void {
  blobs.delete(bytes);
}

/** The Blob that holds all of `buffer`'s bytes, if one does. */
export function chunkBlob(buffer: ArrayBufferLike): Blob | undefined {
  return blobs.get(buffer);
}
