/**
 * The service's side of storage faults and page sessions, seen by a client:
 * a failing store shows in the tab's status (as a code) and holds the
 * acknowledgements back; a Preserve-log navigation sends the closes it made.
 */
import { describe, expect, it, vi } from 'vitest';
import type { TabStatus } from '../protocol/messages';
import type { SessionRecord, WireRecord } from '../protocol/schema';
import type { ClientSink } from './session-service';
import { StorageFault } from './storage-fault';
import { createRecord, FakeStore, serviceWorld, TAB, textFrame } from './testing';

function recordingSink() {
  const statuses: TabStatus[] = [];
  const records: SessionRecord[] = [];
  const sink: ClientSink = {
    reset: () => {},
    records: (_tabId, _epoch, added) => void records.push(...added),
    status: (status) => void statuses.push(status),
    pauses: () => {},
  };
  return { sink, statuses, records, last: () => statuses.at(-1) };
}

describe('SessionService storage faults', () => {
  it('shows a failing store in the status with its code, acknowledges nothing until a write commits', async () => {
    const store = new FakeStore();
    const { service, document } = await serviceWorld(store);
    const client = recordingSink();
    service.connectClient(client.sink).subscribe(TAB);
    store.failing = new StorageFault('quota', 'QuotaExceededError: full');

    let acked = -1;
    document.ingest(0, [createRecord(1), textFrame(1, 'a')], (next) => (acked = next));
    await vi.waitFor(() => expect(client.last()?.storage).toMatchObject({ code: 'quota', unstored: 2 }));
    expect(client.last()?.storage?.detail).toBe('QuotaExceededError: full');
    expect(client.records.map((r) => r.kind)).toEqual(['create', 'frame']); // live all the same
    expect(acked).toBe(-1);

    store.failing = null;
    await vi.waitFor(() => expect(acked).toBe(2), { timeout: 3000 });
    await vi.waitFor(() => expect(client.last()?.storage).toBeUndefined());
    expect([...store.rows.get(TAB)!.values()].map((r) => r.kind)).toEqual(['create', 'frame']);
    service.dispose();
  });
});

describe('SessionService page sessions', () => {
  it("sends subscribers the closes that a Preserve-log navigation gave the old page's open sockets", async () => {
    const { service, feed } = await serviceWorld();
    service.setPreserveLog(true);
    feed(createRecord(1), { kind: 'open', sid: 1, t: 2, protocol: '', extensions: '' });
    const client = recordingSink();
    service.connectClient(client.sink).subscribe(TAB);
    const channel = { capture: () => {}, rules: () => {}, command: () => {} };
    const next = 'bbbbbbbb-0000-4000-8000-00000000000b';
    service.openDocument({ source: 'hook', tabId: TAB, frameId: 0, docId: next, url: 'https://x.test/next' }, channel);

    const close = client.records.find((r) => r.kind === 'close');
    expect(close).toMatchObject({ kind: 'close', conn: '1.1', code: 1001, by: 'navigation', source: 'hook' });
    await vi.waitFor(() => expect(client.last()?.navigations).toHaveLength(1));
    service.dispose();
  });
});

describe('SessionService settings', () => {
  it('saves the handshake-headers switch with the other settings and tells subscribers', async () => {
    const { service, saved } = await serviceWorld();
    service.setPreserveLog(true);
    const client = recordingSink();
    service.connectClient(client.sink).subscribe(TAB);
    service.setAllHandshakeHeaders(true);
    expect(saved.at(-1)).toMatchObject({ preserveLog: true, allHandshakeHeaders: true });
    await vi.waitFor(() => expect(client.last()?.settings.allHandshakeHeaders).toBe(true));
    service.dispose();
  });
});

describe('SessionService deep capture', () => {
  it('answers unsupported where the browser has no debugger (Firefox)', async () => {
    const { service } = await serviceWorld();
    expect(await service.setDeepCapture(TAB, true)).toMatchObject({ code: 'unsupported' });
    service.dispose();
  });

  it("files the debugger document's worker sockets read-only, without a new page session, and shows its state", async () => {
    const { service, feed } = await serviceWorld();
    feed(createRecord(1));
    const client = recordingSink();
    service.connectClient(client.sink).subscribe(TAB);
    const epoch = client.last()!.epoch;
    const worker = { type: 'service' as const, url: 'https://x.test/sw.js' };
    const document = service.openDebuggerDocument(TAB);
    document.ingest([{ ...createRecord(1), frameUrl: '', stack: '', worker }, textFrame(1, 'hi')] as WireRecord[]);
    expect(client.records.slice(-2)).toMatchObject([
      { kind: 'create', conn: '2.1', source: 'debugger', worker },
      { kind: 'frame', conn: '2.1', data: 'hi', source: 'debugger' },
    ]);
    expect(await service.connectClient(recordingSink().sink).command(TAB, '2.1', { type: 'close' })).toMatchObject({
      code: 'read-only',
    });
    service.setDeepCaptureState(TAB, { state: 'ended', reason: 'canceled_by_user' });
    expect(client.last()).toMatchObject({ epoch, deepCapture: { state: 'ended', reason: 'canceled_by_user' } });
    service.dispose();
  });

  it('a closed tab stays gone when its deep capture ends after it', async () => {
    const { service } = await serviceWorld();
    const document = service.openDebuggerDocument(TAB);
    await service.dropTab(TAB);
    document.ingest([{ kind: 'close', sid: 1, t: 1, code: 1005, reason: '', wasClean: false, by: 'detached' }]);
    service.setDeepCaptureState(TAB, { state: 'ended', reason: 'target_closed' });
    expect(service.tabs()).toEqual([]);
    service.dispose();
  });
});
