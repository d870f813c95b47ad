/**
 * Connections as tools list them and summaries of one: state, URL, traffic,
 * the protocol decoders recognised, and what went wrong. Pure, over the
 * shared session model (lib/session.ts) and statistics (lib/stats.ts).
 */
import type { Connection } from '../../lib/session';
import { sessionStats } from '../../lib/stats';
import { isoTime } from '../../lib/logs/records';
import type { DecodedRecords, Frame } from './frame-query';

export interface ConnectionView {
  conn: string;
  url: string;
  state: Connection['state'];
  /** 0 for the top frame. */
  frameId: number;
  frameUrl: string;
  /** The subprotocol the server chose. */
  subprotocol?: string;
  /** What the decoders recognised (socket.io, stomp, json-rpc…). */
  decodedProtocol?: string;
  sent: { frames: number; bytes: number };
  received: { frames: number; bytes: number };
  createdAt: string;
  closedAt?: string;
  close?: Connection['close'];
  /** An error event fired (a failed handshake or a broken connection). */
  error?: true;
  /** The handshake's HTTP status, when the browser reported it. */
  handshakeStatus?: number;
  /** Known only from its handshake (a worker's socket): no frames, no actions. */
  readOnly?: true;
}

export function connectionView(connection: Connection, decoded: DecodedRecords): ConnectionView {
  const protocol = decoded.protocol(connection.id);
  return {
    conn: connection.id,
    url: connection.url,
    state: connection.state,
    frameId: connection.frameId,
    frameUrl: connection.frameUrl,
    ...(connection.protocol && { subprotocol: connection.protocol }),
    ...(protocol && { decodedProtocol: protocol }),
    sent: { frames: connection.sent.count, bytes: connection.sent.bytes },
    received: { frames: connection.received.count, bytes: connection.received.bytes },
    createdAt: isoTime(connection.createdAt),
    ...(connection.closedAt !== undefined && { closedAt: isoTime(connection.closedAt) }),
    ...(connection.close && { close: connection.close }),
    ...(connection.error && { error: true as const }),
    ...(connection.handshake && { handshakeStatus: connection.handshake.status }),
    ...(connection.readOnly && { readOnly: true as const }),
  };
}

export interface ConnectionSummary extends ConnectionView {
  durationMs: number;
  /** Frames per second over the span from the first to the last frame. */
  rates: { sentPerSecond: number; receivedPerSecond: number; peakFramesPerSecond: number };
  /** The most frequent decoded messages, with latency where requests were answered. */
  topMessages: {
    protocol: string;
    kind: string;
    name: string;
    count: number;
    bytes: number;
    unanswered: number;
    latencyMs?: { p50: number; p95: number };
  }[];
  heartbeats: { protocol: string; kind: string; dir: string; count: number; meanIntervalMs: number }[];
  /** What went wrong, in words, most telling first; empty when nothing did. */
  problems: string[];
  intercepted: Record<string, number>;
}

const TOP = 10;
const round = (n: number) => Math.round(n * 100) / 100;

export function summarizeConnection(connection: Connection, decoded: DecodedRecords): ConnectionSummary {
  const stats = sessionStats(connection.records, decoded.messages);
  const frames = connection.records.filter((r): r is Frame => r.kind === 'frame');
  const span = stats.durationMs / 1000;
  const perBucket = stats.rates.sentFrames.map((n, i) => n + stats.rates.receivedFrames[i]!);
  const problems: string[] = [];
  const handshake = connection.handshake;
  if (handshake && (handshake.status !== 101 || handshake.error))
    problems.push(
      `The handshake failed: ${handshake.error || `HTTP ${handshake.status} ${handshake.statusLine}`.trim()}.`,
    );
  if (connection.error) problems.push('An error event fired on the socket.');
  const close = connection.close;
  if (close && (!close.wasClean || (close.code !== 1000 && close.code !== 1001 && close.code !== 1005)))
    problems.push(
      `Closed with code ${close.code}${close.reason ? ` "${close.reason}"` : ''} by ${close.by}${close.wasClean ? '' : ', unclean'}.`,
    );
  const decodeErrors = frames.flatMap((frame) => {
    const error = decoded.fields(frame)?.error;
    return error ? [`seq ${frame.seq}: ${error}`] : [];
  });
  if (decodeErrors.length)
    problems.push(
      `${decodeErrors.length} frame(s) could not be decoded, first ${decodeErrors.slice(0, 3).join('; ')}.`,
    );
  const unanswered = stats.names.reduce((n, row) => n + row.unanswered, 0);
  if (unanswered) problems.push(`${unanswered} request(s) got no reply.`);
  const cut = frames.filter((f) => f.truncated).length;
  if (cut) problems.push(`${cut} frame(s) were cut at the extension's payload limit.`);
  const intercepted: Record<string, number> = {};
  for (const frame of frames)
    if (frame.intercept) intercepted[frame.intercept.action] = (intercepted[frame.intercept.action] ?? 0) + 1;
  return {
    ...connectionView(connection, decoded),
    durationMs: round(stats.durationMs),
    rates: {
      sentPerSecond: span > 0 ? round(connection.sent.count / span) : 0,
      receivedPerSecond: span > 0 ? round(connection.received.count / span) : 0,
      peakFramesPerSecond: perBucket.length ? round(Math.max(...perBucket) / stats.rates.step) : 0,
    },
    topMessages: stats.names.slice(0, TOP).map((row) => ({
      protocol: row.protocol,
      kind: row.kind,
      name: row.name,
      count: row.count,
      bytes: row.bytes,
      unanswered: row.unanswered,
      ...(row.latency && { latencyMs: { p50: round(row.latency.p50), p95: round(row.latency.p95) } }),
    })),
    heartbeats: stats.heartbeats.map((beat) => ({
      protocol: beat.protocol,
      kind: beat.kind,
      dir: beat.dir,
      count: beat.count,
      meanIntervalMs: round(beat.meanIntervalMs),
    })),
    problems,
    intercepted,
  };
}
