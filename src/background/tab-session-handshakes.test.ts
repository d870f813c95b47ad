import { describe, expect, it } from 'vitest';
import type { CreateRecord, SessionRecord } from '../protocol/schema';
import { testHandshake } from '../protocol/handshake-testing';
import { JOIN_WAIT_MS } from './handshake-join';
import { TabSession, type TabMeta } from './tab-session';
import { applyRecords, createSession } from '../lib/session';

const DOC = 'aaaaaaaa-0000-4000-8000-00000000000a';
const T = 1700000000000;
const create = (sid: number, url = 'wss://example.test/feed/1'): CreateRecord => ({
  kind: 'create',
  sid,
  t: T - 2,
  url,
  protocols: ['chat'],
  stack: 'at connect (https://example.test/app.js:10:5)',
  frameUrl: 'https://example.test/',
});
const kinds = (records: SessionRecord[]) => records.map((r) => `${r.kind} ${r.conn} ${r.source}`);

describe('TabSession handshakes', () => {
  it("joins a handshake to the hook's socket seen before it", () => {
    const session = new TabSession(1);
    session.accept(DOC, 0, 0, [create(1), create(2, 'wss://example.test/other')]);
    const { added } = session.observeHandshake(0, testHandshake(), T);
    expect(kinds(added)).toEqual(['handshake 1.1 webrequest']);
    expect(added[0]).toMatchObject({ sid: 1, frameId: 0, context: 'document', seq: 2, status: 101 });
  });

  it("holds a handshake that comes first and files it right after its socket's create", () => {
    const session = new TabSession(1);
    expect(session.observeHandshake(0, testHandshake(), T).added).toEqual([]);
    expect(session.handshakeDue).toBe(T + JOIN_WAIT_MS);
    const { added } = session.accept(DOC, 0, 0, [create(1)]);
    expect(kinds(added)).toEqual(['create 1.1 hook', 'handshake 1.1 webrequest']);
    expect(session.handshakeDue).toBeUndefined();
  });

  it('lists a handshake no hook socket claims as a read-only socket of its own', () => {
    const session = new TabSession(1);
    session.accept(DOC, 0, 0, [create(1)]);
    session.observeHandshake(0, testHandshake(), T); // joins 1.1
    session.observeHandshake(
      0,
      testHandshake({
        url: 'ws://example.test/from-worker',
        context: 'worker',
        requestHeaders: [{ name: 'Sec-WebSocket-Protocol', value: 'a, b' }],
      }),
      T,
    );
    expect(session.expireHandshakes(T + JOIN_WAIT_MS - 1)).toEqual([]);
    const added = session.expireHandshakes(T + JOIN_WAIT_MS);
    expect(kinds(added)).toEqual(['create 2.1 webrequest', 'handshake 2.1 webrequest']);
    expect(added[0]).toMatchObject({ url: 'ws://example.test/from-worker', protocols: ['a', 'b'], stack: '' });
    expect(added[1]).toMatchObject({ context: 'worker' });
    expect(session.isReadOnly('2.1')).toBe(true);
    expect(session.isReadOnly('1.1')).toBe(false);
    const connection = applyRecords(createSession(), session.records).connections.get('2.1')!;
    expect(connection).toMatchObject({ readOnly: true, state: 'open', protocol: 'chat' });
  });

  it('refuses and counts a handshake that fails validation', () => {
    const session = new TabSession(1);
    const { added, rejected } = session.observeHandshake(0, { ...testHandshake(), status: 'ok' }, T);
    expect(added).toEqual([]);
    expect(rejected).toBe(1);
    expect(session.rejected).toBe(1);
  });

  it('keeps a waiting handshake in its meta, so a restarted worker still joins it', () => {
    const session = new TabSession(1);
    session.observeHandshake(0, testHandshake(), T);
    const meta = JSON.parse(JSON.stringify(session.meta())) as TabMeta;
    const restored = TabSession.restore(meta, structuredClone(session.records));
    expect(kinds(restored.accept(DOC, 0, 0, [create(1)]).added)).toEqual([
      'create 1.1 hook',
      'handshake 1.1 webrequest',
    ]);
  });

  it('keeps the handshake of a socket still open when the session is cleared', () => {
    const session = new TabSession(1);
    session.accept(DOC, 0, 0, [create(1)]);
    session.observeHandshake(0, testHandshake(), T);
    session.clear();
    expect(session.records.map((r) => r.kind)).toEqual(['create', 'handshake']);
  });
});

