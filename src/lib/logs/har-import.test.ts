import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_BASE64_CHARS, MAX_CAPTURED_BYTES, MAX_CAPTURED_CHARS } from '../../protocol/limits';
import type { SessionRecord } from '../../protocol/schema';
import { applyRecords, createSession } from '../session';
import { importLog } from './import';

const CHROME_HAR = readFileSync(new URL('../../../e2e/fixtures/chrome-devtools.har', import.meta.url), 'utf8');
const T0 = 1_793_613_600_000; // 2026-11-02T10:00:00Z, the fixture's origin

function importOk(text: string) {
  const result = importLog(text, 'capture.har');
  if (!result.ok) throw new Error(result.error);
  return result;
}

function importError(har: unknown): string {
  const result = importLog(JSON.stringify(har));
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

/** A record in a few words, for order checks. */
function brief(r: SessionRecord): string {
  if (r.kind === 'frame') return `${r.conn} ${r.dir} ${r.type}`;
  if (r.kind === 'close') return `${r.conn} close ${r.code}`;
  return `${r.conn} ${r.kind}`;
}

describe("importing Chrome DevTools' HAR (e2e/fixtures/chrome-devtools.har)", () => {
  const result = importOk(CHROME_HAR);
  const session = applyRecords(createSession(), result.records);

  it('skips the HTTP entries and makes one connection per WebSocket entry', () => {
    expect(result.source).toBe('har');
    expect([...session.connections.values()].map((c) => [c.id, c.url])).toEqual([
      ['har.2', 'wss://chat.example.test/socket?room=general'],
      ['har.3', 'ws://chat.example.test:8081/ticks'],
    ]);
    expect(session.orphans).toBe(0);
    expect(result.meta).toEqual({
      creator: { name: 'WebInspector', version: '537.36' },
      pageUrl: 'https://chat.example.test/',
    });
  });

  it('numbers the records of both connections in time order', () => {
    expect(result.records.map((r) => r.seq)).toEqual(result.records.map((_, i) => i));
    expect(result.records.map(brief)).toEqual([
      'har.2 create',
      'har.2 open',
      'har.2 sent text',
      'har.2 received text',
      'har.3 create',
      'har.3 open',
      'har.3 received binary',
      'har.2 received binary',
      'har.2 sent binary',
      'har.3 received binary',
      'har.3 error',
      'har.3 close 1005',
      'har.2 sent text',
      'har.2 close 1005',
    ]);
  });

  it('reads text and binary messages: times, directions, sizes and exact bytes', () => {
    const frames = session.connections.get('har.2')!.records.filter((r) => r.kind === 'frame');
    expect(frames.map((f) => [f.dir, f.type, f.size, f.type === 'text' ? f.data : [...f.data]])).toEqual([
      ['sent', 'text', 32, '{"type":"join","room":"general"}'],
      ['received', 'text', 63, '{"type":"welcome","users":["ada","linus"],"motd":"héllo 👋"}'],
      ['received', 'binary', 7, [0, 1, 2, 3, 4, 5, 255]],
      ['sent', 'binary', 4, [0xde, 0xad, 0xbe, 0xef]],
      ['sent', 'text', 17, 'line one\nline two'],
    ]);
    expect(frames[0]!.t).toBeCloseTo(T0 + 158.254, 3);
    expect(frames.every((f) => !f.truncated && f.frameId === 0)).toBe(true);
  });

  it('takes the handshake from the request and response: subprotocols, extension, initiator stack, page', () => {
    const chat = session.connections.get('har.2')!;
    expect(chat.protocols).toEqual(['chat.v2', 'chat.v1']);
    expect(chat.protocol).toBe('chat.v2');
    expect(chat.extensions).toBe('permessage-deflate');
    expect(chat.stack).toBe(
      '    at connect (https://chat.example.test/app.js:12:18)\n    at https://chat.example.test/app.js:41:1',
    );
    expect(chat.frameUrl).toBe('https://chat.example.test/');
    expect(chat.createdAt).toBe(T0 + 100);
    expect(chat.openedAt).toBeCloseTo(T0 + 135.2, 6);
    const ticks = session.connections.get('har.3')!;
    expect(ticks.stack).toBe(
      '    at startTicker (https://chat.example.test/app.js:53:5)\n    (async setTimeout)\n    at https://chat.example.test/app.js:61:3',
    );
    expect(ticks.protocols).toEqual([]);
  });

  it("keeps Chrome's error message as an error event, and says how the connections' ends were made up", () => {
    const ticks = session.connections.get('har.3')!;
    expect(ticks.error).toBe(true);
    expect(ticks.close).toEqual({ code: 1005, reason: '', wasClean: false, by: 'network' });
    expect(ticks.closedAt).toBeCloseTo(T0 + 900, 3);
    expect(result.warnings).toEqual([
      'HAR does not record how a WebSocket ended: 2 connections end with a stand-in close (code 1005 "no status" at the last message; 1006 after a failed handshake).',
      '1 "error" message became an error event (without their text).',
    ]);
  });
});

/** A HAR as a minimal tool might write it: only what the spec requires, and not all of that. */
function otherTool(entries: unknown[]) {
  return { log: { version: '1.2', creator: { name: 'other', version: '1' }, entries } };
}
const wsEntry = (messages: unknown[], extra: object = {}) => ({
  startedDateTime: '2026-11-02T10:00:00.000Z',
  request: { url: 'wss://other.example.test/s' },
  _webSocketMessages: messages,
  ...extra,
});

describe("importing another tool's HAR", () => {
  it('needs only request.url and the messages; a failed handshake gets an error and a 1006', () => {
    const result = importOk(
      JSON.stringify(
        otherTool([
          wsEntry([{ type: 'receive', time: T0 / 1000 + 1, opcode: 1, data: 'hi' }]),
          wsEntry([], { request: { url: 'ws://other.example.test/down' }, response: { status: 0 } }),
        ]),
      ),
    );
    const session = applyRecords(createSession(), result.records);
    const [up, down] = [...session.connections.values()];
    expect(up!.records.map((r) => r.kind)).toEqual(['create', 'open', 'frame', 'close']);
    expect(up!.records[2]).toMatchObject({ dir: 'received', type: 'text', data: 'hi', size: 2 });
    expect(down!.records.map((r) => r.kind)).toEqual(['create', 'error', 'close']);
    expect(down!.close).toMatchObject({ code: 1006, by: 'network' });
    expect(down!.frameUrl).toBe('');
  });

  it('reads millisecond times, skips control frames, accepts base64 without padding', () => {
    const result = importOk(
      JSON.stringify(
        otherTool([
          wsEntry([
            { type: 'send', time: T0 + 5, opcode: 2, data: 'AQI' },
            { type: 'receive', time: T0 + 6, opcode: 9, data: '' },
            { type: 'receive', time: T0 + 7, opcode: 10, data: '' },
          ]),
        ]),
      ),
    );
    const frames = result.records.filter((r) => r.kind === 'frame');
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ t: T0 + 5, type: 'binary', data: new Uint8Array([1, 2]), size: 2 });
    expect(result.warnings).toContain('2 control frames were skipped (ping, pong, close: opcodes 8–10).');
    expect(result.warnings).toContain('3 message times look like milliseconds, not seconds, and were read as such.');
  });

  it('cuts messages longer than the capture limit as the extension would, keeping the true size', () => {
    const big = 'é'.repeat(MAX_CAPTURED_CHARS + 10);
    const bytes = 'AAAA'.repeat(MAX_BASE64_CHARS / 4 + 3);
    const result = importOk(
      JSON.stringify(
        otherTool([
          wsEntry([
            { type: 'receive', time: 1, opcode: 1, data: big },
            { type: 'receive', time: 2, opcode: 2, data: bytes },
          ]),
        ]),
      ),
    );
    const [text, binary] = result.records.filter((r) => r.kind === 'frame');
    expect(text).toMatchObject({ truncated: true, size: big.length * 2 });
    expect(text!.data.length).toBe(MAX_CAPTURED_CHARS);
    expect(binary).toMatchObject({ truncated: true, size: (bytes.length / 4) * 3 });
    expect(binary!.data.length).toBe(MAX_CAPTURED_BYTES);
    expect(result.warnings).toContain(
      '2 messages longer than 1 MiB were cut to 1 MiB, as the extension cuts what it captures (the true size is kept).',
    );
  });

  it('never splits a surrogate pair when it cuts text', () => {
    const big = `${'a'.repeat(MAX_CAPTURED_CHARS - 1)}👋`;
    const [frame] = importOk(
      JSON.stringify(otherTool([wsEntry([{ type: 'send', time: 1, opcode: 1, data: big }])])),
    ).records.filter((r) => r.kind === 'frame');
    expect(frame!.data).toBe('a'.repeat(MAX_CAPTURED_CHARS - 1));
  });

  it('keeps each connection in its own order even when its times go backwards', () => {
    const result = importOk(
      JSON.stringify(
        otherTool([
          wsEntry([
            { type: 'send', time: 10, opcode: 1, data: 'first' },
            { type: 'send', time: 9, opcode: 1, data: 'second' },
          ]),
          wsEntry([{ type: 'send', time: 9.5, opcode: 1, data: 'other' }], { request: { url: 'ws://b/' } }),
        ]),
      ),
    );
    const sent = result.records.filter((r) => r.kind === 'frame').map((r) => (r.kind === 'frame' ? r.data : ''));
    expect(sent).toEqual(['other', 'first', 'second']);
  });

  it('skips WebSocket entries without messages and says so', () => {
    const result = importOk(
      JSON.stringify(
        otherTool([
          { request: { url: 'wss://firefox.example.test/' }, _resourceType: 'websocket' },
          wsEntry([{ type: 'send', time: 1, opcode: 1, data: 'x' }]),
        ]),
      ),
    );
    expect(result.warnings[0]).toBe('1 WebSocket entry has no _webSocketMessages and was skipped.');
  });
});

