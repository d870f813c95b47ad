import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../protocol/schema';
import { applyRecord, applyRecords, createSession, summarize } from './session';

/** Small builders for session records of one connection; seq increases per call. */
function recorder(conn: string, frameId = 0) {
  let seq = 0;
  const base = () => ({ sid: 1, seq: seq++, conn, frameId });
  return {
    create: (t: number, url = 'wss://example.test/feed', protocols: string[] = []): SessionRecord => ({
      ...base(),
      kind: 'create',
      t,
      url,
      protocols,
      stack: 'at main (https://example.test/app.js:1:1)',
      frameUrl: 'https://example.test/',
    }),
    open: (t: number, protocol = '', extensions = ''): SessionRecord => ({
      ...base(),
      kind: 'open',
      t,
      protocol,
      extensions,
    }),
    text: (t: number, dir: 'sent' | 'received', data: string, size = data.length): SessionRecord => ({
      ...base(),
      kind: 'frame',
      t,
      dir,
      size,
      truncated: false,
      type: 'text',
      data,
    }),
    binary: (t: number, dir: 'sent' | 'received', data: Uint8Array<ArrayBuffer>, size: number): SessionRecord => ({
      ...base(),
      kind: 'frame',
      t,
      dir,
      size,
      truncated: false,
      type: 'binary',
      data,
    }),
    error: (t: number): SessionRecord => ({ ...base(), kind: 'error', t }),
    closing: (t: number, code?: number, reason?: string): SessionRecord => ({
      ...base(),
      kind: 'closing',
      t,
      ...(code === undefined ? {} : { code }),
      ...(reason === undefined ? {} : { reason }),
    }),
    close: (
      t: number,
      code: number,
      reason: string,
      wasClean: boolean,
      by: 'page' | 'server' | 'network',
    ): SessionRecord => ({ ...base(), kind: 'close', t, code, reason, wasClean, by }),
  };
}

describe('createSession', () => {
  it('starts with no connections and no orphans', () => {
    const session = createSession();
    expect(session.connections.size).toBe(0);
    expect(session.orphans).toBe(0);
  });
});

describe('applyRecord', () => {
  it('creates a connection in the connecting state from a create record', () => {
    const session = createSession();
    const r = recorder('tab1:doc:1', 3);
    const create = r.create(1000, 'wss://example.test/feed', ['chat', 'v2']);
    const connection = applyRecord(session, create);
    expect(connection).toBe(session.connections.get('tab1:doc:1'));
    expect(connection).toEqual({
      id: 'tab1:doc:1',
      frameId: 3,
      frameUrl: 'https://example.test/',
      url: 'wss://example.test/feed',
      protocols: ['chat', 'v2'],
      stack: 'at main (https://example.test/app.js:1:1)',
      state: 'connecting',
      createdAt: 1000,
      protocol: '',
      extensions: '',
      error: false,
      sent: { count: 0, bytes: 0 },
      received: { count: 0, bytes: 0 },
      records: [create],
      readOnly: false,
    });
    expect(connection?.openedAt).toBeUndefined();
    expect(connection?.closedAt).toBeUndefined();
    expect(connection?.close).toBeUndefined();
  });

  it('moves to open and keeps the negotiated protocol and extensions', () => {
    const session = createSession();
    const r = recorder('c');
    applyRecord(session, r.create(1000));
    const connection = applyRecord(session, r.open(1050, 'chat', 'permessage-deflate'));
    expect(connection?.state).toBe('open');
    expect(connection?.openedAt).toBe(1050);
    expect(connection?.protocol).toBe('chat');
    expect(connection?.extensions).toBe('permessage-deflate');
  });

  it('counts frames and bytes separately per direction', () => {
    const session = createSession();
    const r = recorder('c');
    applyRecords(session, [
      r.create(1000),
      r.open(1001),
      r.text(1002, 'sent', 'hello'),
      r.text(1003, 'received', 'hi there'),
      r.binary(1004, 'received', new Uint8Array([0, 1, 2, 3]), 4),
      r.text(1005, 'sent', 'x', 2_000_000), // truncated payload: size is the true size
      r.binary(1006, 'received', new Uint8Array(0), 0),
    ]);
    const connection = session.connections.get('c');
    expect(connection?.sent).toEqual({ count: 2, bytes: 5 + 2_000_000 });
    expect(connection?.received).toEqual({ count: 3, bytes: 8 + 4 + 0 });
  });

  it('walks a full page-initiated lifecycle: connecting → open → closing → closed', () => {
    const session = createSession();
    const r = recorder('c');
    const states: string[] = [];
    const records = [
      r.create(1000),
      r.open(1010),
      r.text(1020, 'sent', 'ping'),
      r.text(1030, 'received', 'pong'),
      r.closing(1040, 1000, 'done'),
      r.close(1050, 1000, 'done', true, 'page'),
    ];
    for (const record of records) states.push(applyRecord(session, record)?.state ?? 'none');
    expect(states).toEqual(['connecting', 'open', 'open', 'open', 'closing', 'closed']);

    const connection = session.connections.get('c');
    expect(connection?.records).toEqual(records);
    expect(connection?.createdAt).toBe(1000);
    expect(connection?.openedAt).toBe(1010);
    expect(connection?.closedAt).toBe(1050);
    expect(connection?.close).toEqual({ code: 1000, reason: 'done', wasClean: true, by: 'page' });
    expect(connection?.error).toBe(false);
  });

  it('records a server close without a closing step', () => {
    const session = createSession();
    const r = recorder('c');
    applyRecords(session, [r.create(1), r.open(2), r.close(3, 4001, 'kicked', true, 'server')]);
    const connection = session.connections.get('c');
    expect(connection?.state).toBe('closed');
    expect(connection?.close).toEqual({ code: 4001, reason: 'kicked', wasClean: true, by: 'server' });
  });

  it('sets the error flag on an error record without changing the state', () => {
    const session = createSession();
    const r = recorder('c');
    applyRecord(session, r.create(1));
    const connection = applyRecord(session, r.error(2));
    expect(connection?.error).toBe(true);
    expect(connection?.state).toBe('connecting');
    applyRecord(session, r.close(3, 1006, '', false, 'network'));
    expect(connection?.state).toBe('closed');
    expect(connection?.error).toBe(true);
    expect(connection?.close).toEqual({ code: 1006, reason: '', wasClean: false, by: 'network' });
  });

  it('goes from connecting straight to closing when the page closes before open', () => {
    const session = createSession();
    const r = recorder('c');
    applyRecord(session, r.create(1));
    expect(applyRecord(session, r.closing(2))?.state).toBe('closing');
  });

  it('does not reopen a closed connection on a late closing record', () => {
    const session = createSession();
    const r = recorder('c');
    applyRecords(session, [r.create(1), r.open(2), r.close(3, 1000, '', true, 'server'), r.closing(4, 1000)]);
    const connection = session.connections.get('c');
    expect(connection?.state).toBe('closed');
    expect(connection?.records.map((x) => x.kind)).toEqual(['create', 'open', 'close', 'closing']);
  });

  it('counts records without a create as orphans and returns undefined', () => {
    const session = createSession();
    const r = recorder('ghost');
    expect(applyRecord(session, r.open(1))).toBeUndefined();
    expect(applyRecord(session, r.text(2, 'sent', 'x'))).toBeUndefined();
    expect(applyRecord(session, r.error(3))).toBeUndefined();
    expect(applyRecord(session, r.closing(4))).toBeUndefined();
    expect(applyRecord(session, r.close(5, 1000, '', true, 'page'))).toBeUndefined();
    expect(session.orphans).toBe(5);
    expect(session.connections.size).toBe(0);
  });

  it('keeps connections apart by conn id, even with the same sid', () => {
    const session = createSession();
    const a = recorder('doc-a:1');
    const b = recorder('doc-b:1', 7);
    applyRecords(session, [
      a.create(1, 'wss://a.test/'),
      b.create(2, 'wss://b.test/'),
      a.open(3),
      b.text(4, 'sent', 'early'), // still connecting: counted all the same
      a.text(5, 'received', 'abc'),
    ]);
    expect([...session.connections.keys()]).toEqual(['doc-a:1', 'doc-b:1']);
    const ca = session.connections.get('doc-a:1');
    const cb = session.connections.get('doc-b:1');
    expect(ca?.state).toBe('open');
    expect(ca?.received).toEqual({ count: 1, bytes: 3 });
    expect(ca?.sent).toEqual({ count: 0, bytes: 0 });
    expect(cb?.state).toBe('connecting');
    expect(cb?.frameId).toBe(7);
    expect(cb?.sent).toEqual({ count: 1, bytes: 5 });
    expect(ca?.records).toHaveLength(3);
    expect(cb?.records).toHaveLength(2);
  });
});

