import { describe, expect, it, vi } from 'vitest';

// natives.ts takes the page's built-ins at document_start (some only a browser has): plain arrays here.
vi.mock('./natives', () => ({ ownArray: () => [], natives: { ArrayBuffer } }));

import { MAX_UNACKED, openUnacked } from './unacked';
import { FLAG_BINARY, FLAG_FRAME, FLAG_SENT, readBatch, type HookBatch } from '../protocol/batch';

const batch = (name: string, chunks: ArrayBuffer[] = []): HookBatch =>
  ({ count: 1, numbers: new Float64Array(5), flags: new Uint8Array(1), items: [name], chunks, bytes: 2 }) as HookBatch;
const names = (batches: HookBatch[]) => batches.map((b) => b.items[0] as string);

describe('openUnacked', () => {
  it('numbers posted batches and hands over, in order, those the relay has not taken, then the unposted ones', () => {
    const unacked = openUnacked();
    const posted = ['a', 'b', 'c'].map((name) => batch(name));
    for (const b of posted) unacked.posting(b);
    expect(posted.map((b) => b.seq)).toEqual([0, 1, 2]);
    unacked.acked(1); // the relay took a
    const pending = batch('d');
    const last = unacked.handOver([pending]);
    expect(last.first).toBe(1);
    expect(names(last.batches)).toEqual(['b', 'c', 'd']);
    expect(pending.seq).toBe(3);
    // Handed over: kept no more, and numbering goes on.
    expect(unacked.handOver([]).batches).toEqual([]);
    const after = batch('e');
    unacked.posting(after);
    expect(after.seq).toBe(4);
    expect(unacked.handOver([])).toEqual({ first: 4, batches: [after] });
  });

  it('hands over a batch whose chunks went with it with its binary frames cut at 0 bytes: the records, not bytes it no longer has', () => {
    const unacked = openUnacked();
    unacked.posting(batch('text'));
    const chunk = new ArrayBuffer(8);
    const binary: HookBatch = {
      count: 2,
      numbers: new Float64Array([1, 5, 8, 0, 8, 1, 6, 0, 0, 0]),
      flags: new Uint8Array([FLAG_FRAME | FLAG_BINARY | FLAG_SENT, 0]),
      items: [0, { kind: 'open', sid: 1, t: 6 }],
      chunks: [chunk],
      bytes: 8,
    };
    unacked.posting(binary);
    structuredClone(chunk, { transfer: [chunk] }); // posted: the chunk went to the relay
    unacked.posting(batch('more text'));
    const { batches } = unacked.handOver([]);
    expect(names([batches[0]!, batches[2]!])).toEqual(['text', 'more text']);
    const read = readBatch(structuredClone(batches[1]));
    if (!read.ok) throw new Error(read.error);
    expect(read.records).toEqual([
      { kind: 'frame', sid: 1, t: 5, dir: 'sent', type: 'binary', data: new Uint8Array(0), size: 8, truncated: true },
      { kind: 'open', sid: 1, t: 6 },
    ]);
  });

  it('lets go of everything acknowledged, and of the oldest beyond MAX_UNACKED (a relay that stopped answering)', () => {
    const unacked = openUnacked();
    for (let i = 0; i < 3; i++) unacked.posting(batch(`${i}`));
    unacked.acked(3);
    expect(unacked.handOver([])).toEqual({ first: 3, batches: [] });
    for (let i = 0; i < MAX_UNACKED + 10; i++) unacked.posting(batch(`${i}`));
    const last = unacked.handOver([]);
    expect(last.batches).toHaveLength(MAX_UNACKED);
    expect(last.first).toBe(3 + 10);
    unacked.acked(2); // a stale acknowledgement changes nothing
    expect(unacked.handOver([]).first).toBe(3 + MAX_UNACKED + 10);
  });
});
