import { describe, expect, it, vi } from 'vitest';

// natives.ts takes the page's built-ins at document_start (some only a browser has): the writer's are the plain ones.
vi.mock('./natives', () => {
  const typedArray = Object.getPrototypeOf(Uint8Array.prototype) as object;
  const getter = (name: string) => Object.getOwnPropertyDescriptor(typedArray, name)!.get!;
  return {
    natives: {
      ArrayBuffer,
      Float64Array,
      Uint8Array,
      hasOwn: Object.hasOwn,
      uint8ArraySet: Uint8Array.prototype.set,
      typedArrayBuffer: getter('buffer'),
      typedArrayByteLength: getter('byteLength'),
      typedArrayByteOffset: getter('byteOffset'),
    },
    call: (fn: (...args: unknown[]) => unknown, self: unknown, ...args: unknown[]) => Reflect.apply(fn, self, args),
    ownArray: () => Object.setPrototypeOf([], null) as unknown[],
  };
});
import { openBatchWriter } from './batch-writer';
import { readBatch, UNMEASURED } from '../protocol/batch';
import type { HookRecord } from '../protocol/schema';

const text = (sid: number, t: number, dir: 'sent' | 'received', data: string) =>
  ({ kind: 'frame', sid, t, dir, type: 'text', data, size: UNMEASURED, truncated: false }) as HookRecord;

describe('openBatchWriter', () => {
  it('writes a text through addText into the same columns add() writes for its record', () => {
    const frames: [number, number, boolean, string][] = [
      [1, 10.5, true, 'hello'],
      [2, 11.25, false, ''],
      [1, 12, false, 'ünï 😀'],
    ];
    const viaAdd = openBatchWriter();
    const viaText = openBatchWriter();
    for (const [sid, t, sent, data] of frames) {
      viaAdd.add(text(sid, t, sent ? 'sent' : 'received', data));
      viaText.addText(sid, t, sent, data);
    }
    // As the relay gets them: cloned (the writer's arrays have no prototype).
    const a = structuredClone(viaAdd.take().batch);
    const b = structuredClone(viaText.take().batch);
    expect(b).toEqual(a);
    const read = readBatch(b);
    if (!read.ok) throw new Error(read.error);
    expect(read.records.map((r) => (r as { size: number }).size)).toEqual([5, 0, 10]);
  });

  it('writes a binary frame through addBinary into the same columns add() writes for its record', () => {
    const chunk = new Uint8Array([9, 1, 2, 3, 4, 5, 6]).buffer;
    const viaAdd = openBatchWriter();
    const viaBinary = openBatchWriter();
    const frames: [number, boolean, number, number, number][] = [
      [1, true, 3, 1, 3], // sid, sent, size, offset, kept length
      [2, false, 10, 4, 3], // cut: 3 of 10 bytes kept
    ];
    for (const [sid, sent, size, offset, length] of frames) {
      viaAdd.add({
        kind: 'frame',
        sid,
        t: 5,
        dir: sent ? 'sent' : 'received',
        type: 'binary',
        data: new Uint8Array(chunk, offset, length),
        size,
        truncated: length < size,
      } as HookRecord);
      viaBinary.addBinary(sid, 5, sent, size, chunk, offset, length);
    }
    const a = viaAdd.take();
    const b = viaBinary.take();
    expect(b.buffers).toEqual(a.buffers); // the one chunk (the columns are cloned, not moved)
    expect(structuredClone(b.batch)).toEqual(structuredClone(a.batch));
    const read = readBatch(structuredClone(b.batch));
    if (!read.ok) throw new Error(read.error);
    expect(read.records.map((r) => [(r as { size: number }).size, (r as { truncated: boolean }).truncated])).toEqual([
      [3, false],
      [10, true],
    ]);
  });

  it('counts a text toward full() as add() does', () => {
    const writer = openBatchWriter();
    writer.addText(1, 1, false, 'x'.repeat(3 * 1024 * 1024));
    expect(writer.full()).toBe(true);
  });
});
