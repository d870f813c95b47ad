import { describe, expect, it } from 'vitest';
import { CdpSockets, NO_STATUS, type CdpParams, type CdpRecord } from './cdp-sockets';
import { parseWireRecord, parseWith } from '../../protocol/schema';
import { HandshakeRecordSchema } from '../../protocol/handshake';

const WORKER = { type: 'dedicated' as const, url: 'http://127.0.0.1:4000/worker.js' };
const SHARED = { type: 'shared' as const, url: 'http://127.0.0.1:4000/shared.js' };

/** Events as Chromium 156 sent them for a worker's socket (payloads and ids kept, headers cut down). */
const RECORDED: [string, CdpParams][] = [
  ['Network.webSocketCreated', { requestId: '7.1', url: 'ws://127.0.0.1:4000/echo?from=shared', initiator: {} }],
  [
    'Network.webSocketWillSendHandshakeRequest',
    { requestId: '7.1', timestamp: 100, wallTime: 1_764_000_000, request: { headers: { Upgrade: 'websocket' } } },
  ],
  [
    'Network.webSocketHandshakeResponseReceived',
    {
      requestId: '7.1',
      timestamp: 100.25,
      response: { status: 101, headers: { 'Sec-WebSocket-Protocol': 'lens.v1', 'sec-websocket-extensions': '' } },
    },
  ],
  ['Network.webSocketFrameSent', { requestId: '7.1', timestamp: 100.5, response: { opcode: 1, payloadData: 'héllo' } }],
  ['Network.webSocketFrameSent', { requestId: '7.1', timestamp: 100.6, response: { opcode: 2, payloadData: 'AQL/' } }],
  [
    'Network.webSocketFrameReceived',
    { requestId: '7.1', timestamp: 100.7, response: { opcode: 2, payloadData: 'AQL/' } },
  ],
  ['Network.webSocketFrameReceived', { requestId: '9.9', timestamp: 100.8, response: { opcode: 1, payloadData: 'x' } }],
  ['Network.webSocketClosed', { requestId: '7.1', timestamp: 101 }],
];

function feed(sockets: CdpSockets, events: [string, CdpParams][]): CdpRecord[] {
  return events.flatMap(([method, params]) => sockets.event(method, params));
}

