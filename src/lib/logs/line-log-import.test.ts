import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../protocol/schema';
import { importLog } from './import';
import { exportNdjson, exportText, ndjsonChunks, textChunks } from './ndjson';
import { NDJSON_NOTE } from './ndjson-import';
import { TEXT_LOG_NOTE } from './text-log-import';
import { ALL_BYTES, bulkRecords, sampleRecords } from './testing';
import { sessionOf } from '../diff/testing';

function imported(text: string): { records: SessionRecord[]; warnings: string[]; source: string } {
  const result = importLog(text, 'log');
  if (!result.ok) throw new Error(result.error);
  return result;
}

const frames = (records: SessionRecord[]) => records.filter((r) => r.kind === 'frame');

describe.each([
  ['NDJSON', exportNdjson, 'ndjson', NDJSON_NOTE],
  ['text', exportText, 'text-log', TEXT_LOG_NOTE],
] as const)('importing a %s frame log', (_, exportLog, source, note) => {
  const original = exportLog(sampleRecords());

  it('exports again to the same file', () => {
    const once = imported(original);
    expect(once.source).toBe(source);
    expect(exportLog(once.records)).toBe(original);
    const bulk = exportLog(bulkRecords(3000, 4));
    expect(exportLog(imported(bulk).records)).toBe(bulk);
  });

  it('keeps every frame: time, direction, type, size, cut flag and exact payload', () => {
    const { records, warnings } = imported(original);
    const want = frames(sampleRecords());
    expect(
      frames(records).map(({ t, dir, type, size, truncated, conn }) => ({ t, dir, type, size, truncated, conn })),
    ).toEqual(
      want.map(({ t, dir, type, size, truncated, conn }) => ({ t: Math.floor(t), dir, type, size, truncated, conn })),
    );
    expect(frames(records).map((f) => f.data)).toEqual(want.map((f) => f.data));
    expect(frames(records).find((f) => f.size === 256)!.data).toEqual(ALL_BYTES);
    expect(records.filter((r) => r.kind === 'create').map((r) => [r.conn, r.url])).toContainEqual([
      '1.1',
      'wss://chat.example.test/room?id=7&lang=en',
    ]);
    // Only creates and frames: a line log holds no open, close or handshake, and the note says so.
    expect(new Set(records.map((r) => r.kind))).toEqual(new Set(['create', 'frame']));
    expect(warnings).toEqual([note]);
  });

  it('makes a session: unique seqs, each connection created before its frames', () => {
    const { records } = imported(original);
    const created = new Set<string>();
    records.forEach((r, i) => {
      if (i > 0) expect(r.seq).toBeGreaterThan(records[i - 1]!.seq);
      if (r.kind === 'create') created.add(r.conn);
      else expect(created.has(r.conn)).toBe(true);
    });
  });

  it('reads CRLF line breaks, a byte order mark, blank lines and a missing last line break', () => {
    const crlf = `\ufeff${original.replace(/\n/g, '\r\n').replace(/\r\n/, '\r\n\r\n')}`.trimEnd();
    expect(exportLog(imported(crlf).records)).toBe(original);
  });

  it('imports the good lines of a damaged file and names the bad ones by line number', () => {
    const lines = original.split('\n');
    const bad = lines.findIndex((l) => l.includes('AQID'));
    lines[bad] = lines[bad]!.replace('AQID', 'A!ID').replace('"AQID"', '"A!ID"');
    lines.splice(bad + 1, 0, 'not a frame at all');
    const { records, warnings } = imported(lines.join('\n'));
    expect(frames(records)).toHaveLength(frames(sampleRecords()).length - 1);
    expect(warnings[1]).toMatch(
      new RegExp(
        `^2 lines could not be read and were skipped \\(every other line was imported\\): line ${bad + 1}: .*base64.*; line ${bad + 2}: `,
      ),
    );
  });

  it('reads a big log in one pass', () => {
    const text = [...(source === 'ndjson' ? ndjsonChunks : textChunks)(bulkRecords(100_000, 50))].join('');
    const started = performance.now();
    expect(frames(imported(text).records)).toHaveLength(100_000);
    expect(performance.now() - started).toBeLessThan(10_000);
  }, 30_000);
});

