/**
 * How far a replay has come, read from the records alone (so it survives a
 * reload of the panel): the frames the replay sent against the client frames
 * the original put on the wire (its simulated ones never went).
 */
import type { Connection } from '../../lib/session';

export interface ReplayProgress {
  sent: number;
  expected: number;
  /** Every frame went out, or the replay closed (nothing more will go). */
  ended: boolean;
}

export function framesToReplay(original: Connection): number {
  let count = 0;
  for (const r of original.records) if (r.kind === 'frame' && r.dir === 'sent' && r.origin !== 'simulated') count++;
  return count;
}

export function replayProgress(original: Connection, replay: Connection): ReplayProgress {
  const expected = framesToReplay(original);
  const sent = replay.sent.count;
  return { sent, expected, ended: sent >= expected || replay.state === 'closed' };
}

/** The newest replay of a connection, if any. */
export function latestReplayOf(connections: Iterable<Connection>, id: string): Connection | undefined {
  let latest: Connection | undefined;
  for (const c of connections) if (c.replayOf === id && (!latest || c.createdAt >= latest.createdAt)) latest = c;
  return latest;
}
