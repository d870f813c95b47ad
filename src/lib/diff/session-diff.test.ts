import { describe, expect, it } from 'vitest';
import { diffSessions } from './session-diff';
import { formatDiffJson, formatDiffText } from './format';
import { compileIgnore } from './ignore';
import { sessionOf } from './testing';
import { importLog, ndjsonChunks } from '../logs';

const chat = (frames: ['sent' | 'received', string | Uint8Array][], close = 1000) => ({
  url: 'ws://h.test/chat',
  frames,
  close,
});

describe('diffSessions: alignment', () => {
  it('finds two recordings of the same conversation the same, whatever their clocks and ids', () => {
    const a = sessionOf(
      chat([
        ['sent', 'hi'],
        ['received', '{"echo":"hi"}'],
      ]),
    );
    const b = sessionOf({
      ...chat([
        ['sent', 'hi'],
        ['received', '{"echo":"hi"}'],
      ]),
      gap: 500,
    });
    const diff = diffSessions(a, b);
    expect(diff.same).toBe(true);
    expect(diff.connections).toEqual([
      expect.objectContaining({ status: 'same', counts: { same: 2, changed: 0, added: 0, removed: 0 } }),
    ]);
    expect(formatDiffText(diff)).toContain('The logs are the same.');
  });

  it('names an inserted frame as added and keeps the rest aligned', () => {
    const a = sessionOf(
      chat([
        ['sent', 'a'],
        ['received', 'b'],
        ['received', 'c'],
      ]),
    );
    const b = sessionOf(
      chat([
        ['sent', 'a'],
        ['received', 'b'],
        ['received', 'NEW'],
        ['received', 'c'],
      ]),
    );
    const [connection] = diffSessions(a, b).connections;
    // Text frames with no decoder all share one key, so "NEW" vs "c" pair as changed and "c" is added.
    expect(connection!.counts).toEqual({ same: 2, changed: 1, added: 1, removed: 0 });
  });

  it('uses the decoded name to realign: an extra JSON-RPC notification is added, not a shift of every reply', () => {
    const call = (id: number, method: string) => JSON.stringify({ jsonrpc: '2.0', id, method });
    const result = (id: number, r: unknown) => JSON.stringify({ jsonrpc: '2.0', id, result: r });
    const note = JSON.stringify({ jsonrpc: '2.0', method: 'tick', params: [1] });
    const a = sessionOf(
      chat([
        ['sent', call(1, 'add')],
        ['received', result(1, 3)],
        ['sent', call(2, 'mul')],
        ['received', result(2, 6)],
      ]),
    );
    const b = sessionOf(
      chat([
        ['sent', call(1, 'add')],
        ['received', note],
        ['received', result(1, 3)],
        ['sent', call(2, 'mul')],
        ['received', result(2, 7)],
      ]),
    );
    const [connection] = diffSessions(a, b).connections;
    expect(connection!.counts).toEqual({ same: 3, changed: 1, added: 1, removed: 0 });
    const added = connection!.frames.find((f) => f.op === 'added');
    expect(added).toMatchObject({ b: { index: 2, dir: 'received' } });
    const changed = connection!.frames.find((f) => f.op === 'changed');
    expect(changed).toMatchObject({
      a: { index: 4 },
      b: { index: 5 },
      changes: [{ path: '$.result', before: 6, after: 7 }],
    });
  });

  it('reports a removed frame and a changed close code', () => {
    const a = sessionOf(
      chat(
        [
          ['sent', 'a'],
          ['sent', 'b'],
        ],
        1000,
      ),
    );
    const b = sessionOf(chat([['sent', 'a']], 1011));
    const [connection] = diffSessions(a, b).connections;
    expect(connection).toMatchObject({ status: 'changed', close: { a: '1000', b: '1011' } });
    expect(connection!.frames).toEqual([
      expect.objectContaining({ op: 'removed', a: expect.objectContaining({ index: 2 }) }),
    ]);
  });

  it('does not count the close a line log cannot know as a difference', () => {
    const session = sessionOf(chat([['sent', 'a']], 1011));
    const imported = importLog([...ndjsonChunks(session)].join(''));
    if (!imported.ok) throw new Error(imported.error);
    expect(diffSessions(session, imported.records).connections[0]).toMatchObject({ status: 'same' });
    // Still compared when both sides know it.
    expect(diffSessions(session, sessionOf(chat([['sent', 'a']], 1000))).connections[0]).toMatchObject({
      close: { a: '1011', b: '1000' },
    });
  });

  it('pairs connections by URL, the nth with the nth, and names the ones only on one side', () => {
    const a = sessionOf(
      { url: 'ws://h.test/a', frames: [['sent', '1']] },
      { url: 'ws://h.test/a', frames: [['sent', '2']] },
      { url: 'ws://h.test/gone', frames: [] },
    );
    const b = sessionOf(
      { url: 'ws://h.test/new', frames: [['sent', 'x']] },
      { url: 'ws://h.test/a', frames: [['sent', '1']] },
      { url: 'ws://h.test/a', frames: [['sent', '2']] },
    );
    const diff = diffSessions(a, b);
    expect(diff.connections.map((c) => [c.url, c.status])).toEqual([
      ['ws://h.test/a', 'same'],
      ['ws://h.test/a', 'same'],
      ['ws://h.test/gone', 'removed'],
      ['ws://h.test/new', 'added'],
    ]);
    expect(diff.same).toBe(false);
  });

  it('compares binary frames byte for byte and names the first differing byte', () => {
    const a = sessionOf(chat([['received', Uint8Array.of(1, 2, 3, 4)]]));
    const b = sessionOf(chat([['received', Uint8Array.of(1, 2, 9, 4)]]));
    const [connection] = diffSessions(a, b).connections;
    expect(connection!.frames).toEqual([
      expect.objectContaining({
        op: 'changed',
        changes: [{ path: 'bytes[2]', op: 'changed', before: '03 04', after: '09 04' }],
      }),
    ]);
  });

  it('diffs JSON payloads leaf by leaf, and says so in text and JSON output', () => {
    const a = sessionOf(chat([['received', '{"user":{"name":"ann","age":3},"tags":["a"]}']]));
    const b = sessionOf(chat([['received', '{"user":{"name":"bob"},"tags":["a","b"],"new":true}']]));
    const diff = diffSessions(a, b);
    const frame = diff.connections[0]!.frames[0]!;
    expect(frame.op === 'changed' && frame.changes).toEqual([
      { path: '$.user.name', op: 'changed', before: 'ann', after: 'bob' },
      { path: '$.user.age', op: 'removed', before: 3 },
      { path: '$.tags[1]', op: 'added', after: 'b' },
      { path: '$.new', op: 'added', after: true },
    ]);
    const text = formatDiffText(diff);
    expect(text).toContain('~ frame #1 ← text changed:');
    expect(text).toContain('$.user.name: "ann" → "bob"');
    expect(JSON.parse(formatDiffJson(diff))).toMatchObject({ same: false, connections: [{ status: 'changed' }] });
  });
});

