/**
 * The session model: a tab's records folded into connections with counters and
 * state. Pure, so the background, the panel and the command line tools all read a
 * session the same way, and unit tests can check it without a browser.
 */
import type { ClosedBy, HandshakeRecord, SessionRecord, WorkerInfo } from '../protocol/schema';
import { headerValue } from '../protocol/handshake';

export type ConnectionState = 'connecting' | 'open' | 'closing' | 'closed';

export interface Traffic {
  count: number;
  bytes: number;
}

export interface Connection {
  id: string;
  frameId: number;
  frameUrl: string;
  url: string;
  protocols: string[];
  stack: string;
  state: ConnectionState;
  createdAt: number;
  openedAt?: number;
  closedAt?: number;
  protocol: string;
  extensions: string;
  /** An error event fired (a failed handshake or a broken connection). */
  error: boolean;
  close?: { code: number; reason: string; wasClean: boolean; by: ClosedBy };
  sent: Traffic;
  received: Traffic;
  /** Every record of this connection in capture order: lifecycle steps and frames. */
  records: SessionRecord[];
  /** Its opening handshake as the browser saw it (webRequest), once it ended. */
  handshake?: HandshakeRecord;
  /**
   * Known only from its handshake: the page hook never saw the socket (a
   * worker's, or an unknown context's). It has no frames and takes no actions.
   */
  readOnly: boolean;
  /** The worker that made it (deep capture, from the debugger): watched only, no actions. */
  worker?: WorkerInfo;
  /** Opened by the panel's "Replay connection": the id of the connection it replays. */
  replayOf?: string;
}

export interface Session {
  connections: Map<string, Connection>;
  /** Records for connections whose create record was never seen (cannot happen with an honest hook). */
  orphans: number;
  /** Frames with a lower seq have been trimmed away (the background's budget dropped them). */
  framesKeptFrom: number;
}

export function createSession(): Session {
  return { connections: new Map(), orphans: 0, framesKeptFrom: 0 };
}

/** Folds one record into the session; returns the connection it touched, if any. */
export function applyRecord(session: Session, record: SessionRecord): Connection | undefined {
  if (record.kind === 'create') {
    const connection: Connection = {
      id: record.conn,
      frameId: record.frameId,
      frameUrl: record.frameUrl,
      url: record.url,
      protocols: record.protocols,
      stack: record.stack,
      state: 'connecting',
      createdAt: record.t,
      protocol: '',
      extensions: '',
      error: false,
      sent: { count: 0, bytes: 0 },
      received: { count: 0, bytes: 0 },
      records: [record],
      readOnly: record.source === 'webrequest',
      ...(record.worker ? { worker: record.worker } : {}),
      ...(record.replayOf ? { replayOf: record.replayOf } : {}),
    };
    session.connections.set(record.conn, connection);
    return connection;
  }
  const connection = session.connections.get(record.conn);
  if (!connection) {
    session.orphans++;
    return undefined;
  }
  connection.records.push(record);
  switch (record.kind) {
    case 'open':
      connection.state = 'open';
      connection.openedAt = record.t;
      connection.protocol = record.protocol;
      connection.extensions = record.extensions;
      break;
    case 'frame': {
      const traffic = record.dir === 'sent' ? connection.sent : connection.received;
      traffic.count++;
      traffic.bytes += record.size;
      break;
    }
    case 'error':
      connection.error = true;
      break;
    case 'closing':
      if (connection.state !== 'closed') connection.state = 'closing';
      break;
    case 'close':
      connection.state = 'closed';
      connection.closedAt = record.t;
      connection.close = { code: record.code, reason: record.reason, wasClean: record.wasClean, by: record.by };
      break;
    case 'handshake':
      connection.handshake = record;
      if (connection.readOnly) applyHandshakeState(connection, record);
      break;
  }
  return connection;
}

/**
 * A socket known only from its handshake has no lifecycle records: its state
 * is what the handshake says (open after a 101, failed otherwise). How it
 * ends later nobody reports, so it stays open.
 */
function applyHandshakeState(connection: Connection, handshake: HandshakeRecord): void {
  if (handshake.status === 101 && !handshake.error) {
    connection.state = 'open';
    connection.openedAt = handshake.respondedAt ?? handshake.endedAt;
    connection.protocol = headerValue(handshake.responseHeaders, 'Sec-WebSocket-Protocol') ?? '';
    connection.extensions = headerValue(handshake.responseHeaders, 'Sec-WebSocket-Extensions') ?? '';
  } else {
    connection.state = 'closed';
    connection.error = true;
    connection.closedAt = handshake.endedAt;
  }
}

export function applyRecords(session: Session, records: Iterable<SessionRecord>): Session {
  for (const record of records) applyRecord(session, record);
  return session;
}

/**
 * Whether a record survives the background's budget cut at `keptFrom`: frames
 * below it are gone, and so is every record of a connection whose close is below
 * it (closed connections go whole, oldest close first). Lifecycle records of
 * connections still open at the cut stay. `closedBelow` are the connections
 * closed before the cut (see closedBefore).
 */
export function survivesCut(record: SessionRecord, keptFrom: number, closedBelow: ReadonlySet<string>): boolean {
  if (record.seq >= keptFrom) return true;
  return record.kind !== 'frame' && !closedBelow.has(record.conn);
}

/** Connections whose close record has a seq below `keptFrom`. */
export function closedBefore(records: Iterable<SessionRecord>, keptFrom: number): Set<string> {
  const closed = new Set<string>();
  for (const record of records) if (record.kind === 'close' && record.seq < keptFrom) closed.add(record.conn);
  return closed;
}

/** The records that survive a budget cut at `keptFrom` (see survivesCut). */
export function recordsAfterCut(records: SessionRecord[], keptFrom: number): SessionRecord[] {
  const closed = closedBefore(records, keptFrom);
  return records.filter((record) => survivesCut(record, keptFrom, closed));
}

/**
 * Removes what the background dropped at `keptFrom` to stay within its budget
 * (frames below it, connections closed below it, whole), so every panel holds
 * the same records.
 */
export function trimFrames(session: Session, keptFrom: number): void {
  if (keptFrom <= session.framesKeptFrom) return;
  session.framesKeptFrom = keptFrom;
  for (const connection of session.connections.values()) {
    if (connection.close && connection.records.some((r) => r.kind === 'close' && r.seq < keptFrom)) {
      session.connections.delete(connection.id);
      continue;
    }
    const first = connection.records.find((r) => r.kind === 'frame');
    if (!first || first.seq >= keptFrom) continue;
    connection.records = connection.records.filter((record) => {
      if (record.kind !== 'frame' || record.seq >= keptFrom) return true;
      const traffic = record.dir === 'sent' ? connection.sent : connection.received;
      traffic.count--;
      traffic.bytes -= record.size;
      return false;
    });
  }
}

/** A short line per connection, for the command line summary and logs. */
export function summarize(session: Session): string[] {
  return [...session.connections.values()].map((c) => {
    const close = c.close ? ` close ${c.close.code}${c.close.reason ? ` "${c.close.reason}"` : ''}` : '';
    const error = c.error ? ' error' : '';
    return `${c.url}  ${c.state}${close}${error}  sent ${c.sent.count} (${c.sent.bytes} B)  received ${c.received.count} (${c.received.bytes} B)`;
  });
}
