import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../protocol/schema';
import { testHandshake } from '../../protocol/handshake-testing';
import { buildHar, exportHar } from './har';
import { exportSessionJson } from './json';
import { importLog } from './import';

const T = 1_789_000_000_000;
/** A socket the hook saw, opened with headers; and one seen only by the browser, refused. */
function records(): SessionRecord[] {
  const hook = { conn: '1.1', sid: 1, frameId: 0 };
  const only = { conn: '2.1', sid: 1, frameId: 0 };
  const list: object[] = [
    {
      ...hook,
      kind: 'create',
      t: T,
      url: 'ws://127.0.0.1:8080/chat',
      protocols: ['chat.v9'],
      stack: '',
      frameUrl: 'http://127.0.0.1:8080/',
      source: 'hook',
    },
    {
      ...hook,
      ...testHandshake({
        t: T + 1,
        url: 'ws://127.0.0.1:8080/chat',
        requestHeaders: [{ name: 'Cookie', value: 'sess=abc123', valueLength: 20000 }],
        responseHeaders: [{ name: 'X-Lens-Test', value: 'hello' }],
        sentAt: T + 2,
        respondedAt: T + 10,
        endedAt: T + 12,
        context: 'document',
      }),
      kind: 'handshake',
      source: 'webrequest',
    },
    { ...hook, kind: 'open', t: T + 13, protocol: 'chat.v9', extensions: '', source: 'hook' },
    {
      ...only,
      kind: 'create',
      t: T + 20,
      url: 'ws://127.0.0.1:8080/worker',
      protocols: [],
      stack: '',
      frameUrl: '',
      source: 'webrequest',
    },
    {
      ...only,
      ...testHandshake({
        t: T + 20,
        url: 'ws://127.0.0.1:8080/worker',
        status: 0,
        statusLine: '',
        responseHeaders: [],
        respondedAt: undefined,
        error: 'NS_ERROR_CONNECTION_REFUSED',
        endedAt: T + 25,
        context: 'worker',
        hiddenHeaders: true,
      }),
      kind: 'handshake',
      source: 'webrequest',
    },
  ];
  return list.map((record, seq) => JSON.parse(JSON.stringify({ ...record, seq })) as SessionRecord);
}

describe('handshakes in session logs', () => {
  it('HAR entries carry the real request and response headers, status, timings and error', () => {
    const [chat, worker] = buildHar(records()).log.entries;
    expect(chat!.request.headers).toEqual([
      { name: 'Cookie', value: 'sess=abc123' },
      // Chrome does not report the subprotocols it sends: the page's, as asked.
      { name: 'Sec-WebSocket-Protocol', value: 'chat.v9' },
    ]);
    expect(chat!.response).toMatchObject({
      status: 101,
      statusText: 'Switching Protocols',
      httpVersion: 'HTTP/1.1',
      headers: [{ name: 'X-Lens-Test', value: 'hello' }],
    });
    expect(chat!.timings).toMatchObject({ send: 1, wait: 8, receive: 2 });
    expect(chat!.time).toBe(11);
    expect(worker!.response.status).toBe(0);
    expect(worker!._error).toBe('NS_ERROR_CONNECTION_REFUSED');
    expect(chat!.request.comment).toBeUndefined();
    expect(worker!.request.comment).toContain('Chrome left out Cookie, Origin');
  });

  it('reads the handshakes back from our HAR and our JSON, read-only sockets still read-only', () => {
    for (const text of [exportHar(records()), exportSessionJson(records())]) {
      const result = importLog(text);
      if (!result.ok) throw new Error(result.error);
      const handshakes = result.records.filter((r) => r.kind === 'handshake');
      expect(handshakes.map((h) => [h.conn, h.status, h.error, h.context, h.hiddenHeaders])).toEqual([
        ['1.1', 101, '', 'document', undefined],
        ['2.1', 0, 'NS_ERROR_CONNECTION_REFUSED', 'worker', true],
      ]);
      expect(handshakes[0]!.requestHeaders).toEqual([{ name: 'Cookie', value: 'sess=abc123', valueLength: 20000 }]);
      const creates = result.records.filter((r) => r.kind === 'create');
      expect(creates.map((c) => c.source)).toEqual([undefined, 'webrequest']);
    }
  });

  it('still imports a version 1 session file', () => {
    const file = JSON.parse(exportSessionJson(records().filter((r) => r.conn === '1.1' && r.kind !== 'handshake')));
    const result = importLog(JSON.stringify({ ...file, version: 1 }));
    expect(result.ok && result.records.map((r) => r.kind)).toEqual(['create', 'open']);
  });
});
