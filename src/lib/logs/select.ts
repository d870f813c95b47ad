/**
 * What to export: the whole session, some connections, or some records (the
 * frames a filter shows). Every selection keeps the lifecycle records of the
 * connections it touches, so each frame in a log still has its socket (URL,
 * frame, close code).
 */
import type { SessionRecord } from '../../protocol/schema';
import type { Session } from '../session';

const bySeq = (a: SessionRecord, b: SessionRecord) => a.seq - b.seq;

/** Every record of the session, in capture order. */
export function sessionRecords(session: Session): SessionRecord[] {
  return connectionRecords(session, session.connections.keys());
}

/** Every record of the given connections (unknown ids are ignored), in capture order. */
export function connectionRecords(session: Session, ids: Iterable<string>): SessionRecord[] {
  const out: SessionRecord[] = [];
  for (const id of new Set(ids)) {
    const connection = session.connections.get(id);
    if (connection) for (const record of connection.records) out.push(record);
  }
  return out.sort(bySeq);
}

/**
 * The given records plus every lifecycle record (create, open, error, closing,
 * close) of their connections, in capture order, without duplicates. Records
 * of connections the session does not hold are dropped.
 */
export function recordsWithLifecycle(session: Session, records: Iterable<SessionRecord>): SessionRecord[] {
  const chosen = new Map<number, SessionRecord>();
  const touched = new Set<string>();
  for (const record of records) {
    if (!session.connections.has(record.conn)) continue;
    chosen.set(record.seq, record);
    touched.add(record.conn);
  }
  for (const id of touched) {
    for (const record of session.connections.get(id)!.records) {
      if (record.kind !== 'frame') chosen.set(record.seq, record);
    }
  }
  return [...chosen.values()].sort(bySeq);
}
