import { describe, expect, it, vi } from 'vitest';
import { BATCH_MS, BATCH_RECORDS, batchedIngest } from './batched-ingest';

function target() {
  const calls: (number[] | 'close')[] = [];
  return { calls, ingest: (records: number[]) => void calls.push(records), close: () => void calls.push('close') };
}

describe('batchedIngest', () => {
  it('files what came within BATCH_MS as one ingest, in order', () => {
    vi.useFakeTimers();
    const t = target();
    const batched = batchedIngest(t);
    batched.ingest([1]);
    batched.ingest([2, 3]);
    expect(t.calls).toEqual([]);
    vi.advanceTimersByTime(BATCH_MS);
    expect(t.calls).toEqual([[1, 2, 3]]);
    batched.ingest([4]);
    vi.advanceTimersByTime(BATCH_MS);
    expect(t.calls).toEqual([[1, 2, 3], [4]]);
    vi.useRealTimers();
  });

  it('files at once when BATCH_RECORDS wait, and keeps no timer for them', () => {
    vi.useFakeTimers();
    const t = target();
    const batched = batchedIngest(t);
    const many = Array.from({ length: BATCH_RECORDS }, (_, i) => i);
    batched.ingest(many.slice(0, 10));
    batched.ingest(many.slice(10));
    expect(t.calls).toEqual([many]);
    vi.advanceTimersByTime(BATCH_MS);
    expect(t.calls).toEqual([many]);
    vi.useRealTimers();
  });

  it('files every ingest at once with ms 0', () => {
    const t = target();
    const batched = batchedIngest(t, 0);
    batched.ingest([1]);
    batched.ingest([2]);
    expect(t.calls).toEqual([[1], [2]]);
  });

  it('files what waits before closing, and keeps the other methods', () => {
    const t = { ...target(), payloadLimit: () => 7 };
    const batched = batchedIngest(t);
    batched.ingest([1]);
    batched.close();
    expect(t.calls).toEqual([[1], 'close']);
    expect(batched.payloadLimit()).toBe(7);
  });
});
