import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../protocol/schema';
import { TabDecoding } from './decoders/tab-decoding';
import { MAX_BUCKETS, percentile, sessionStats } from './stats';

const T0 = 1_800_000_000_000;
function rpcSession(): SessionRecord[] {
  const list: SessionRecord[] = [];
  const at = { sid: 1, frameId: 0, conn: '1.1' };
  const add = (r: Record<string, unknown>) => list.push({ ...at, seq: list.length, ...r } as SessionRecord);
  const frame = (t: number, dir: string, data: string) =>
    add({ kind: 'frame', t, dir, type: 'text', size: data.length, truncated: false, data });
  add({ kind: 'create', t: T0, url: 'ws://rpc.test/', protocols: [], stack: '', frameUrl: '' });
  // Ten calls of "sum" answered after 10, 20 … 100 ms; one "mul" never answered; a ping every second.
  for (let i = 1; i <= 10; i++) {
    frame(T0 + i * 1000, 'sent', `{"jsonrpc":"2.0","method":"sum","params":[${i}],"id":${i}}`);
    frame(T0 + i * 1000 + i * 10, 'received', `{"jsonrpc":"2.0","result":${i},"id":${i}}`);
  }
  frame(T0 + 11_000, 'sent', '{"jsonrpc":"2.0","method":"mul","params":[],"id":99}');
  add({ kind: 'close', t: T0 + 12_000, code: 1000, reason: '', wasClean: true, by: 'page' });
  return list;
}

function statsOf(records: SessionRecord[]) {
  const decoding = new TabDecoding();
  decoding.update(records);
  return sessionStats(records, (r) => {
    const result = decoding.get(r.seq);
    return result && 'messages' in result ? result.messages : undefined;
  });
}

describe('session statistics', () => {
  it('counts messages per kind and name, with latency percentiles counted under the request', () => {
    const stats = statsOf(rpcSession());
    expect(stats.frames).toBe(21);
    const sum = stats.names.find((r) => r.kind === 'request' && r.name === 'sum')!;
    expect(sum).toMatchObject({ count: 10, unanswered: 0 });
    expect(sum.latency).toEqual({ count: 10, p50: 50, p95: 100, p99: 100 });
    expect(stats.names.find((r) => r.kind === 'result')).toMatchObject({ name: 'sum', count: 10 });
    expect(stats.names.find((r) => r.name === 'mul')).toMatchObject({ count: 1, unanswered: 1 });
    expect(sum.perSecond).toBeCloseTo(1, 5); // 10 calls over the 10 s from the first frame to the last
  });

  it('buckets frames and bytes per second in each direction', () => {
    const stats = statsOf(rpcSession());
    const { rates } = stats;
    expect(rates.step).toBe(0.25); // 10 s of frames: the finest step within MAX_BUCKETS
    expect(rates.sentFrames.reduce((a, b) => a + b)).toBe(11);
    expect(rates.receivedFrames.reduce((a, b) => a + b)).toBe(10);
    expect(rates.sentBytes.reduce((a, b) => a + b) + rates.receivedBytes.reduce((a, b) => a + b)).toBe(stats.bytes);
    expect(rates.t).toHaveLength(rates.sentFrames.length);
  });

  it('keeps any session within MAX_BUCKETS buckets', () => {
    const records = rpcSession();
    const last = records.findLast((r) => r.kind === 'frame')!;
    (last as { t: number }).t = T0 + 3 * 86_400_000; // three days later
    expect(statsOf(records).rates.t.length).toBeLessThanOrEqual(MAX_BUCKETS);
  });

  it('measures the intervals between heartbeats', () => {
    const list: SessionRecord[] = [];
    const at = { sid: 1, frameId: 0, conn: '1.1' };
    list.push({
      ...at,
      seq: 0,
      kind: 'create',
      t: T0,
      url: 'ws://x.test/socket.io/?EIO=4',
      protocols: [],
      stack: '',
      frameUrl: '',
    } as SessionRecord);
    [0, 25_000, 50_000, 80_000].forEach((dt, i) =>
      list.push({
        ...at,
        seq: i + 1,
        kind: 'frame',
        t: T0 + dt,
        dir: 'received',
        type: 'text',
        size: 1,
        truncated: false,
        data: '2',
      } as SessionRecord),
    );
    expect(statsOf(list).heartbeats).toEqual([
      {
        protocol: 'engine.io',
        kind: 'ping',
        dir: 'received',
        count: 4,
        meanIntervalMs: 80_000 / 3,
        maxIntervalMs: 30_000,
      },
    ]);
  });

  it('takes the nearest-rank percentile', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 99)).toBe(4);
    expect(percentile([], 50)).toBeNaN();
  });
});
