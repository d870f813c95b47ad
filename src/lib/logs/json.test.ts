import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../protocol/schema';
import { withBase64Data } from '../../protocol/base64-records';
import { importLog } from './import';
import { buildSessionFile, exportSessionJson, sessionJsonChunks } from './json';
import { ALL_BYTES_BASE64, bulkRecords, sampleRecords } from './testing';
import { TOOL_VERSION } from './tool';

const meta = {
  pageUrl: 'https://app.example.test/',
  exportedAt: Date.UTC(2026, 10, 2, 10),
  droppedByConnection: { '1.1': 3 },
  navigations: [{ seq: 5, t: 1_789_000_000_010, url: 'https://app.example.test/next' }],
};

function importOk(text: string) {
  const result = importLog(text, 'session.json');
  if (!result.ok) throw new Error(result.error);
  return result;
}

function importError(file: object | string): string {
  const result = importLog(typeof file === 'string' ? file : JSON.stringify(file));
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

/** Records as a file holds them: binary payloads as base64. */
const inFile = (records: unknown[]) =>
  records.map((r) => ((r as { data?: unknown })?.data instanceof Uint8Array ? withBase64Data(r as SessionRecord) : r));
const fileWith = (records: unknown[], extra: object = {}) => ({
  ...buildSessionFile([], meta),
  records: inFile(records),
  ...extra,
});

describe('session JSON export', () => {
  it('writes the header and every record', () => {
    const file = buildSessionFile(sampleRecords(), meta);
    expect(file).toEqual({
      format: 'websocket-lens-session',
      version: 2,
      exportedAt: '2026-11-02T10:00:00.000Z',
      tool: { name: 'WebSocket Lens', version: TOOL_VERSION },
      page: { url: 'https://app.example.test/' },
      droppedByConnection: { '1.1': 3 },
      navigations: meta.navigations,
      records: inFile(sampleRecords()),
    });
  });

  it('writes binary payloads as base64, as the format has always had them', () => {
    const [line] = [...sessionJsonChunks(sampleRecords())]
      .join('')
      .split('\n')
      .filter((l) => l.includes('"binary"'));
    expect(JSON.parse(line!.replace(/,$/, ''))).toMatchObject({ type: 'binary', size: 256, data: ALL_BYTES_BASE64 });
  });

  it('leaves out what it does not know', () => {
    expect(Object.keys(buildSessionFile(sampleRecords(), { exportedAt: 0 }))).toEqual([
      'format',
      'version',
      'exportedAt',
      'tool',
      'records',
    ]);
  });

  it('streams exactly the document buildSessionFile describes, one record per line, in seq order', () => {
    const shuffled = [...bulkRecords(4500, 4)].reverse();
    const text = [...sessionJsonChunks(shuffled, meta)].join('');
    expect(JSON.parse(text)).toEqual(buildSessionFile(bulkRecords(4500, 4), meta));
    expect(text.split('\n').filter((l) => l.startsWith('{"'))).toHaveLength(4500 + 8 + 1);
  });
});

describe('session JSON round trip', () => {
  it('imports every record exactly as exported, with the metadata', () => {
    const result = importOk(exportSessionJson(sampleRecords(), meta));
    expect(result.source).toBe('websocket-lens-json');
    expect(result.records).toEqual(sampleRecords());
    expect(result.warnings).toEqual([]);
    expect(result.meta).toEqual({
      creator: { name: 'WebSocket Lens', version: TOOL_VERSION },
      exportedAt: meta.exportedAt,
      pageUrl: meta.pageUrl,
      droppedByConnection: meta.droppedByConnection,
      navigations: meta.navigations,
    });
  });

  it('writes what decoded frames mean, and imports them as the records they were', () => {
    const at = { sid: 1, frameId: 0, conn: '1.1' };
    const data = '{"jsonrpc":"2.0","method":"sum","id":1}';
    const records: SessionRecord[] = [
      { ...at, seq: 0, t: 1000, kind: 'create', url: 'ws://rpc.test/', protocols: [], stack: '', frameUrl: '' },
      { ...at, seq: 1, t: 1001, kind: 'frame', dir: 'sent', type: 'text', size: data.length, truncated: false, data },
    ];
    const file = JSON.parse(exportSessionJson(records)) as { records: Record<string, unknown>[] };
    expect(file.records[1]!.decoded).toEqual({ protocol: 'json-rpc', kind: 'request', name: 'sum', id: '1' });
    expect(importOk(JSON.stringify(file)).records).toEqual(records);
  });

  it('keeps sparse seqs (a trimmed session) as they are', () => {
    const records = sampleRecords().filter((r) => r.kind !== 'frame' || r.seq % 2 === 0);
    expect(importOk(exportSessionJson(records)).records).toEqual(records);
  });

  it('sorts records that are out of seq order, and says so', () => {
    const file = fileWith([...sampleRecords()].reverse());
    const result = importOk(JSON.stringify(file));
    expect(result.records).toEqual(sampleRecords());
    expect(result.warnings).toEqual(['The records were not in seq order; they were sorted.']);
  });

  it('drops unknown keys of records (a newer minor writer), keeping the known ones', () => {
    const records = sampleRecords().map((r) => ({ ...r, extra: 1 }));
    expect(importOk(JSON.stringify(fileWith(records))).records).toEqual(sampleRecords());
  });
});

describe('session JSON validation', () => {
  const records = sampleRecords();
  const at = (i: number, change: Partial<Record<string, unknown>>) =>
    records.map((r, k) => (k === i ? { ...r, ...change } : r)) as unknown[];

  it('names the record and field that is wrong', () => {
    expect(importError(fileWith(at(6, { data: 'not base64!' })))).toMatch(
      /^records\[6\]: data: Invalid Base64: Received "not base64!"\.$/,
    );
    expect(importError(fileWith(at(3, { dir: 'up' })))).toMatch(
      /^records\[3\]: dir: Invalid type: Expected \("sent" \| "received"\)/,
    );
    expect(importError(fileWith(at(0, { seq: -1 })))).toMatch(/^records\[0\]: seq: Invalid value/);
    expect(importError(fileWith(at(16, { code: 7000 })))).toMatch(/^records\[16\]: code: Invalid value/);
    expect(importError(fileWith(at(2, { kind: 'opened' })))).toMatch(/^records\[2\]: kind: Invalid type/);
    expect(importError(fileWith([...records, 'x']))).toMatch(/^records\[18\]: Invalid type: Expected Object/);
  });

  it('refuses a session the model cannot hold: duplicate seq, orphan records, a second create', () => {
    expect(importError(fileWith(at(4, { seq: 3 })))).toBe('Two records have seq 3: seq must be unique.');
    expect(importError(fileWith(records.filter((r) => !(r.kind === 'create' && r.conn === '2.1'))))).toBe(
      'The record with seq 4 (open) belongs to connection "2.1", which has no create record before it.',
    );
    expect(importError(fileWith([...records, { ...records[0]!, seq: 99 }]))).toBe(
      'The record with seq 99 creates connection "1.1" a second time.',
    );
  });

  it('checks the header', () => {
    const file = fileWith(records);
    expect(importError({ ...file, version: 3 })).toBe(
      'This session file has format version 3, written by a newer WebSocket Lens; this one reads version 2. Update the extension.',
    );
    expect(importError({ ...file, version: 0 })).toMatch(/^Not a valid WebSocket Lens session file: version: Invalid/);
    expect(importError({ ...file, records: undefined })).toBe(
      'Not a valid WebSocket Lens session file: records is missing.',
    );
    expect(importError({ ...file, records: {} })).toMatch(/session file: records: Invalid type: Expected Array/);
    expect(importError({ ...file, exportedAt: 'yesterday' })).toMatch(/session file: exportedAt: Invalid timestamp/);
    expect(importError({ ...file, tool: undefined })).toBe('Not a valid WebSocket Lens session file: tool is missing.');
    expect(importError({ ...file, tool: 'x' })).toMatch(/session file: tool: Invalid type: Expected Object/);
  });

  it('cuts long values quoted in errors', () => {
    const error = importError(fileWith(at(6, { data: `${'A'.repeat(50_000)}!` })));
    expect(error.length).toBeLessThan(300);
  });

  it('accepts an empty session', () => {
    expect(importOk(exportSessionJson([])).records).toEqual([]);
  });

  it('type-checks what it returns as session records', () => {
    const result = importOk(exportSessionJson(sampleRecords()));
    const first: SessionRecord | undefined = result.records[0];
    expect(first?.kind).toBe('create');
  });
});