describe('diffSessions: ignore rules', () => {
  const a = sessionOf(
    chat([['received', '{"ts":1700000000001,"id":"4f1c","data":{"v":1,"at":"2026-12-04T10:00:00Z"}}']]),
  );
  const b = sessionOf(
    chat([['received', '{"ts":1700000099999,"id":"9a2b","data":{"v":1,"at":"2026-12-04T18:30:12.5Z"}}']]),
  );

  it('sees the volatile fields as changes without rules', () => {
    const frame = diffSessions(a, b).connections[0]!.frames[0]!;
    expect(frame.op === 'changed' && frame.changes.map((c) => c.path)).toEqual(['$.ts', '$.id', '$.data.at']);
  });

  it('skips fields named by JSON paths', () => {
    expect(diffSessions(a, b, { paths: ['$.ts', '$.id', '$..at'] }).same).toBe(true);
    const frame = diffSessions(a, b, { paths: ['$.ts', '$.id'] }).connections[0]!.frames[0]!;
    expect(frame.op === 'changed' && frame.changes.map((c) => c.path)).toEqual(['$.data.at']);
  });

  it('blanks regex matches, in payloads and in URLs that pair connections', () => {
    // In JSON the regexes apply to string values; numbers are for paths.
    const frame = diffSessions(a, b, { regexes: [String.raw`^\d{4}-\d\d-\d\dT[\d:.]+Z$`, '^[0-9a-f]{4}$'] })
      .connections[0]!.frames[0]!;
    expect(frame.op === 'changed' && frame.changes.map((c) => c.path)).toEqual(['$.ts']);
    expect(
      diffSessions(a, b, { paths: ['$.ts'], regexes: [String.raw`\d{4}-[\d-]+T[\d:.]+Z`, '^[0-9a-f]{4}$'] }).same,
    ).toBe(true);
    const x = sessionOf({ url: 'ws://h.test/s?token=abc', frames: [['sent', 'hi']] });
    const y = sessionOf({ url: 'ws://h.test/s?token=xyz', frames: [['sent', 'hi']] });
    expect(diffSessions(x, y).connections.map((c) => c.status)).toEqual(['removed', 'added']);
    expect(diffSessions(x, y, { regexes: ['token=\\w+'] }).same).toBe(true);
  });

  it('has a preset for timestamps, epoch milliseconds and UUIDs', () => {
    const u = sessionOf(
      chat([['received', 'at 2026-12-04T10:00:00Z id 0d8f5bb2-2a43-4c7e-9f0a-3b1b1e2f4a55 ts 1764842400000']]),
    );
    const v = sessionOf(
      chat([['received', 'at 2026-12-05T11:22:33.4+01:00 id 6a1e0c7d-8f39-4b1f-a1c2-7e9d0b3c5f11 ts 1764900000123']]),
    );
    expect(diffSessions(u, v).same).toBe(false);
    expect(diffSessions(u, v, { volatile: true }).same).toBe(true);
  });

  it('refuses a bad path or regex with a message', () => {
    expect(() => compileIgnore({ paths: ['ts'] })).toThrow(/must start with/);
    expect(() => compileIgnore({ regexes: ['('] })).toThrow(/bad regular expression "\("/);
  });

  it('compares only the directions asked for', () => {
    const x = sessionOf(
      chat([
        ['sent', 'ping 1'],
        ['received', 'pong'],
      ]),
    );
    const y = sessionOf(
      chat([
        ['sent', 'ping 2'],
        ['received', 'pong'],
      ]),
    );
    expect(diffSessions(x, y).same).toBe(false);
    expect(diffSessions(x, y, { directions: ['received'] }).same).toBe(true);
  });
});