describe('applyRecords', () => {
  it('returns the same session it was given, with every record folded in', () => {
    const session = createSession();
    const r = recorder('c');
    const result = applyRecords(session, [r.create(1), r.open(2)]);
    expect(result).toBe(session);
    expect(session.connections.get('c')?.state).toBe('open');
  });

  it('accepts any iterable', () => {
    const r = recorder('c');
    function* records(): Generator<SessionRecord> {
      yield r.create(1);
      yield r.text(2, 'received', 'abcd');
      yield recorder('orphan').error(3);
    }
    const session = applyRecords(createSession(), records());
    expect(session.connections.get('c')?.received).toEqual({ count: 1, bytes: 4 });
    expect(session.orphans).toBe(1);
  });
});

describe('summarize', () => {
  it('is empty for an empty session', () => {
    expect(summarize(createSession())).toEqual([]);
  });

  it('writes one line per connection in creation order', () => {
    const session = createSession();
    const a = recorder('a');
    const b = recorder('b');
    const c = recorder('c');
    applyRecords(session, [
      a.create(1, 'wss://a.test/live'),
      b.create(2, 'ws://b.test:8080/'),
      c.create(3, 'wss://c.test/'),
      a.open(4),
      a.text(5, 'sent', 'hello'),
      a.binary(6, 'received', new Uint8Array([0, 1, 2]), 3),
      a.text(7, 'received', 'hey'),
      a.closing(8, 1000, 'bye'),
      a.close(9, 1000, 'bye', true, 'page'),
      b.error(10),
      b.close(11, 1006, '', false, 'network'),
      c.open(12),
    ]);
    expect(summarize(session)).toEqual([
      'wss://a.test/live  closed close 1000 "bye"  sent 1 (5 B)  received 2 (6 B)',
      'ws://b.test:8080/  closed close 1006 error  sent 0 (0 B)  received 0 (0 B)',
      'wss://c.test/  open  sent 0 (0 B)  received 0 (0 B)',
    ]);
  });

  it('shows the closing state and an error on a connection that is not closed yet', () => {
    const session = createSession();
    const r = recorder('c');
    applyRecords(session, [r.create(1, 'wss://x.test/'), r.open(2), r.error(3), r.closing(4)]);
    expect(summarize(session)).toEqual(['wss://x.test/  closing error  sent 0 (0 B)  received 0 (0 B)']);
  });
});
