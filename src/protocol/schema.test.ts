import { describe, expect, it } from 'vitest';
import { randomDocumentId } from '../content/document-id';
import {
  BATCH_MAX_RECORDS,
  MAX_BASE64_CHARS,
  MAX_CAPTURED_CHARS,
  MAX_PROTOCOLS,
  MAX_REASON_CHARS,
  MAX_STACK_CHARS,
  MAX_URL_CHARS,
} from './limits';
import { parsePanelEvent, parsePanelRequest, parseRelayMessage, parseWireRecord, type ParseResult } from './schema';

/** One valid wire record of every kind (and both frame types). */
const valid = {
  create: {
    kind: 'create',
    sid: 1,
    t: 1700000000000.25,
    url: 'wss://example.test/feed?x=1',
    protocols: ['chat', 'v2'],
    stack: 'at connect (https://example.test/app.js:10:5)',
    frameUrl: 'https://example.test/',
  },
  open: { kind: 'open', sid: 1, t: 12.5, protocol: 'chat', extensions: 'permessage-deflate' },
  text: { kind: 'frame', sid: 1, t: 13, dir: 'sent', size: 5, truncated: false, type: 'text', data: 'hello' },
  binary: {
    kind: 'frame',
    sid: 1,
    t: 14,
    dir: 'received',
    size: 2_000_000,
    truncated: true,
    type: 'binary',
    data: 'AAECAw==',
  },
  error: { kind: 'error', sid: 1, t: 15 },
  closingBare: { kind: 'closing', sid: 1, t: 16 },
  closing: { kind: 'closing', sid: 1, t: 16, code: 4000, reason: 'bye' },
  close: { kind: 'close', sid: 1, t: 17, code: 1000, reason: 'bye', wasClean: true, by: 'page' },
} as const;

const session = { seq: 0, conn: 'tab:doc:1', frameId: 0 };

function omit(record: object, key: string): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...record };
  delete copy[key];
  return copy;
}

