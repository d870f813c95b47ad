import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../protocol/schema';
import { applyRecords, createSession } from '../../lib/session';
import { compileFrameFilter, DecodedRecords, frameView, pageFrames, type FrameFilter } from './frame-query';
import { payloadView } from './payload-view';
import { cursorAfter, encodeCursor } from './cursor';
import { connectionView, summarizeConnection } from './connections';

type Draft = SessionRecord extends infer R ? (R extends SessionRecord ? Omit<R, 'seq'> : never) : never;
const T0 = 1_789_000_000_000;

/** A JSON-RPC connection (a call answered, one failing, one never answered) and a plain one closed badly. */
function records(): SessionRecord[] {
  const out: SessionRecord[] = [];
  const add = (r: Draft) => out.push({ ...r, seq: out.length } as SessionRecord);
  const rpc = { conn: 'a.1', sid: 1, frameId: 0 };
  const plain = { conn: 'a.2', sid: 2, frameId: 0 };
  const text = (base: typeof rpc, t: number, dir: 'sent' | 'received', data: string) =>
    add({ ...base, kind: 'frame', t: T0 + t, dir, type: 'text', data, size: data.length, truncated: false });
  add({ ...rpc, kind: 'create', t: T0, url: 'ws://x/rpc', protocols: [], stack: '', frameUrl: 'http://x/' });
  add({ ...plain, kind: 'create', t: T0, url: 'ws://x/plain', protocols: [], stack: '', frameUrl: 'http://x/' });
  add({ ...rpc, kind: 'open', t: T0 + 1, protocol: '', extensions: '' });
  text(rpc, 10, 'sent', '{"jsonrpc":"2.0","id":1,"method":"user.get","params":[7]}');
  text(rpc, 30, 'received', '{"jsonrpc":"2.0","id":1,"result":{"name":"Ada"}}');
  text(rpc, 40, 'sent', '{"jsonrpc":"2.0","id":2,"method":"order.place","params":[]}');
  text(rpc, 90, 'received', '{"jsonrpc":"2.0","id":2,"error":{"code":-32000,"message":"out of stock"}}');
  text(rpc, 100, 'sent', '{"jsonrpc":"2.0","id":3,"method":"order.place","params":[]}');
  add({ ...rpc, kind: 'close', t: T0 + 200, code: 1000, reason: '', wasClean: true, by: 'server' });
  add({ ...plain, kind: 'open', t: T0 + 1, protocol: '', extensions: '' });
  text(plain, 5, 'received', 'hello');
  add({
    ...plain,
    kind: 'frame',
    t: T0 + 6,
    dir: 'received',
    type: 'binary',
    data: new Uint8Array([0, 1, 2, 255]),
    size: 4,
    truncated: false,
  });
  add({ ...plain, kind: 'close', t: T0 + 300, code: 1006, reason: '', wasClean: false, by: 'network' });
  return out;
}

const filterOf = (input: Parameters<typeof compileFrameFilter>[0]): FrameFilter => {
  const result = compileFrameFilter(input);
  if (!result.ok) throw new Error(result.error);
  return result.filter;
};

