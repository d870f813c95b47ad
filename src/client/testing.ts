/**
 * A scripted session service for tests of what holds a client (the panel's
 * components): the client and the memory transport are real, only the other
 * end is a script. It answers `subscribe` with a session (reset, records,
 * status, pauses), every request with success or the error set for its type,
 * and keeps every request it received, as the service would have seen it.
 *
 *   test ──wire records──▶ scriptedService ◀──memory transport──▶ createClient ──▶ holder
 */
import type { ServiceError } from '../protocol/errors';
import type { ClientRequest, TabStatus } from '../protocol/messages';
import type { SessionRecord } from '../protocol/schema';
import { DEFAULT_SETTINGS } from '../protocol/settings';
import { memoryTransport, type MemoryPeer, type MemoryTransport } from './transports/memory';

/** The document every scripted socket belongs to: connection ids are `doc.<sid>`, as the service makes them. */
export const SCRIPTED_DOC = 'doc';

export interface ScriptedService {
  readonly transport: MemoryTransport;
  /** Requests that arrived, in order (subscribe included). */
  readonly received: ClientRequest[];
  /** Errors that requests of a type get instead of success, until removed. */
  readonly failing: Partial<Record<ClientRequest['type'], ServiceError>>;
  /** Records as the service sends them live after the snapshot (numbered on). */
  push(...records: object[]): void;
  /** Sends a new status (the defaults patched). */
  status(patch: Partial<TabStatus>): void;
}

/** Wire records (protocol/testing.ts `valid`, patched) become the tab's session records, numbered in order. */
export function scriptedService(tabId: number, records: object[] = []): ScriptedService {
  const epoch = 'e1';
  const session: SessionRecord[] = [];
  const peers = new Set<MemoryPeer>();
  const received: ClientRequest[] = [];
  const failing: ScriptedService['failing'] = {};
  let status: TabStatus = {
    tabId,
    epoch,
    paused: false,
    preserveLog: false,
    framesKeptFrom: 0,
    droppedFrames: 0,
    droppedByConnection: {},
    droppedConnections: 0,
    rejected: 0,
    skippedRows: 0,
    navigations: [],
    settings: DEFAULT_SETTINGS,
    rules: [],
  };
  const numbered = (wire: object[]) =>
    wire.map((record) => {
      const sid = (record as { sid: number }).sid;
      const full = { ...record, seq: session.length, conn: `${SCRIPTED_DOC}.${sid}`, frameId: 0 } as SessionRecord;
      session.push(full);
      return full;
    });
  numbered(records);

  const answer = (peer: MemoryPeer, request: ClientRequest) => {
    if (request.type === 'subscribe') {
      peer.post({ type: 'reset', tabId, epoch });
      peer.post({ type: 'records', tabId, epoch, records: session });
      peer.post({ type: 'status', status });
      peer.post({ type: 'pauses', tabId, pauses: [] });
      return;
    }
    if (request.type === 'read')
      return peer.post({ type: 'slice', id: request.id, tabId, epoch, records: session, more: false });
    if (request.type === 'tabs')
      return peer.post({ type: 'tabs', id: request.id, tabs: [{ tabId, epoch, connections: 0, frames: 0 }] });
    peer.post({ type: 'result', id: request.id, error: failing[request.type] });
  };

  const transport = memoryTransport({
    accept(peer) {
      peers.add(peer);
      return {
        request(raw) {
          const request = raw as ClientRequest;
          received.push(request);
          answer(peer, request);
        },
        closed: () => peers.delete(peer),
      };
    },
  });

  return {
    transport,
    received,
    failing,
    push(...wire) {
      const added = numbered(wire);
      for (const peer of peers) peer.post({ type: 'records', tabId, epoch, records: added });
    },
    status(patch) {
      status = { ...status, ...patch };
      for (const peer of peers) peer.post({ type: 'status', status });
    },
  };
}
