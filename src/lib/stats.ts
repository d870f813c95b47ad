/**
 * Statistics of a session's frames (issue 19), pure so the panel, the CLI and
 * tests compute them alike: frames and bytes per second over time, each
 * message kind and name with its count, bytes and rate, latency percentiles
 * of request↔reply pairs per name, and the intervals between heartbeats.
 */
import type { SessionRecord } from '../protocol/schema';
import type { LinkedMessage } from './decoders/correlate';

export interface RateSeries {
  /** Start of each bucket, seconds since the epoch (uPlot's x). */
  t: number[];
  sentFrames: number[];
  receivedFrames: number[];
  sentBytes: number[];
  receivedBytes: number[];
  /** Bucket width in seconds. */
  step: number;
}

export interface NameRow {
  protocol: string;
  kind: string;
  name: string;
  count: number;
  bytes: number;
  /** Messages per second over the whole span of the frames counted (first to last frame of any name). */
  perSecond: number;
  /** Latencies of replies to requests of this name, ms (absent when none was answered). */
  latency?: { count: number; p50: number; p95: number; p99: number };
  /** Requests of this name without a reply: still waiting, or never to get one (closed, id reused). */
  unanswered: number;
}

export interface HeartbeatRow {
  protocol: string;
  kind: string;
  dir: 'sent' | 'received';
  count: number;
  meanIntervalMs: number;
  maxIntervalMs: number;
}

export interface SessionStats {
  frames: number;
  bytes: number;
  durationMs: number;
  rates: RateSeries;
  names: NameRow[];
  heartbeats: HeartbeatRow[];
}

/** At most this many buckets in the rate series: enough for a chart, cheap for any session. */
export const MAX_BUCKETS = 60;
const STEPS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400];

type Frame = Extract<SessionRecord, { kind: 'frame' }>;

/** The nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function sessionStats(
  records: readonly SessionRecord[],
  decoded: (record: SessionRecord) => readonly LinkedMessage[] | undefined = () => undefined,
): SessionStats {
  const frames = records.filter((r): r is Frame => r.kind === 'frame');
  const first = frames[0]?.t ?? 0;
  const last = frames.at(-1)?.t ?? first;
  const durationMs = last - first;
  const step = STEPS.find((s) => durationMs / 1000 / s <= MAX_BUCKETS) ?? STEPS.at(-1)!;
  const start = Math.floor(first / 1000 / step) * step;
  const buckets = frames.length ? Math.floor((last / 1000 - start) / step) + 1 : 0;
  const rates: RateSeries = {
    t: Array.from({ length: buckets }, (_, i) => start + i * step),
    sentFrames: new Array<number>(buckets).fill(0),
    receivedFrames: new Array<number>(buckets).fill(0),
    sentBytes: new Array<number>(buckets).fill(0),
    receivedBytes: new Array<number>(buckets).fill(0),
    step,
  };
  const names = new Map<string, NameRow & { latencies: number[] }>();
  /** Request names by seq, so a reply counts its latency under what was asked. */
  const requestName = new Map<number, string>();
  const beats = new Map<string, HeartbeatRow & { lastAt: number; total: number }>();
  let bytes = 0;
  for (const frame of frames) {
    bytes += frame.size;
    const bucket = Math.min(buckets - 1, Math.floor((frame.t / 1000 - start) / step));
    const sent = frame.dir === 'sent';
    (sent ? rates.sentFrames : rates.receivedFrames)[bucket]! += 1;
    (sent ? rates.sentBytes : rates.receivedBytes)[bucket]! += frame.size;
    const messages = decoded(frame);
    if (!messages) continue;
    for (const message of messages) {
      if (message.control) {
        const key = `${message.protocol}\0${message.kind}\0${frame.dir}`;
        const beat = beats.get(key);
        if (!beat) {
          const row = {
            protocol: message.protocol,
            kind: message.kind,
            dir: frame.dir,
            count: 1,
            meanIntervalMs: 0,
            maxIntervalMs: 0,
          };
          beats.set(key, { ...row, lastAt: frame.t, total: 0 });
        } else {
          const gap = frame.t - beat.lastAt;
          beat.count++;
          beat.total += gap;
          beat.maxIntervalMs = Math.max(beat.maxIntervalMs, gap);
          beat.lastAt = frame.t;
        }
        continue;
      }
      const name = message.name ?? '';
      const key = `${message.protocol}\0${message.kind}\0${name}`;
      let row = names.get(key);
      if (!row) {
        row = {
          protocol: message.protocol,
          kind: message.kind,
          name,
          count: 0,
          bytes: 0,
          perSecond: 0,
          unanswered: 0,
          latencies: [],
        };
        names.set(key, row);
      }
      row.count++;
      // A frame's bytes go to its first message: a batch's bytes are not counted twice.
      if (message === messages[0]) row.bytes += frame.size;
      if (message.pair?.role === 'request' && !message.replies) row.unanswered++;
      if (message.pair?.role === 'request' || message.pair?.role === 'stream-start') requestName.set(frame.seq, key);
      if (message.replyTo !== undefined && message.latencyMs !== undefined && message.pair?.role === 'reply') {
        const asked = names.get(requestName.get(message.replyTo) ?? '');
        (asked ?? row).latencies.push(message.latencyMs);
      }
    }
  }
  return {
    frames: frames.length,
    bytes,
    durationMs,
    rates,
    names: [...names.values()]
      .map(({ latencies, ...row }) => {
        const span = durationMs / 1000;
        const sorted = latencies.sort((a, b) => a - b);
        return {
          ...row,
          perSecond: span > 0 ? row.count / span : 0,
          ...(sorted.length && {
            latency: {
              count: sorted.length,
              p50: percentile(sorted, 50),
              p95: percentile(sorted, 95),
              p99: percentile(sorted, 99),
            },
          }),
        };
      })
      .sort((a, b) => b.count - a.count),
    heartbeats: [...beats.values()].map(({ lastAt: _, total, ...row }) => ({
      ...row,
      meanIntervalMs: row.count > 1 ? total / (row.count - 1) : 0,
    })),
  };
}