describe('importing an NDJSON frame log', () => {
  const line = (seq: number, conn: string, extra: object = {}) =>
    JSON.stringify({
      seq,
      time: '2026-09-10T00:00:00.000Z',
      conn,
      url: `wss://h.test/${conn}`,
      dir: 'sent',
      type: 'text',
      size: 1,
      data: 'x',
      ...extra,
    });

  it('keeps the file seqs when each connection fits a create below its first frame, however crowded', () => {
    // 20,000 sockets of one frame each at seqs 20,000–39,999: every create must search below the others.
    const count = 20_000;
    const text = Array.from({ length: count }, (_, i) => line(count + i, `c${i}`)).join('\n');
    const started = performance.now();
    const { records } = imported(text);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(frames(records).map((f) => f.seq)).toEqual(Array.from({ length: count }, (_, i) => count + i));
    expect(new Set(records.map((r) => r.seq)).size).toBe(2 * count);
  });

  it('exports again with the same decoded fields, whose replyTo points at the kept seqs', () => {
    const rpc = exportNdjson(
      sessionOf({
        url: 'wss://h.test/rpc',
        frames: [
          ['sent', '{"jsonrpc":"2.0","id":1,"method":"sum","params":[2,3]}'],
          ['received', '{"jsonrpc":"2.0","id":1,"result":5}'],
        ],
      }),
    );
    expect(rpc).toContain('"replyTo":2');
    expect(exportNdjson(imported(rpc).records)).toBe(rpc);
  });

  it('numbers anew when the file seqs leave no room for the creates', () => {
    const { records } = imported([line(0, 'a'), line(1, 'b')].join('\n'));
    expect(records.map((r) => `${r.kind} ${r.conn} ${r.seq}`)).toEqual([
      'create a 0',
      'create b 1',
      'frame a 2',
      'frame b 3',
    ]);
  });

  it('counts what a redacted export masked, in the note', () => {
    const text = [
      line(1, 'a', { redacted: ['jwt', 'json-field'] }),
      line(2, 'a', { redacted: ['jwt'] }),
      line(3, 'a'),
    ].join('\n');
    expect(imported(text).warnings).toEqual([
      NDJSON_NOTE,
      'Redacted export: 2 frames have masked values (jwt 2, json-field 1); sizes are kept.',
    ]);
  });

  it('reads a one-line log, and refuses one with no readable line', () => {
    expect(frames(imported(line(1, 'a')).records)).toHaveLength(1);
    const result = importLog(`${line(1, 'a', { dir: 'up' })}\n${line(2, 'a', { url: 5 })}\n`);
    expect(result).toEqual({
      ok: false,
      error:
        'The file has no frame that could be read: line 1: dir must be "sent" or "received", not "up"; line 2: url must be a string, not 5.',
    });
  });

  it('refuses a connection id that changes URL, on that line only', () => {
    const { records, warnings } = imported([line(1, 'a'), line(2, 'a', { url: 'wss://other.test/' })].join('\n'));
    expect(frames(records)).toHaveLength(1);
    expect(warnings[1]).toContain('line 2: connection "a" was wss://h.test/a on an earlier line');
  });
});

describe('importing a text frame log', () => {
  const header = '# 1.1  wss://h.test/a  (frame unknown)';

  it('reverses the escapes exactly and refuses an escape the export never writes', () => {
    const { records, warnings } = imported(
      [
        header,
        '2026-09-10T00:00:00.000Z  1.1  recv  text  7 B  a\\\\n\\tb\\r',
        '2026-09-10T00:00:00.000Z  1.1  recv  text  2 B  \\x',
      ].join('\n'),
    );
    expect(frames(records).map((f) => f.data)).toEqual(['a\\n\tb\r']);
    expect(warnings[1]).toMatch(/^1 line could not be read .*line 3: a backslash must be followed by/);
  });

  it('keeps a connection with no frames, and an empty payload whose trailing spaces an editor removed', () => {
    const { records } = imported(
      [
        header,
        '# 1.2  wss://h.test/b  (frame https://app.test/)',
        '2026-09-10T00:00:00.000Z  1.1  sent  text  0 B',
      ].join('\n'),
    );
    expect(records.filter((r) => r.kind === 'create').map((r) => [r.conn, r.frameUrl])).toEqual([
      ['1.1', ''],
      ['1.2', 'https://app.test/'],
    ]);
    expect(frames(records)).toMatchObject([{ data: '', size: 0 }]);
  });

  it('says when a frame names a connection with no header line', () => {
    const { warnings } = imported([header, '2026-09-10T00:00:00.000Z  9.9  sent  text  1 B  x'].join('\n'));
    expect(warnings[1]).toContain('line 2: connection "9.9" has no "# 9.9  <url>" line before it');
  });
});