function expectOk<T>(result: ParseResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got error: ${result.error}`);
  return result.value;
}

/** Rejected, with an error that names the offending path (or no path for a top-level type error). */
function expectError(result: ParseResult<unknown>, path: string): string {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(typeof result.error).toBe('string');
  if (path) expect(result.error.startsWith(`${path}: `), result.error).toBe(true);
  return result.error;
}

describe('parseWireRecord: accepts', () => {
  it.each(Object.entries(valid))('a valid %s record, unchanged', (_, record) => {
    expect(expectOk(parseWireRecord(record))).toEqual(record);
  });

  it('close records closed by page, server and network', () => {
    for (const by of ['page', 'server', 'network'] as const) {
      expect(expectOk(parseWireRecord({ ...valid.close, by }))).toEqual({ ...valid.close, by });
    }
  });

  it('strings and counts exactly at their limits', () => {
    expect(parseWireRecord({ ...valid.create, url: 'u'.repeat(MAX_URL_CHARS) }).ok).toBe(true);
    expect(parseWireRecord({ ...valid.create, frameUrl: 'u'.repeat(MAX_URL_CHARS) }).ok).toBe(true);
    expect(parseWireRecord({ ...valid.create, stack: 's'.repeat(MAX_STACK_CHARS) }).ok).toBe(true);
    expect(parseWireRecord({ ...valid.create, protocols: Array(MAX_PROTOCOLS).fill('p') }).ok).toBe(true);
    expect(parseWireRecord({ ...valid.close, reason: 'r'.repeat(MAX_REASON_CHARS) }).ok).toBe(true);
    expect(parseWireRecord({ ...valid.text, data: 't'.repeat(MAX_CAPTURED_CHARS) }).ok).toBe(true);
    expect(parseWireRecord({ ...valid.binary, data: 'A'.repeat(MAX_BASE64_CHARS) }).ok).toBe(true);
  });

  it('boundary numbers: sid 1 and MAX_SAFE_INTEGER, t 0, size 0, close codes 0 and 4999', () => {
    expect(parseWireRecord({ ...valid.error, sid: 1, t: 0 }).ok).toBe(true);
    expect(parseWireRecord({ ...valid.error, sid: Number.MAX_SAFE_INTEGER }).ok).toBe(true);
    expect(parseWireRecord({ ...valid.text, size: 0, data: '' }).ok).toBe(true);
    expect(parseWireRecord({ ...valid.close, code: 0 }).ok).toBe(true);
    expect(parseWireRecord({ ...valid.close, code: 4999 }).ok).toBe(true);
  });

  it('empty base64 for an empty binary frame', () => {
    expect(parseWireRecord({ ...valid.binary, size: 0, truncated: false, data: '' }).ok).toBe(true);
  });

  it('text frame data that is not base64 (only binary data must be)', () => {
    expect(parseWireRecord({ ...valid.text, data: 'not base64 !' }).ok).toBe(true);
  });
});

describe('parseWireRecord: strips unknown keys', () => {
  it.each(Object.entries(valid))('from a %s record', (_, record) => {
    const value = expectOk(parseWireRecord({ ...record, extra: 'x', seq: 5, conn: 'forged' }));
    expect(value).toEqual(record);
    expect(Object.keys(value).sort()).toEqual(Object.keys(record).sort());
  });

  it('including an own __proto__ key from JSON, without touching the prototype', () => {
    const input: unknown = JSON.parse('{"__proto__":{"polluted":true},"kind":"error","sid":1,"t":0}');
    const value = expectOk(parseWireRecord(input));
    expect(Object.keys(value)).toEqual(['kind', 'sid', 't']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect((value as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe('parseWireRecord: rejects', () => {
  it('input that is not an object', () => {
    expect(expectError(parseWireRecord(null), '')).toBe('Invalid type: Expected Object but received null');
    expect(expectError(parseWireRecord('frame'), '')).toBe('Invalid type: Expected Object but received "frame"');
    expectError(parseWireRecord([]), 'kind');
  });

  it('an unknown or missing kind', () => {
    expect(expectError(parseWireRecord({ ...valid.error, kind: 'message' }), 'kind')).toContain('"message"');
    expectError(parseWireRecord({ sid: 1, t: 0 }), 'kind');
  });

  it('an unknown frame type', () => {
    expectError(parseWireRecord({ ...valid.text, type: 'blob' }), 'type');
  });

  it.each([
    ['zero', 0],
    ['negative', -1],
    ['a float', 1.5],
    ['above MAX_SAFE_INTEGER', 2 ** 53],
    ['NaN', Number.NaN],
    ['a string', '1'],
  ])('a sid that is %s', (_, sid) => {
    expectError(parseWireRecord({ ...valid.open, sid }), 'sid');
  });

  it('a negative, infinite or NaN time', () => {
    expectError(parseWireRecord({ ...valid.open, t: -1 }), 't');
    expectError(parseWireRecord({ ...valid.open, t: Infinity }), 't');
    expectError(parseWireRecord({ ...valid.open, t: Number.NaN }), 't');
  });

  it('a negative or fractional frame size', () => {
    expectError(parseWireRecord({ ...valid.text, size: -1 }), 'size');
    expectError(parseWireRecord({ ...valid.text, size: 0.5 }), 'size');
  });

  it('an unknown direction or closer, a non-boolean flag', () => {
    expectError(parseWireRecord({ ...valid.text, dir: 'both' }), 'dir');
    expectError(parseWireRecord({ ...valid.close, by: 'browser' }), 'by');
    expectError(parseWireRecord({ ...valid.close, wasClean: 1 }), 'wasClean');
    expectError(parseWireRecord({ ...valid.text, truncated: 'no' }), 'truncated');
  });

  it('close codes out of range or fractional', () => {
    expectError(parseWireRecord({ ...valid.close, code: 5000 }), 'code');
    expectError(parseWireRecord({ ...valid.close, code: -1 }), 'code');
    expectError(parseWireRecord({ ...valid.closing, code: 1000.5 }), 'code');
  });

  it('a record with a required field missing', () => {
    expectError(parseWireRecord(omit(valid.open, 'protocol')), 'protocol');
    expectError(parseWireRecord(omit(valid.close, 'reason')), 'reason');
  });

  it('oversized strings, one past each limit', () => {
    expectError(parseWireRecord({ ...valid.create, url: 'u'.repeat(MAX_URL_CHARS + 1) }), 'url');
    expectError(parseWireRecord({ ...valid.create, frameUrl: 'u'.repeat(MAX_URL_CHARS + 1) }), 'frameUrl');
    expectError(parseWireRecord({ ...valid.create, stack: 's'.repeat(MAX_STACK_CHARS + 1) }), 'stack');
    expectError(parseWireRecord({ ...valid.create, protocols: ['ok', 'p'.repeat(1025)] }), 'protocols.1');
    expectError(parseWireRecord({ ...valid.open, protocol: 'p'.repeat(1025) }), 'protocol');
    expectError(parseWireRecord({ ...valid.open, extensions: 'e'.repeat(4097) }), 'extensions');
    expectError(parseWireRecord({ ...valid.close, reason: 'r'.repeat(MAX_REASON_CHARS + 1) }), 'reason');
    expectError(parseWireRecord({ ...valid.closing, reason: 'r'.repeat(MAX_REASON_CHARS + 1) }), 'reason');
    expectError(parseWireRecord({ ...valid.text, data: 't'.repeat(MAX_CAPTURED_CHARS + 1) }), 'data');
    expectError(parseWireRecord({ ...valid.binary, data: 'A'.repeat(MAX_BASE64_CHARS + 4) }), 'data');
  });

  it('too many protocols', () => {
    const error = expectError(
      parseWireRecord({ ...valid.create, protocols: Array(MAX_PROTOCOLS + 1).fill('p') }),
      'protocols',
    );
    expect(error).toBe(`protocols: Invalid length: Expected <=${MAX_PROTOCOLS} but received ${MAX_PROTOCOLS + 1}`);
  });

  it.each([
    ['a character outside the alphabet', 'a!=='],
    ['base64url characters', 'a-_b'],
    ['a length that is not a multiple of 4', 'abc'],
    ['missing padding', 'Zg'],
    ['whitespace', 'Zm9v\n'],
  ])('binary data with %s', (_, data) => {
    expectError(parseWireRecord({ ...valid.binary, data }), 'data');
  });
});

describe('parseRelayMessage', () => {
  const docId = '0123abcd-4567-89ef-0123-456789abcdef';

  it('accepts a hello with a lowercase UUID-shaped docId', () => {
    const hello = { type: 'hello', v: 1, docId };
    expect(expectOk(parseRelayMessage(hello))).toEqual(hello);
  });

  it('accepts the docId the relay generates', () => {
    for (let i = 0; i < 20; i++)
      expect(parseRelayMessage({ type: 'hello', v: 1, docId: randomDocumentId() }).ok).toBe(true);
  });

  it.each([
    ['uppercase hex', docId.toUpperCase()],
    ['one character short', docId.slice(1)],
    ['one character long', `${docId}0`],
    ['a non-hex letter', `g${docId.slice(1)}`],
    ['braces', `{${docId.slice(2)}}`],
    ['a trailing newline', `${docId.slice(1)}\n`],
    ['a number', 12],
  ])('rejects a docId with %s', (_, bad) => {
    expectError(parseRelayMessage({ type: 'hello', v: 1, docId: bad }), 'docId');
  });

  it('rejects a hello without a numeric version', () => {
    expectError(parseRelayMessage({ type: 'hello', docId }), 'v');
    expectError(parseRelayMessage({ type: 'hello', v: '1', docId }), 'v');
  });

  it('accepts a batch of up to BATCH_MAX_RECORDS records and passes them on unvalidated', () => {
    const records: unknown[] = Array.from({ length: BATCH_MAX_RECORDS }, (_, i) => ({
      kind: 'error',
      sid: i + 1,
      t: 0,
    }));
    records[0] = 'anything'; // records are parsed one by one later, with parseWireRecord
    const value = expectOk(parseRelayMessage({ type: 'records', records }));
    expect(value).toEqual({ type: 'records', records });
  });

  it('rejects a batch with more than BATCH_MAX_RECORDS records', () => {
    const records = Array.from({ length: BATCH_MAX_RECORDS + 1 }, () => valid.error);
    expect(expectError(parseRelayMessage({ type: 'records', records }), 'records')).toBe(
      `records: Invalid length: Expected <=${BATCH_MAX_RECORDS} but received ${BATCH_MAX_RECORDS + 1}`,
    );
  });

  it('rejects records that are not an array', () => {
    expectError(parseRelayMessage({ type: 'records', records: { 0: valid.error, length: 1 } }), 'records');
  });

  it('rejects an unknown message type', () => {
    expectError(parseRelayMessage({ type: 'subscribe', v: 1, tabId: 1 }), 'type');
  });

  it('strips unknown keys', () => {
    expect(expectOk(parseRelayMessage({ type: 'hello', v: 1, docId, tabId: 9 }))).toEqual({
      type: 'hello',
      v: 1,
      docId,
    });
    expect(expectOk(parseRelayMessage({ type: 'records', records: [], docId }))).toEqual({
      type: 'records',
      records: [],
    });
  });
});

describe('parsePanelRequest', () => {
  it('accepts a subscribe request', () => {
    const request = { type: 'subscribe', v: 1, tabId: 42 };
    expect(expectOk(parsePanelRequest(request))).toEqual(request);
    expect(parsePanelRequest({ ...request, tabId: 0 }).ok).toBe(true);
  });

  it('rejects a negative, fractional or missing tabId', () => {
    expectError(parsePanelRequest({ type: 'subscribe', v: 1, tabId: -1 }), 'tabId');
    expectError(parsePanelRequest({ type: 'subscribe', v: 1, tabId: 1.5 }), 'tabId');
    expectError(parsePanelRequest({ type: 'subscribe', v: 1 }), 'tabId');
  });

  it('rejects an unknown request type', () => {
    expectError(parsePanelRequest({ type: 'hello', v: 1, tabId: 1 }), 'type');
  });

  it('strips unknown keys', () => {
    expect(expectOk(parsePanelRequest({ type: 'subscribe', v: 1, tabId: 3, all: true }))).toEqual({
      type: 'subscribe',
      v: 1,
      tabId: 3,
    });
  });
});

describe('parsePanelEvent', () => {
  const sessionRecords = Object.values(valid).map((record, i) => ({ ...record, ...session, seq: i }));

  it.each(['snapshot', 'records'] as const)(
    'keeps every field of session records of every kind in a %s event',
    (type) => {
      const event = { type, tabId: 7, records: sessionRecords };
      const value = expectOk(parsePanelEvent(event));
      expect(value).toEqual(event);
      if (value.type === 'error') throw new Error('unreachable');
      for (const [i, record] of value.records.entries()) {
        expect(Object.keys(record).sort(), record.kind).toEqual(Object.keys(sessionRecords[i] ?? {}).sort());
        expect(record.seq).toBe(i);
        expect(record.conn).toBe('tab:doc:1');
        expect(record.frameId).toBe(0);
      }
    },
  );

  it('accepts an error event', () => {
    const event = { type: 'error', message: 'protocol version mismatch' };
    expect(expectOk(parsePanelEvent(event))).toEqual(event);
  });

  it('accepts an empty snapshot', () => {
    expect(expectOk(parsePanelEvent({ type: 'snapshot', tabId: 1, records: [] }))).toEqual({
      type: 'snapshot',
      tabId: 1,
      records: [],
    });
  });

  it('strips unknown keys from the event and from each session record', () => {
    const record = { ...valid.text, ...session };
    const value = expectOk(
      parsePanelEvent({ type: 'records', tabId: 1, extra: true, records: [{ ...record, sneaky: 'x' }] }),
    );
    expect(value).toEqual({ type: 'records', tabId: 1, records: [record] });
    if (value.type === 'error') throw new Error('unreachable');
    expect(Object.keys(value)).not.toContain('extra');
    expect(Object.keys(value.records[0] ?? {})).not.toContain('sneaky');
  });

  it('rejects a session record without its session fields, naming the record', () => {
    const record = { ...valid.error, ...session };
    expectError(parsePanelEvent({ type: 'records', tabId: 1, records: [omit(record, 'seq')] }), 'records.0.seq');
    expectError(parsePanelEvent({ type: 'records', tabId: 1, records: [omit(record, 'conn')] }), 'records.0.conn');
  });

  it('rejects bad session fields', () => {
    const bad = (patch: object) =>
      parsePanelEvent({ type: 'snapshot', tabId: 1, records: [{ ...valid.error, ...session, ...patch }] });
    expectError(bad({ seq: -1 }), 'records.0.seq');
    expectError(bad({ seq: 0.5 }), 'records.0.seq');
    expectError(bad({ conn: 'c'.repeat(65) }), 'records.0.conn');
    expectError(bad({ frameId: -1 }), 'records.0.frameId');
    expect(bad({ conn: 'c'.repeat(64) }).ok).toBe(true);
  });

  it('rejects an invalid wire record inside the batch, naming its index', () => {
    const records = [
      { ...valid.create, ...session },
      { ...valid.open, ...session, sid: 0 },
    ];
    expectError(parsePanelEvent({ type: 'records', tabId: 1, records }), 'records.1.sid');
    const binary = { ...valid.binary, ...session, data: 'not base64' };
    expectError(parsePanelEvent({ type: 'records', tabId: 1, records: [binary] }), 'records.0.data');
    const unknown = { ...valid.error, ...session, kind: 'bogus' };
    expectError(parsePanelEvent({ type: 'records', tabId: 1, records: [unknown] }), 'records.0.kind');
  });

  it('rejects an unknown event type and an error event without a message', () => {
    expectError(parsePanelEvent({ type: 'hello', tabId: 1, records: [] }), 'type');
    expectError(parsePanelEvent({ type: 'error' }), 'message');
  });
});