describe('CdpSockets', () => {
  it("turns one socket's events into the hook's record shapes, times on the wall clock", () => {
    let sid = 0;
    const records = feed(
      new CdpSockets(
        WORKER,
        () => ++sid,
        () => 5,
      ),
      RECORDED,
    );
    for (const record of records) expect(parseWireRecord(record).ok).toBe(true);
    const wall = 1_764_000_000_000;
    expect(records).toEqual([
      {
        kind: 'create',
        sid: 1,
        t: 5,
        url: 'ws://127.0.0.1:4000/echo?from=shared',
        protocols: [],
        stack: '',
        frameUrl: '',
        worker: WORKER,
      },
      { kind: 'open', sid: 1, t: wall + 250, protocol: 'lens.v1', extensions: '' },
      { kind: 'frame', sid: 1, t: wall + 500, dir: 'sent', type: 'text', data: 'héllo', size: 6, truncated: false },
      {
        kind: 'frame',
        sid: 1,
        t: wall + 600,
        dir: 'sent',
        type: 'binary',
        data: new Uint8Array([1, 2, 255]),
        size: 3,
        truncated: false,
      },
      {
        kind: 'frame',
        sid: 1,
        t: wall + 700,
        dir: 'received',
        type: 'binary',
        data: new Uint8Array([1, 2, 255]),
        size: 3,
        truncated: false,
      },
      { kind: 'close', sid: 1, t: wall + 1000, code: NO_STATUS, reason: '', wasClean: false, by: 'unknown' },
    ]);
  });

  it('cuts payloads at the limit and keeps their true size', () => {
    const sockets = new CdpSockets(
      WORKER,
      () => 1,
      () => 5,
    );
    sockets.payloadLimit = 2;
    const records = feed(sockets, [
      RECORDED[0]!,
      ['Network.webSocketFrameSent', { requestId: '7.1', response: { opcode: 1, payloadData: 'abcd' } }],
      ['Network.webSocketFrameSent', { requestId: '7.1', response: { opcode: 2, payloadData: 'AQID' } }],
    ]);
    expect(records.slice(1)).toMatchObject([
      { type: 'text', data: 'ab', size: 4, truncated: true },
      { type: 'binary', data: new Uint8Array([1, 2]), size: 3, truncated: true },
    ]);
  });

  it('ends open sockets when capture ends, and a refused handshake with an error', () => {
    let sid = 0;
    const sockets = new CdpSockets(
      WORKER,
      () => ++sid,
      () => 9,
    );
    feed(sockets, [RECORDED[0]!, ['Network.webSocketCreated', { requestId: '7.2', url: 'ws://127.0.0.1:4000/no' }]]);
    expect(
      sockets.event('Network.webSocketHandshakeResponseReceived', { requestId: '7.2', response: { status: 403 } }),
    ).toEqual([
      { kind: 'error', sid: 2, t: 9 },
      { kind: 'close', sid: 2, t: 9, code: 1006, reason: '', wasClean: false, by: 'network' },
    ]);
    expect(sockets.endAll()).toEqual([
      { kind: 'close', sid: 1, t: 9, code: NO_STATUS, reason: '', wasClean: false, by: 'detached' },
    ]);
    expect(sockets.endAll()).toEqual([]);
  });

  it('ignores control frames, other domains and events without a socket', () => {
    const sockets = new CdpSockets(WORKER, () => 1);
    expect(sockets.event('Network.requestWillBeSent', { requestId: '1' })).toEqual([]);
    expect(sockets.event('Network.webSocketCreated', {})).toEqual([]);
    feed(sockets, [RECORDED[0]!]);
    expect(sockets.event('Network.webSocketFrameSent', { requestId: '7.1', response: { opcode: 9 } })).toEqual([]);
  });

  it("keeps the worker's stack at new WebSocket, as V8 writes one", () => {
    const sockets = new CdpSockets(WORKER, () => 1);
    const initiator = {
      type: 'script',
      stack: {
        callFrames: [
          { functionName: 'open', url: WORKER.url, lineNumber: 4, columnNumber: 11 },
          { functionName: '', url: WORKER.url, lineNumber: 20, columnNumber: 0 },
        ],
      },
    };
    const [create] = sockets.event('Network.webSocketCreated', { requestId: '1', url: 'ws://h/a', initiator });
    expect(create).toMatchObject({ stack: `    at open (${WORKER.url}:5:12)\n    at ${WORKER.url}:21:1` });
  });

  it("gives a shared or service worker's socket its handshake (webRequest files those under no tab), before its open", () => {
    const records = feed(
      new CdpSockets(
        SHARED,
        () => 1,
        () => 5,
      ),
      RECORDED.slice(0, 3),
    );
    expect(records.map((r) => r.kind)).toEqual(['create', 'handshake', 'open']);
    const wall = 1_764_000_000_000;
    expect(records[1]).toEqual({
      kind: 'handshake',
      sid: 1,
      t: wall,
      url: 'ws://127.0.0.1:4000/echo?from=shared',
      method: 'GET',
      requestHeaders: [{ name: 'Upgrade', value: 'websocket' }],
      status: 101,
      statusLine: 'HTTP/1.1 101',
      responseHeaders: [
        { name: 'Sec-WebSocket-Protocol', value: 'lens.v1' },
        { name: 'sec-websocket-extensions', value: '' },
      ],
      error: '',
      sentAt: wall,
      respondedAt: wall + 250,
      endedAt: wall + 250,
      context: 'worker',
    });
    expect(parseWith(HandshakeRecordSchema, records[1]).ok).toBe(true);
  });
});
