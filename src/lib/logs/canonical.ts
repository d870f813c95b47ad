/**
 * Imported records rebuilt as plain literals with one key order per kind.
 * Validator output (valibot merges intersections key by key) and spread-built
 * objects end up with slow object shapes in V8: a pass over 100,000 of them
 * measured ten times slower than over the same records parsed from JSON, and
 * the panel makes many passes (filters, the virtual list).
 */
import type { SessionRecord } from '../../protocol/schema';

/** The optional marks of actions from DevTools (protocol/actions.ts), kept when present. */
function marks(r: SessionRecord): object {
  const origin = r.kind === 'frame' || r.kind === 'closing' || r.kind === 'close' ? r.origin : undefined;
  const intercept = r.kind === 'frame' ? r.intercept : undefined;
  if (!origin && !intercept) return {};
  return { ...(origin ? { origin } : {}), ...(intercept ? { intercept: { ...intercept } } : {}) };
}

/** A fresh copy of `r`, with `seq` replaced when given. */
export function canonicalRecord(r: SessionRecord, seq = r.seq): SessionRecord {
  const { conn, frameId } = r;
  switch (r.kind) {
    case 'create':
      return {
        kind: 'create',
        sid: r.sid,
        t: r.t,
        url: r.url,
        protocols: [...r.protocols],
        stack: r.stack,
        frameUrl: r.frameUrl,
        seq,
        conn,
        frameId,
        // A socket known only from its handshake, or a worker's, stays read-only after an import.
        ...(r.source === 'webrequest' || r.source === 'debugger' ? { source: r.source } : {}),
        ...(r.worker ? { worker: { ...r.worker } } : {}),
        ...(r.replayOf ? { replayOf: r.replayOf } : {}),
      };
    case 'open':
      return { kind: 'open', sid: r.sid, t: r.t, protocol: r.protocol, extensions: r.extensions, seq, conn, frameId };
    case 'frame':
      return {
        kind: 'frame',
        sid: r.sid,
        t: r.t,
        dir: r.dir,
        size: r.size,
        truncated: r.truncated,
        type: r.type,
        data: r.data,
        ...marks(r),
        seq,
        conn,
        frameId,
      } as SessionRecord; // type and data come from one record, so they match
    case 'error':
      return { kind: 'error', sid: r.sid, t: r.t, seq, conn, frameId };
    case 'closing':
      return {
        kind: 'closing',
        sid: r.sid,
        t: r.t,
        ...(r.code === undefined ? {} : { code: r.code }),
        ...(r.reason === undefined ? {} : { reason: r.reason }),
        ...marks(r),
        seq,
        conn,
        frameId,
      };
    case 'close':
      return {
        kind: 'close',
        sid: r.sid,
        t: r.t,
        code: r.code,
        reason: r.reason,
        wasClean: r.wasClean,
        by: r.by,
        ...marks(r),
        seq,
        conn,
        frameId,
      };
    case 'handshake':
      return {
        ...r,
        requestHeaders: r.requestHeaders.map((h) => ({ ...h })),
        responseHeaders: r.responseHeaders.map((h) => ({ ...h })),
        seq,
        conn,
        frameId,
      };
  }
}