describe('TabSession: worker sockets from the debugger (deep capture)', () => {
  const DEBUGGER_DOC = 'debugger:1';
  const workerCreate = (sid: number, url = 'ws://example.test/from-worker'): CreateRecord => ({
    ...create(sid, url),
    stack: '',
    frameUrl: '',
    protocols: [],
    worker: { type: 'dedicated', url: 'https://example.test/worker.js' },
  });

  it('a worker socket claims the handshake Chrome filed under a frame of its page: listed once, read-only', () => {
    const session = new TabSession(1);
    session.observeHandshake(3, testHandshake({ url: 'ws://example.test/from-worker' }), T);
    const { added } = session.accept(DEBUGGER_DOC, 0, 0, [workerCreate(1)], 'debugger');
    expect(kinds(added)).toEqual(['create 1.1 debugger', 'handshake 1.1 webrequest']);
    expect(added[1]).toMatchObject({ context: 'worker' });
    expect(session.expireHandshakes(T + JOIN_WAIT_MS)).toEqual([]);
    expect(session.isReadOnly('1.1')).toBe(true);
    const connection = applyRecords(createSession(), session.records).connections.get('1.1')!;
    expect(connection.worker).toEqual({ type: 'dedicated', url: 'https://example.test/worker.js' });
  });

  it('a handshake that ends after the worker socket was seen joins it too, never a hook socket of another URL', () => {
    const session = new TabSession(1);
    session.accept(DOC, 0, 0, [create(1)]);
    session.accept(DEBUGGER_DOC, 0, 0, [workerCreate(1)], 'debugger');
    expect(
      kinds(session.observeHandshake(2, testHandshake({ url: 'ws://example.test/from-worker' }), T).added),
    ).toEqual(['handshake 2.1 webrequest']);
    // The page's own socket still takes its own handshake, by frame and URL.
    expect(kinds(session.observeHandshake(0, testHandshake(), T).added)).toEqual(['handshake 1.1 webrequest']);
  });

  it('a page cannot name a worker: the hook source drops it', () => {
    const session = new TabSession(1);
    const { added } = session.accept(DOC, 0, 0, [workerCreate(1)]);
    expect(added[0]).not.toHaveProperty('worker');
    expect(session.isReadOnly('1.1')).toBe(false);
  });

  it("a new page session keeps the workers' sockets still open (a service worker's outlives the page), with or without Preserve log", () => {
    for (const preserveLog of [false, true]) {
      const session = new TabSession(1);
      session.startPage(DOC, 'https://example.test/', 1, preserveLog);
      session.accept(DOC, 0, 0, [create(1)]);
      session.accept(DEBUGGER_DOC, 0, 0, [workerCreate(1), workerCreate(2, 'ws://example.test/other')], 'debugger');
      session.accept(
        DEBUGGER_DOC,
        0,
        2,
        [{ kind: 'close', sid: 2, t: T, code: 1005, reason: '', wasClean: false, by: 'unknown' }],
        'debugger',
      );
      session.startPage('bbbbbbbb-0000-4000-8000-00000000000b', 'https://example.test/next', 2, preserveLog);
      const open = applyRecords(createSession(), session.records).connections;
      expect(open.get('2.1')?.state).toBe('connecting'); // not ended by the navigation
      expect(open.get('1.1')?.state).toBe(preserveLog ? 'closed' : undefined);
      // Its frames are still taken.
      const later = session.accept(
        DEBUGGER_DOC,
        0,
        3,
        [{ kind: 'frame', sid: 1, t: T, dir: 'received', type: 'text', data: 'x', size: 1, truncated: false }],
        'debugger',
      );
      expect(later.rejected).toBe(0);
      expect(later.added).toHaveLength(1);
    }
  });
});

describe('TabSession: handshakes from the debugger', () => {
  it("takes a shared or service worker's handshake from the debugger source only", () => {
    const session = new TabSession(1);
    const create: CreateRecord = {
      kind: 'create',
      sid: 1,
      t: T,
      url: 'ws://example.test/feed/1',
      protocols: [],
      stack: '',
      frameUrl: '',
      worker: { type: 'service', url: 'https://example.test/sw.js' },
    };
    const handshake = { kind: 'handshake', sid: 1, ...testHandshake({ context: 'worker' }) };
    const { added } = session.accept('debugger:2', 0, 0, [create, handshake], 'debugger');
    expect(kinds(added)).toEqual(['create 1.1 debugger', 'handshake 1.1 debugger']);
    expect(applyRecords(createSession(), session.records).connections.get('1.1')?.handshake?.status).toBe(101);
    // A page's hook cannot send one.
    expect(session.accept(DOC, 0, 0, [{ ...create, worker: undefined }, handshake]).rejected).toBe(1);
  });
});
