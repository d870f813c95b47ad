import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../protocol/schema';
import { base64ToBytes } from '../base64';
import { buildHar, exportHar, harChunks } from './har';
import { importLog } from './import';
import { ALL_BYTES_BASE64, bulkRecords, sampleRecords } from './testing';
import { TOOL_VERSION } from './tool';

const meta = { pageUrl: 'https://app.example.test/', exportedAt: Date.UTC(2026, 10, 2, 10) };

/** HAR keeps times in seconds: compare to the microsecond. */
function comparable(records: SessionRecord[]) {
  return records.map((r) => ({ ...r, t: Math.round(r.t * 1000) / 1000 }));
}

describe('exportHar', () => {
  it('writes one websocket entry per connection, in order of creation, with the creator and page', () => {
    const har = buildHar(sampleRecords(), meta);
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator).toEqual({ name: 'WebSocket Lens', version: TOOL_VERSION });
    expect(har.log.pages).toEqual([
      expect.objectContaining({
        id: 'page_1',
        title: 'https://app.example.test/',
        startedDateTime: '2026-09-10T00:26:40.000Z',
      }),
    ]);
    expect(har.log.entries.map((e) => [e._resourceType, e.request.url, e.pageref])).toEqual([
      ['websocket', 'wss://chat.example.test/room?id=7&lang=en', 'page_1'],
      ['websocket', 'ws://127.0.0.1:8080/feed', 'page_1'],
      ['websocket', 'ws://127.0.0.1:1/offline', 'page_1'],
    ]);
    expect(har.log._webSocketLens).toEqual({ version: 2, exportedAt: '2026-11-02T10:00:00.000Z' });
  });

  it("writes frames as Chrome DevTools' _webSocketMessages: send/receive, epoch seconds, opcode 1/2, base64 binary", () => {
    const [chat, feed] = buildHar(sampleRecords(), meta).log.entries;
    const chrome = (m: object) => {
      const { type, time, opcode, data } = m as Record<string, unknown>;
      return { type, time, opcode, data };
    };
    expect(chat!._webSocketMessages.map(chrome)).toEqual([
      { type: 'send', time: 1789000000.02125, opcode: 1, data: '{"type":"hello","n":' },
      { type: 'receive', time: 1789000000.03075, opcode: 1, data: 'héllo 👋 \n\ttab "q" \\' },
      { type: 'receive', time: 1789000000.04025, opcode: 1, data: 'abc' },
      { type: 'send', time: 1789000000.04225, opcode: 1, data: '' },
    ]);
    expect(feed!._webSocketMessages.map(chrome)).toEqual([
      { type: 'receive', time: 1789000000.03125, opcode: 2, data: ALL_BYTES_BASE64 },
      { type: 'send', time: 1789000000.03225, opcode: 2, data: '' },
      { type: 'send', time: 1789000000.03325, opcode: 2, data: 'AQID' },
      { type: 'receive', time: 1789000000.04125, opcode: 2, data: 'AAEC' },
    ]);
    expect([...base64ToBytes(feed!._webSocketMessages[0]!.data)]).toEqual([...Array(256).keys()]);
  });

  it('marks cut payloads with their true size, and only them', () => {
    const messages = buildHar(sampleRecords()).log.entries.flatMap((e) => e._webSocketMessages);
    const extras = messages.filter((m) => m._size !== undefined || m._truncated);
    expect(extras.map((m) => [m.data, m._size, m._truncated])).toEqual([
      ['abc', 5_000_000, true],
      ['AAEC', 2_000_000, true],
    ]);
  });

  it('fills the HAR request, response and timings from the lifecycle', () => {
    const [chat, , offline] = buildHar(sampleRecords()).log.entries;
    expect(chat!.startedDateTime).toBe('2026-09-10T00:26:40.000Z');
    expect(chat!.request.headers).toEqual([{ name: 'Sec-WebSocket-Protocol', value: 'chat.v2, chat.v1' }]);
    expect(chat!.request.queryString).toEqual([
      { name: 'id', value: '7' },
      { name: 'lang', value: 'en' },
    ]);
    expect(chat!.response.status).toBe(101);
    expect(chat!.response.headers).toEqual([
      { name: 'Sec-WebSocket-Protocol', value: 'chat.v2' },
      { name: 'Sec-WebSocket-Extensions', value: 'permessage-deflate' },
    ]);
    expect(chat!.timings.wait).toBeCloseTo(20.125);
    expect(chat!.time).toBe(chat!.timings.wait);
    expect(offline!.response.status).toBe(0);
    expect(offline!._webSocketMessages).toEqual([]);
    expect(offline!._webSocketLens.events.map((e) => e.kind)).toEqual(['create', 'error', 'close']);
  });

  it('keeps close codes, frame ids, frame URLs and stacks in _webSocketLens', () => {
    const [chat, feed] = buildHar(sampleRecords()).log.entries;
    expect(feed!._webSocketLens.frameId).toBe(4);
    expect(feed!._webSocketLens.events[0]).toMatchObject({
      kind: 'create',
      frameUrl: 'https://widgets.example.test/frame.html',
    });
    expect(chat!._webSocketLens.events.at(-1)).toMatchObject({ kind: 'close', code: 4001, reason: 'bye', by: 'page' });
    expect(chat!._webSocketLens.events[0]).toMatchObject({ stack: expect.stringContaining('at connect (') });
  });

  it('writes the dropped-frame counts it is given per connection', () => {
    const har = buildHar(sampleRecords(), { droppedByConnection: { '2.1': 12 } });
    expect(har.log.entries.map((e) => e._webSocketLens.droppedFrames)).toEqual([undefined, 12, undefined]);
  });

  it('streams exactly the document buildHar describes', () => {
    for (const records of [sampleRecords(), bulkRecords(5000, 3), []]) {
      const chunks = [...harChunks(records, meta)];
      expect(JSON.parse(chunks.join(''))).toEqual(buildHar(records, meta));
    }
    expect([...harChunks(bulkRecords(5000, 1), meta)].length).toBeGreaterThan(3);
  });

  it('writes one message per line', () => {
    const lines = exportHar(bulkRecords(100, 2)).split('\n');
    expect(lines.filter((l) => l.startsWith('{"type":'))).toHaveLength(100);
  });

  it('leaves out records of connections whose create record is not exported', () => {
    const records = sampleRecords().filter((r) => !(r.conn === '2.1' && r.kind === 'create'));
    expect(buildHar(records).log.entries.map((e) => e._webSocketLens.conn)).toEqual(['1.1', '1.2']);
  });
});