describe('HAR errors name what is wrong', () => {
  const message = { type: 'send', time: 1, opcode: 1, data: 'x' };
  const withMessage = (change: object) =>
    otherTool([{ request: { url: 'https://a/' } }, wsEntry([message, message, { ...message, ...change }])]);

  it('says what is not a HAR', () => {
    expect(importError({ log: 3 })).toBe('Not a HAR: "log" must be an object, not 3.');
    expect(importError({ log: {} })).toBe('Not a HAR: missing log.entries.');
    expect(importError({ log: { entries: {} } })).toBe('Not a HAR: log.entries must be an array, not {}.');
    expect(importError(otherTool([null]))).toBe('log.entries[0] must be an object, not null.');
  });

  it('says when there is nothing to import', () => {
    expect(importError(otherTool([{ request: { url: 'https://a/' } }]))).toBe(
      'This HAR has no WebSocket messages: none of its 1 entries has _webSocketMessages.',
    );
    expect(importError(otherTool([{ request: { url: 'wss://a/' } }, { request: { url: 'https://a/' } }]))).toBe(
      "This HAR has no WebSocket messages: none of its 2 entries has _webSocketMessages. 1 of them is a WebSocket without messages: some exporters (Firefox's, for one) leave WebSocket frames out of HAR files.",
    );
  });

  it('names the entry and the message', () => {
    const at = 'log.entries[1] (wss://other.example.test/s): _webSocketMessages[2]';
    expect(importError(withMessage({ opcode: 7 }))).toBe(`${at}.opcode must be 1 (text) or 2 (binary), not 7.`);
    expect(importError(withMessage({ opcode: 'text' }))).toBe(
      `${at}.opcode must be 1 (text) or 2 (binary), not "text".`,
    );
    expect(importError(withMessage({ type: 'sent' }))).toBe(`${at}.type must be "send" or "receive", not "sent".`);
    expect(importError(withMessage({ time: '10:00' }))).toBe(
      `${at}.time must be a number of seconds since the epoch, not "10:00".`,
    );
    expect(importError(withMessage({ time: -1 }))).toBe(
      `${at}.time must be a number of seconds since the epoch, not -1.`,
    );
    expect(importError(withMessage({ data: null }))).toBe(`${at}.data must be a string, not null.`);
    expect(importError(withMessage({ opcode: 2, data: 'not base64' }))).toBe(
      `${at}.data must be base64 (opcode 2 is a binary message), but it is not: "not base64".`,
    );
    expect(importError(otherTool([wsEntry([5])]))).toBe(
      'log.entries[0] (wss://other.example.test/s): _webSocketMessages[0] must be an object, not 5.',
    );
  });

  it('names a bad entry', () => {
    expect(importError(otherTool([{ _webSocketMessages: [] }]))).toBe(
      'log.entries[0]: request.url must be a string, not nothing.',
    );
    expect(importError(otherTool([{ request: { url: 'wss://a/' }, _webSocketMessages: 'x' }]))).toBe(
      'log.entries[0]: _webSocketMessages must be an array, not "x".',
    );
  });

  it('names a damaged _webSocketLens field of our own HAR', () => {
    const lens = (events: unknown[]) => ({ conn: '1.1', frameId: 0, events });
    const create = { kind: 'create', sid: 1, t: 1, seq: 0, url: 'wss://a/', protocols: [], stack: '', frameUrl: '' };
    expect(importError(otherTool([wsEntry([], { _webSocketLens: lens([{ ...create, t: 'x' }]) })]))).toMatch(
      /^log\.entries\[0\] \(wss:\/\/other\.example\.test\/s\): _webSocketLens\.events\.0\.t: Invalid type/,
    );
    expect(
      importError(otherTool([wsEntry([], { _webSocketLens: lens([{ kind: 'error', sid: 1, t: 1, seq: 0 }]) })])),
    ).toBe(
      'log.entries[0] (wss://other.example.test/s): _webSocketLens.events.0: the create record must come first, once.',
    );
    expect(importError(otherTool([wsEntry([], { _webSocketLens: true })]))).toBe(
      'log.entries[0] (wss://other.example.test/s): _webSocketLens: Invalid type: Expected Object but received true.',
    );
    const twice = [wsEntry([], { _webSocketLens: lens([create]) }), wsEntry([], { _webSocketLens: lens([create]) })];
    expect(importError(otherTool(twice))).toBe('log.entries[1]: connection id "1.1" is used by an earlier entry too.');
  });
});