describe('frame filters and pages', () => {
  const decoded = new DecodedRecords(records());

  it('pages frames by seq, and the last page points after the last record', () => {
    const all = filterOf({});
    const first = pageFrames(decoded, { after: -1, limit: 3, filter: all });
    expect(first.frames.map((f) => f.seq)).toEqual([3, 4, 5]);
    expect(first).toMatchObject({ last: 5, more: true });
    const second = pageFrames(decoded, { after: first.last, limit: 3, filter: all });
    expect(second.frames.map((f) => f.seq)).toEqual([6, 7, 10]);
    expect(second.more).toBe(true);
    const third = pageFrames(decoded, { after: second.last, limit: 3, filter: all });
    expect(third.frames.map((f) => f.seq)).toEqual([11]);
    expect(third).toMatchObject({ last: 12, more: false });
  });

  it('filters by text, regex, direction, connection and decoded fields', () => {
    const seqs = (input: Parameters<typeof compileFrameFilter>[0], conns?: string[]) =>
      pageFrames(decoded, { after: -1, limit: 100, filter: filterOf(input), conns }).frames.map((f) => f.seq);
    expect(seqs({ text: 'ORDER' })).toEqual([5, 7]);
    expect(seqs({ text: '/"id":[23]/' })).toEqual([5, 6, 7]);
    expect(seqs({ regex: 'out of stock' })).toEqual([6]);
    expect(seqs({ direction: 'received' }, ['a.1'])).toEqual([4, 6]);
    expect(seqs({ decoded: { name: 'order.*' } })).toEqual([5, 6, 7]); // the error reply carries its call's name
    expect(seqs({ decoded: { protocol: 'json-rpc', kind: 'error' } })).toEqual([6]);
    expect(seqs({ type: 'binary' })).toEqual([11]);
    expect(seqs({ text: '-jsonrpc' })).toEqual([10, 11]);
  });

  it('refuses a bad regex with a clear message', () => {
    expect(compileFrameFilter({ text: '/(/' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Invalid regular expression/),
    });
    expect(compileFrameFilter({ regex: '[' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Invalid regular expression/),
    });
    expect(compileFrameFilter({ decoded: { name: 'a b' } }).ok).toBe(false);
  });

  it('decodes records that arrive later as if they had been there from the start', () => {
    const all = records();
    const growing = new DecodedRecords(all.slice(0, 4));
    growing.extend(all.slice(4));
    for (const record of all)
      if (record.kind === 'frame') expect(growing.fields(record)).toEqual(decoded.fields(record));
  });

  it('shows a frame with its decoded fields and payload', () => {
    const reply = decoded.records[4] as Extract<SessionRecord, { kind: 'frame' }>;
    expect(frameView(reply, decoded)).toMatchObject({
      seq: 4,
      dir: 'received',
      payload: { encoding: 'text', data: reply.data },
      decoded: { protocol: 'json-rpc', replyTo: 3, latencyMs: 20 },
    });
  });
});

describe('payloads', () => {
  const frame = (data: string | Uint8Array, truncated = false) =>
    ({
      kind: 'frame',
      seq: 1,
      conn: 'c',
      frameId: 0,
      sid: 1,
      t: 0,
      dir: 'sent',
      truncated,
      ...(typeof data === 'string'
        ? { type: 'text', data, size: data.length }
        : { type: 'binary', data, size: data.length }),
    }) as Extract<SessionRecord, { kind: 'frame' }>;

  it('cuts long payloads and says so; base64 on a 4-character boundary', () => {
    expect(payloadView(frame('abcdef'), 4)).toEqual({ data: 'abcd', encoding: 'text', cut: { shown: 4, of: 6 } });
    expect(payloadView(frame('ab'), 4)).toEqual({ data: 'ab', encoding: 'text' });
    expect(payloadView(frame(new Uint8Array(30)), 10)).toMatchObject({ encoding: 'base64', cut: { shown: 8, of: 40 } });
    expect(payloadView(frame('a😀'), 2)).toMatchObject({ data: 'a', cut: { shown: 1 } });
    expect(payloadView(frame('ab', true))).toEqual({
      data: 'ab',
      encoding: 'text',
      cut: { shown: 2, of: 2, byExtension: true },
    });
  });
});

describe('cursors', () => {
  it('round-trips, and refuses another epoch or garbage', () => {
    expect(cursorAfter(encodeCursor('e1', 42), 'e1')).toEqual({ ok: true, after: 42 });
    expect(cursorAfter(undefined, 'e1')).toEqual({ ok: true, after: -1 });
    expect(cursorAfter(encodeCursor('e0', 42), 'e1')).toMatchObject({
      ok: false,
      error: expect.stringContaining('started over'),
    });
    expect(cursorAfter('nonsense', 'e1').ok).toBe(false);
  });
});

describe('connections', () => {
  const all = records();
  const session = applyRecords(createSession(), all);
  const decoded = new DecodedRecords(all);

  it('lists state, traffic and the decoded protocol', () => {
    expect(connectionView(session.connections.get('a.1')!, decoded)).toMatchObject({
      conn: 'a.1',
      url: 'ws://x/rpc',
      state: 'closed',
      decodedProtocol: 'json-rpc',
      sent: { frames: 3 },
      received: { frames: 2 },
    });
  });

  it('summarises names, latency and what went wrong', () => {
    const rpc = summarizeConnection(session.connections.get('a.1')!, decoded);
    expect(rpc.topMessages[0]).toMatchObject({ name: 'order.place', count: 2 });
    expect(rpc.topMessages.find((m) => m.name === 'user.get')).toMatchObject({ latencyMs: { p50: 20 } });
    expect(rpc.problems).toContain('1 request(s) got no reply.');
    const plain = summarizeConnection(session.connections.get('a.2')!, decoded);
    expect(plain.problems).toEqual(['Closed with code 1006 by network, unclean.']);
    expect(plain.rates.receivedPerSecond).toBeGreaterThan(0);
  });
});