describe('HAR round trip', () => {
  it('imports our own HAR back to the same records: lifecycle, order, exact bytes, cut markers', () => {
    const records = sampleRecords();
    const result = importLog(exportHar(records, meta), 'session.har');
    if (!result.ok) throw new Error(result.error);
    expect(result.source).toBe('har');
    expect(result.warnings).toEqual([]);
    expect(comparable(result.records)).toEqual(comparable(records));
    expect(result.meta).toEqual({
      creator: { name: 'WebSocket Lens', version: TOOL_VERSION },
      pageUrl: 'https://app.example.test/',
      exportedAt: meta.exportedAt,
    });
  });

  it('keeps the dropped-frame counts and navigation markers', () => {
    const navigations = [{ seq: 3, t: 1_789_000_000_000, url: 'https://app.example.test/next' }];
    const result = importLog(exportHar(sampleRecords(), { droppedByConnection: { '1.1': 7 }, navigations }));
    if (!result.ok) throw new Error(result.error);
    expect(result.meta.droppedByConnection).toEqual({ '1.1': 7 });
    expect(result.meta.navigations).toEqual(navigations);
  });

  it('renumbers a trimmed session densely, keeping the order', () => {
    const records = sampleRecords().filter((r) => r.seq % 4 !== 3 || r.kind !== 'frame');
    const result = importLog(exportHar(records));
    if (!result.ok) throw new Error(result.error);
    expect(result.records.map((r) => r.seq)).toEqual(records.map((_, i) => i));
    expect(comparable(result.records).map(({ seq: _, ...r }) => r)).toEqual(
      comparable(records).map(({ seq: _, ...r }) => r),
    );
  });

  it('orders by time when a tool dropped our _seq fields', () => {
    const har = buildHar(sampleRecords());
    for (const entry of har.log.entries) for (const m of entry._webSocketMessages) delete m._seq;
    const result = importLog(JSON.stringify(har));
    if (!result.ok) throw new Error(result.error);
    expect(comparable(result.records)).toEqual(comparable(sampleRecords()));
  });
});
