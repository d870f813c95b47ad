import { describe, expect, it } from 'vitest';
import { chunkRecords, fittingCount, recordBytes } from './chunks';
import type { SessionRecord } from './schema';

const frame = (seq: number, chars: number): SessionRecord => ({
  kind: 'frame',
  sid: 1,
  t: 1,
  dir: 'received',
  type: 'text',
  data: 'x'.repeat(chars),
  size: chars,
  truncated: false,
  seq,
  conn: '1.1',
  frameId: 0,
});

describe('chunkRecords', () => {
  it('counts strings at two bytes a character, the most a structured clone takes', () => {
    expect(recordBytes(frame(0, 1000))).toBeGreaterThanOrEqual(2000);
  });

  it('counts binary payloads byte for byte', () => {
    const bytes = (length: number) =>
      ({ ...frame(0, 0), type: 'binary', data: new Uint8Array(length) }) as SessionRecord;
    expect(recordBytes(bytes(100_000)) - recordBytes(bytes(0))).toBe(100_000);
  });

  it('counts the buffers views of a batch live in once per message, whole', () => {
    const chunk = new ArrayBuffer(50_000);
    const view = (seq: number, offset: number) =>
      ({ ...frame(seq, 0), type: 'binary', data: new Uint8Array(chunk, offset, 1000) }) as SessionRecord;
    const buffers = new Set<ArrayBufferLike>();
    const base = recordBytes(frame(0, 0));
    expect(recordBytes(view(0, 0), buffers)).toBe(base + 50_000);
    expect(recordBytes(view(1, 1000), buffers)).toBe(base);
    // Two records of one 50 kB chunk fit a 60 kB message; without the set each would count 50 kB.
    expect(chunkRecords([view(0, 0), view(1, 1000), view(2, 2000)], 60_000)).toHaveLength(1);
    expect(fittingCount([view(0, 0), view(1, 1000)], 60_000)).toBe(2);
  });

  it('cuts records into runs within the byte bound, in order, losing none', () => {
    const records = Array.from({ length: 100 }, (_, i) => frame(i, 1000 + (i % 7) * 500));
    const chunks = chunkRecords(records, 20_000);
    expect(chunks.flat()).toEqual(records);
    for (const chunk of chunks) expect(chunk.reduce((n, r) => n + recordBytes(r), 0)).toBeLessThanOrEqual(20_000);
    expect(chunks.length).toBeGreaterThan(10);
  });

  it('sends a record bigger than the bound alone rather than never', () => {
    const chunks = chunkRecords([frame(0, 10), frame(1, 50_000), frame(2, 10)], 20_000);
    expect(chunks.map((chunk) => chunk.map((r) => r.seq))).toEqual([[0], [1], [2]]);
  });

  it('cuts small records into runs of at most maxRecords, so a client applies each message in a short task', () => {
    const records = Array.from({ length: 25 }, (_, i) => frame(i, 10));
    const chunks = chunkRecords(records, 1e9, 10);
    expect(chunks.map((chunk) => chunk.length)).toEqual([10, 10, 5]);
    expect(chunks.flat()).toEqual(records);
  });

  it('says how many records from the start fit, at least one', () => {
    const records = [frame(0, 4000), frame(1, 4000), frame(2, 4000)];
    expect(fittingCount(records, 17_000)).toBe(2);
    expect(fittingCount(records, 10)).toBe(1);
    expect(fittingCount(records, 1e9, 2)).toBe(2);
    expect(fittingCount([], 10)).toBe(0);
  });
});
