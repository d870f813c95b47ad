import { beforeEach, describe, expect, it, vi } from 'vitest';

// natives.ts takes the page's built-ins at document_start (some only a browser has): the pool's are the plain ones.
vi.mock('./natives', () => ({
  natives: { ArrayBuffer, Uint8Array, uint8ArraySet: Uint8Array.prototype.set },
  bare: <T extends object>(fields: T): T => Object.setPrototypeOf(fields, null) as T,
  call: (fn: (...args: unknown[]) => unknown, self: unknown, ...args: unknown[]) => Reflect.apply(fn, self, args),
}));
import { packed, packInto, sealBytes } from './byte-pool';

/** A copy made by packInto, as a view of where `packed` says it went (as payload.ts makes a record's). */
function packedCopy(source: ArrayBufferLike, offset: number, length: number): Uint8Array {
  packInto(source, offset, length);
  return new Uint8Array(packed.buffer, packed.offset, packed.length);
}

const frame = (n: number) => new Uint8Array(4096).fill(n & 0xff).buffer;

describe('byte pool', () => {
  beforeEach(() => sealBytes()); // a fresh batch of nothing: the smallest chunks

  it('packs a burst of 4 KiB frames made in one task into shared chunks once it has grown, not a buffer each', () => {
    const views = Array.from({ length: 400 }, (_, i) => packedCopy(frame(i), 0, 4096));
    const buffers = new Set(views.map((view) => view.buffer));
    // The first few take buffers of their own while the chunk size catches up with the burst.
    expect(buffers.size).toBeLessThan(40);
    expect(views.every((view, i) => view.length === 4096 && view[0] === (i & 0xff) && view[4095] === (i & 0xff))).toBe(
      true,
    );
  });

  it('says where packInto put each copy, side by side in one chunk, without a view per frame', () => {
    for (let i = 0; i < 400; i++) packInto(frame(i), 0, 4096); // the chunks have grown
    const places = [1, 2, 3].map((n) => {
      packInto(new Uint8Array([n, n, n]).buffer, 1, 2);
      return { ...packed };
    });
    expect(places.map((p) => p.buffer)).toEqual([places[0]!.buffer, places[0]!.buffer, places[0]!.buffer]);
    expect(places.map((p) => p.offset - places[0]!.offset)).toEqual([0, 2, 4]);
    expect(places.map((p) => [...new Uint8Array(p.buffer, p.offset, p.length)])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
  });

  it('keeps each copy apart from the source, which the page may change afterwards', () => {
    const source = new Uint8Array([1, 2, 3, 4, 5]);
    const copy = packedCopy(source.buffer, 1, 3);
    source.fill(9);
    expect([...copy]).toEqual([2, 3, 4]);
  });

  it('starts small again after a quiet batch: a lone small frame does not carry a large chunk', () => {
    for (let i = 0; i < 400; i++) packedCopy(frame(i), 0, 4096);
    sealBytes();
    sealBytes(); // a batch with no bytes
    const lone = packedCopy(new Uint8Array(100).buffer, 0, 100);
    expect(lone.buffer.byteLength).toBeLessThanOrEqual(4096);
  });
});
