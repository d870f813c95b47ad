/**
 * What a replay does, read from a recorded connection: which URL and
 * subprotocols to open, the client frames to send with their offsets from the
 * open, how many server frames came before each, and how the page closed.
 * Pure, so the plan is unit-tested apart from the sockets (src/cli/replay.ts
 * runs it with `ws`, src/cli/mock.ts serves the other side).
 */
import type { SessionRecord } from '../../protocol/schema';
import { groupByConnection, type ConnectionLog, type FrameSessionRecord } from '../logs/records';

export interface ReplayFrame {
  /** 1-based position among the connection's frames, as the diff names it. */
  index: number;
  /** Milliseconds after the connection opened. */
  offsetMs: number;
  type: 'text' | 'binary';
  data: string | Uint8Array;
  /** How many server frames the recording had received before this one. */
  receivedBefore: number;
}

export interface ReplayPlan {
  conn: string;
  url: string;
  protocols: string[];
  /** The page's origin, sent as Origin (servers check it). */
  origin?: string;
  sends: ReplayFrame[];
  /** Server frames of the recording, with their offsets: what a replay expects back (and a mock sends). */
  receives: ReplayFrame[];
  /** The page closed the socket: code, reason and offset. */
  pageClose?: { code: number; reason: string; offsetMs: number };
  /** The server closed it. */
  serverClose?: { code: number; reason: string; offsetMs: number };
  /** The connection was recorded; the log holds its frames and records in this order. */
  records: SessionRecord[];
}

export interface ConnectionChoice {
  conn: string;
  url: string;
  frames: number;
}

/** Connections a replay can choose from: those the page hook saw (a handshake-only one has no frames to send). */
export function replayableConnections(records: readonly SessionRecord[]): ConnectionLog[] {
  return groupByConnection(records).filter((log) => (log.create as { source?: string }).source !== 'webrequest');
}

/**
 * The connection `choice` names: its id ("3.1"), or its 1-based number in the
 * log. With no choice, the only connection, or an error listing them.
 */
export function pickConnection(records: readonly SessionRecord[], choice?: string): ConnectionLog | { error: string } {
  const logs = replayableConnections(records);
  if (!logs.length) return { error: 'The log holds no connection to replay.' };
  const list = () =>
    logs
      .map((log, i) => {
        const frames = log.records.filter((r) => r.kind === 'frame').length;
        return `  ${i + 1}. ${log.conn}  ${log.create.url}  (${frames} frames)`;
      })
      .join('\n');
  if (choice === undefined) {
    if (logs.length === 1) return logs[0]!;
    return {
      error: `The log holds ${logs.length} connections: choose one with --connection <number or id>:\n${list()}`,
    };
  }
  const byId = logs.find((log) => log.conn === choice);
  if (byId) return byId;
  const n = /^\d+$/.test(choice) ? Number(choice) : NaN;
  if (n >= 1 && n <= logs.length) return logs[n - 1]!;
  return { error: `No connection "${choice}" in the log; it holds:\n${list()}` };
}

export function planReplay(log: ConnectionLog): ReplayPlan | { error: string } {
  const open = log.records.find((r) => r.kind === 'open');
  const start = open?.t ?? log.create.t;
  const sends: ReplayFrame[] = [];
  const receives: ReplayFrame[] = [];
  let index = 0;
  for (const record of log.records) {
    if (record.kind !== 'frame') continue;
    index++;
    // A simulated frame never crossed the wire (the page saw it, or was told it was sent): nothing to replay.
    if (record.origin === 'simulated') continue;
    if (record.truncated)
      return {
        error: `Frame #${index} (${record.dir}) was cut at capture (${record.size} bytes, ${payloadLength(record)} kept): it cannot be replayed exactly.`,
      };
    const frame = {
      index,
      offsetMs: Math.max(0, record.t - start),
      type: record.type,
      data: record.data,
      receivedBefore: receives.length,
    };
    (record.dir === 'sent' ? sends : receives).push(frame);
  }
  const close = log.records.find((r) => r.kind === 'close');
  const closing = log.records.find((r) => r.kind === 'closing');
  const plan: ReplayPlan = {
    conn: log.conn,
    url: log.create.url,
    protocols: log.create.protocols,
    ...(originOf(log.create.frameUrl) && { origin: originOf(log.create.frameUrl)! }),
    sends,
    receives,
    records: log.records,
  };
  if (close?.kind === 'close') {
    const at = { code: close.code, reason: close.reason, offsetMs: Math.max(0, close.t - start) };
    if (close.by === 'server') plan.serverClose = at;
    else if (close.by === 'page' || close.by === 'navigation') {
      // The page's close() call is when the close left; the close record is when it finished.
      const from = closing?.kind === 'closing' ? closing : undefined;
      plan.pageClose = {
        code: from?.code ?? close.code,
        reason: from?.reason ?? close.reason,
        offsetMs: from ? Math.max(0, from.t - start) : at.offsetMs,
      };
    }
  }
  return plan;
}

function payloadLength(frame: FrameSessionRecord): number {
  return typeof frame.data === 'string' ? frame.data.length : frame.data.byteLength;
}

function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/** A close code a client may send (RFC 6455 7.4: not 1005, 1006, 1015, nor reserved). */
export function sendableCloseCode(code: number): boolean {
  return (
    code === 1000 || (code >= 1001 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999)
  );
}
