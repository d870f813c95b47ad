import { describe, expect, it } from 'vitest';
import { parseClientEvent, parseClientRequest, parseRelayControl, parseRelayMessage, type TabStatus } from './messages';
import { DEFAULT_SETTINGS, MIN_PAYLOAD_BYTES } from './settings';
import { MAX_CAPTURED_BYTES } from './limits';
import { PROTOCOL_VERSION } from './version';
import { batchOf, expectError, expectOk, omit, valid } from './testing';

const session = { seq: 0, conn: '1.1', frameId: 0 };
const docId = '0123abcd-4567-89ef-0123-456789abcdef';
const epoch = 'lq2x9a-0';

describe('parseRelayMessage: hello', () => {
  it('accepts a hello with a lowercase UUID-shaped docId', () => {
    const hello = { type: 'hello', v: PROTOCOL_VERSION, docId };
    expect(expectOk(parseRelayMessage(hello))).toEqual(hello);
  });

  it('accepts any numeric version (the session service compares it with PROTOCOL_VERSION)', () => {
    expect(expectOk(parseRelayMessage({ type: 'hello', v: 1, docId }))).toEqual({ type: 'hello', v: 1, docId });
  });

  it.each([
    ['uppercase hex', docId.toUpperCase()],
    ['one character short', docId.slice(1)],
    ['one character long', `${docId}0`],
    ['a non-hex letter', `g${docId.slice(1)}`],
    ['braces', `{${docId.slice(2)}}`],
    ['a trailing newline', `${docId.slice(1)}\n`],
    ['no dashes', docId.replaceAll('-', '')],
    ['dashes in the wrong places', `${docId.slice(1, 9)}-${docId.slice(9)}`],
    ['the empty string', ''],
    ['a number', 12],
    ['null', null],
  ])('rejects a docId with %s', (_, bad) => {
    expectError(parseRelayMessage({ type: 'hello', v: PROTOCOL_VERSION, docId: bad }), 'docId');
  });

  it('rejects a hello without a docId', () => {
    expectError(parseRelayMessage({ type: 'hello', v: PROTOCOL_VERSION }), 'docId');
  });

  it('rejects a hello without a numeric version', () => {
    expectError(parseRelayMessage({ type: 'hello', docId }), 'v');
    expectError(parseRelayMessage({ type: 'hello', v: '2', docId }), 'v');
  });

  it('strips unknown keys (a relay cannot name its tab or frame)', () => {
    const value = expectOk(parseRelayMessage({ type: 'hello', v: PROTOCOL_VERSION, docId, tabId: 9, frameId: 3 }));
    expect(value).toEqual({ type: 'hello', v: PROTOCOL_VERSION, docId });
    expect(Object.keys(value).sort()).toEqual(['docId', 'type', 'v']);
  });
});

describe('parseRelayMessage: records', () => {
  it('passes the batch on unopened: readBatch (batch.ts) reads it, then every record is validated', () => {
    const batch = batchOf([valid.create]);
    const value = expectOk(parseRelayMessage({ type: 'records', first: 1234, batch }));
    expect(value).toEqual({ type: 'records', first: 1234, batch });
    if (value.type !== 'records') throw new Error('unreachable');
    expect(value.batch).toBe(batch);
  });

  it('accepts first at 0 and at MAX_SAFE_INTEGER', () => {
    expect(parseRelayMessage({ type: 'records', first: 0, batch: batchOf([valid.error]) }).ok).toBe(true);
    expect(
      parseRelayMessage({ type: 'records', first: Number.MAX_SAFE_INTEGER, batch: batchOf([valid.error]) }).ok,
    ).toBe(true);
  });

  it('rejects a batch without first', () => {
    expectError(parseRelayMessage({ type: 'records', batch: batchOf([valid.error]) }), 'first');
  });

  it.each([
    ['negative', -1],
    ['a float', 1.5],
    ['above MAX_SAFE_INTEGER', 2 ** 53],
    ['NaN', Number.NaN],
    ['Infinity', Infinity],
    ['a string', '0'],
    ['null', null],
  ])('rejects a first that is %s', (_, first) => {
    expectError(parseRelayMessage({ type: 'records', first, batch: batchOf([valid.error]) }), 'first');
  });

  it('rejects a batch that is missing or not an object', () => {
    expectError(parseRelayMessage({ type: 'records', first: 0, batch: 'x' }), 'batch');
    expectError(parseRelayMessage({ type: 'records', first: 0, batch: null }), 'batch');
    expectError(parseRelayMessage({ type: 'records', first: 0 }), 'batch');
  });

  it('strips unknown keys', () => {
    const batch = batchOf([valid.error]);
    expect(expectOk(parseRelayMessage({ type: 'records', first: 3, batch, docId, tabId: 2 }))).toEqual({
      type: 'records',
      first: 3,
      batch,
    });
  });
});

describe('parseRelayMessage: anything else', () => {
  it('rejects an unknown or missing message type', () => {
    expectError(parseRelayMessage({ type: 'subscribe', v: PROTOCOL_VERSION, tabId: 1 }), 'type');
    expectError(parseRelayMessage({ type: 'ack', next: 1 }), 'type');
    expectError(parseRelayMessage({ docId }), 'type');
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a string', 'hello'],
  ])('rejects %s without a path', (_, input) => {
    const error = expectError(parseRelayMessage(input), '');
    expect(error.startsWith('Invalid type: Expected Object'), error).toBe(true);
  });
});

describe('parseRelayControl', () => {
  it('accepts an ack', () => {
    expect(expectOk(parseRelayControl({ type: 'ack', next: 0 }))).toEqual({ type: 'ack', next: 0 });
    expect(expectOk(parseRelayControl({ type: 'ack', next: 501 }))).toEqual({ type: 'ack', next: 501 });
  });

  it('accepts capture paused and resumed, with the payload limit', () => {
    for (const paused of [true, false]) {
      const control = { type: 'capture', paused, maxPayloadBytes: 4096 };
      expect(expectOk(parseRelayControl(control))).toEqual(control);
    }
  });

  it.each([
    ['missing', undefined],
    ['below MIN_PAYLOAD_BYTES', MIN_PAYLOAD_BYTES - 1],
    ['above MAX_CAPTURED_BYTES', MAX_CAPTURED_BYTES + 1],
    ['a float', 1000.5],
  ])('rejects a capture whose payload limit is %s', (_, maxPayloadBytes) => {
    expectError(parseRelayControl({ type: 'capture', paused: false, maxPayloadBytes }), 'maxPayloadBytes');
  });

  it.each([
    ['negative', -1],
    ['a float', 0.5],
    ['above MAX_SAFE_INTEGER', 2 ** 53],
    ['a string', '3'],
  ])('rejects an ack whose next is %s', (_, next) => {
    expectError(parseRelayControl({ type: 'ack', next }), 'next');
  });

  it('rejects an ack without next and a capture without a boolean', () => {
    expectError(parseRelayControl({ type: 'ack' }), 'next');
    expectError(parseRelayControl({ type: 'capture', maxPayloadBytes: 4096 }), 'paused');
    expectError(parseRelayControl({ type: 'capture', paused: 1, maxPayloadBytes: 4096 }), 'paused');
  });

  it('rejects an unknown control type', () => {
    expectError(parseRelayControl({ type: 'hello', v: PROTOCOL_VERSION, docId }), 'type');
    expectError(parseRelayControl({ type: 'records', first: 0, batch: batchOf([valid.error]) }), 'type');
  });

  it('strips unknown keys', () => {
    expect(expectOk(parseRelayControl({ type: 'ack', next: 4, tabId: 1 }))).toEqual({ type: 'ack', next: 4 });
    expect(expectOk(parseRelayControl({ type: 'capture', paused: true, maxPayloadBytes: 512, all: true }))).toEqual({
      type: 'capture',
      paused: true,
      maxPayloadBytes: 512,
    });
  });
});

describe('parseClientRequest: subscribe', () => {
  it('accepts a subscribe request without resume', () => {
    const request = { type: 'subscribe', v: PROTOCOL_VERSION, tabId: 42 };
    const value = expectOk(parseClientRequest(request));
    expect(value).toEqual(request);
    expect(Object.keys(value)).not.toContain('resume');
    expect(parseClientRequest({ ...request, tabId: 0 }).ok).toBe(true);
  });

  it('accepts a subscribe request that resumes an epoch', () => {
    const request = { type: 'subscribe', v: PROTOCOL_VERSION, tabId: 42, resume: { epoch, after: 1234 } };
    expect(expectOk(parseClientRequest(request))).toEqual(request);
  });

  it('accepts after = -1 (the panel holds nothing of the epoch yet)', () => {
    const request = { type: 'subscribe', v: PROTOCOL_VERSION, tabId: 1, resume: { epoch, after: -1 } };
    expect(expectOk(parseClientRequest(request))).toEqual(request);
  });

  it.each([
    ['below -1', -2],
    ['a float', 1.5],
    ['NaN', Number.NaN],
    ['a string', '5'],
  ])('rejects a resume whose after is %s', (_, after) => {
    expectError(
      parseClientRequest({ type: 'subscribe', v: PROTOCOL_VERSION, tabId: 1, resume: { epoch, after } }),
      'resume.after',
    );
  });

  it('rejects a resume without an epoch string, or that is not an object', () => {
    const subscribe = { type: 'subscribe', v: PROTOCOL_VERSION, tabId: 1 };
    expectError(parseClientRequest({ ...subscribe, resume: { after: 3 } }), 'resume.epoch');
    expectError(parseClientRequest({ ...subscribe, resume: { epoch: 7, after: 3 } }), 'resume.epoch');
    expectError(parseClientRequest({ ...subscribe, resume: { epoch } }), 'resume.after');
    expectError(parseClientRequest({ ...subscribe, resume: null }), 'resume');
    expectError(parseClientRequest({ ...subscribe, resume: 3 }), 'resume');
  });

  it('rejects a negative, fractional or missing tabId', () => {
    expectError(parseClientRequest({ type: 'subscribe', v: PROTOCOL_VERSION, tabId: -1 }), 'tabId');
    expectError(parseClientRequest({ type: 'subscribe', v: PROTOCOL_VERSION, tabId: 1.5 }), 'tabId');
    expectError(parseClientRequest({ type: 'subscribe', v: PROTOCOL_VERSION }), 'tabId');
  });

  it('rejects a subscribe without a numeric version', () => {
    expectError(parseClientRequest({ type: 'subscribe', tabId: 1 }), 'v');
    expectError(parseClientRequest({ type: 'subscribe', v: '2', tabId: 1 }), 'v');
  });

  it('strips unknown keys, in resume too', () => {
    expect(
      expectOk(
        parseClientRequest({
          type: 'subscribe',
          v: PROTOCOL_VERSION,
          tabId: 3,
          all: true,
          resume: { epoch, after: 9, records: [] },
        }),
      ),
    ).toEqual({ type: 'subscribe', v: PROTOCOL_VERSION, tabId: 3, resume: { epoch, after: 9 } });
  });
});

describe('parseClientRequest: commands', () => {
  it('accepts pause and resume of a tab', () => {
    for (const paused of [true, false]) {
      const request = { type: 'pause', id: 1, tabId: 5, paused };
      expect(expectOk(parseClientRequest(request))).toEqual(request);
    }
  });

  it('accepts clear of a tab', () => {
    expect(expectOk(parseClientRequest({ type: 'clear', id: 1, tabId: 5 }))).toEqual({
      type: 'clear',
      id: 1,
      tabId: 5,
    });
  });

  it('accepts preserve-log and all-handshake-headers on and off', () => {
    for (const type of ['preserve-log', 'all-handshake-headers'])
      for (const value of [true, false])
        expect(expectOk(parseClientRequest({ type, id: 1, value }))).toEqual({ type, id: 1, value });
    expectError(parseClientRequest({ type: 'all-handshake-headers', id: 1, value: 'yes' }), 'value');
  });

  it('rejects a command without its tab or flag', () => {
    expectError(parseClientRequest({ type: 'pause', id: 1, paused: true }), 'tabId');
    expectError(parseClientRequest({ type: 'pause', id: 1, tabId: 5 }), 'paused');
    expectError(parseClientRequest({ type: 'pause', id: 1, tabId: 5, paused: 'yes' }), 'paused');
    expectError(parseClientRequest({ type: 'clear', id: 1 }), 'tabId');
    expectError(parseClientRequest({ type: 'clear', id: 1, tabId: -3 }), 'tabId');
    expectError(parseClientRequest({ type: 'preserve-log', id: 1 }), 'value');
    expectError(parseClientRequest({ type: 'preserve-log', id: 1, value: 0 }), 'value');
  });

  it('rejects an unknown request type', () => {
    expectError(parseClientRequest({ type: 'hello', v: PROTOCOL_VERSION, tabId: 1 }), 'type');
    expectError(parseClientRequest({ type: 'resend', tabId: 1 }), 'type');
    expectError(parseClientRequest({ tabId: 1 }), 'type');
  });

  it('strips unknown keys', () => {
    expect(expectOk(parseClientRequest({ type: 'clear', id: 1, tabId: 5, all: true }))).toEqual({
      type: 'clear',
      id: 1,
      tabId: 5,
    });
    expect(expectOk(parseClientRequest({ type: 'pause', id: 1, tabId: 5, paused: true, tabs: [1, 2] }))).toEqual({
      type: 'pause',
      id: 1,
      tabId: 5,
      paused: true,
    });
    expect(expectOk(parseClientRequest({ type: 'preserve-log', id: 1, value: true, tabId: 5 }))).toEqual({
      type: 'preserve-log',
      id: 1,
      value: true,
    });
  });
});

describe('parseClientEvent: reset and records', () => {
  const sessionRecords = Object.values(valid).map((record, i) => ({ ...record, ...session, seq: i }));

  it('accepts a reset', () => {
    const event = { type: 'reset', tabId: 7, epoch };
    expect(expectOk(parseClientEvent(event))).toEqual(event);
  });

  it('rejects a reset without an epoch or tab', () => {
    expectError(parseClientEvent({ type: 'reset', tabId: 7 }), 'epoch');
    expectError(parseClientEvent({ type: 'reset', epoch }), 'tabId');
  });

  it('keeps every field of session records of every kind', () => {
    const event = { type: 'records', tabId: 7, epoch, records: sessionRecords };
    const value = expectOk(parseClientEvent(event));
    expect(value).toEqual(event);
    if (value.type !== 'records') throw new Error('unreachable');
    for (const [i, record] of value.records.entries()) {
      expect(Object.keys(record).sort(), record.kind).toEqual(Object.keys(sessionRecords[i] ?? {}).sort());
      expect(record.seq).toBe(i);
      expect(record.conn).toBe('1.1');
      expect(record.frameId).toBe(0);
    }
  });

  it('accepts an empty records event', () => {
    const event = { type: 'records', tabId: 1, epoch, records: [] };
    expect(expectOk(parseClientEvent(event))).toEqual(event);
  });

  it('rejects a records event without an epoch (v1)', () => {
    expectError(parseClientEvent({ type: 'records', tabId: 1, records: [] }), 'epoch');
  });

  it('rejects the v1 snapshot event', () => {
    expectError(parseClientEvent({ type: 'snapshot', tabId: 1, records: [] }), 'type');
  });

  it('strips unknown keys from the event and from each session record', () => {
    const record = { ...valid.text, ...session };
    const value = expectOk(
      parseClientEvent({ type: 'records', tabId: 1, epoch, extra: true, records: [{ ...record, sneaky: 'x' }] }),
    );
    expect(value).toEqual({ type: 'records', tabId: 1, epoch, records: [record] });
    if (value.type !== 'records') throw new Error('unreachable');
    expect(Object.keys(value)).not.toContain('extra');
    expect(Object.keys(value.records[0] ?? {})).not.toContain('sneaky');
  });

  it('rejects a session record without its session fields, naming the record', () => {
    const record = { ...valid.error, ...session };
    const event = (r: object) => parseClientEvent({ type: 'records', tabId: 1, epoch, records: [r] });
    expectError(event(omit(record, 'seq')), 'records.0.seq');
    expectError(event(omit(record, 'conn')), 'records.0.conn');
    expectError(event(omit(record, 'frameId')), 'records.0.frameId');
  });

  it('rejects bad session fields', () => {
    const bad = (patch: object) =>
      parseClientEvent({ type: 'records', tabId: 1, epoch, records: [{ ...valid.error, ...session, ...patch }] });
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
    expectError(parseClientEvent({ type: 'records', tabId: 1, epoch, records }), 'records.1.sid');
    const binary = { ...valid.binary, ...session, data: 'AAECAw==' };
    expectError(parseClientEvent({ type: 'records', tabId: 1, epoch, records: [binary] }), 'records.0.data');
    const unknown = { ...valid.error, ...session, kind: 'bogus' };
    expectError(parseClientEvent({ type: 'records', tabId: 1, epoch, records: [unknown] }), 'records.0.kind');
  });
});

describe('parseClientEvent: status', () => {
  const status: TabStatus = {
    tabId: 3,
    epoch,
    paused: true,
    preserveLog: true,
    framesKeptFrom: 120,
    droppedFrames: 100,
    droppedByConnection: { '1.1': 70, '2.4': 30 },
    droppedConnections: 4,
    rejected: 2,
    skippedRows: 1,
    storage: { code: 'broken', detail: 'InvalidStateError: closing', unstored: 12, memoryOnly: false },
    navigations: [{ seq: 40, t: 1700000000000.5, url: 'https://example.test/next' }],
    settings: {
      maxFramesPerTab: 1000,
      maxBytesPerTab: 65536,
      maxPayloadBytes: 4096,
      preserveLog: true,
      allHandshakeHeaders: false,
    },
    rules: [],
  };

  it('accepts a full status', () => {
    const event = { type: 'status', status };
    expect(expectOk(parseClientEvent(event))).toEqual(event);
  });

  it('accepts a fresh status: nothing dropped, no navigations, default settings', () => {
    const fresh = {
      ...status,
      paused: false,
      preserveLog: false,
      framesKeptFrom: 0,
      droppedFrames: 0,
      droppedByConnection: {},
      rejected: 0,
      navigations: [],
      settings: DEFAULT_SETTINGS,
    };
    expect(expectOk(parseClientEvent({ type: 'status', status: fresh }))).toEqual({ type: 'status', status: fresh });
  });

  it('fills missing settings with their defaults', () => {
    const value = expectOk(parseClientEvent({ type: 'status', status: { ...status, settings: {} } }));
    if (value.type !== 'status') throw new Error('unreachable');
    expect(value.status.settings).toEqual(DEFAULT_SETTINGS);
  });

  it.each([
    'tabId',
    'epoch',
    'paused',
    'preserveLog',
    'framesKeptFrom',
    'droppedFrames',
    'droppedByConnection',
    'rejected',
    'navigations',
    'settings',
    'rules',
  ])('rejects a status without %s, naming it', (key) => {
    expectError(parseClientEvent({ type: 'status', status: omit(status, key) }), `status.${key}`);
  });

  it('rejects bad counters, naming the path', () => {
    const bad = (patch: object) => parseClientEvent({ type: 'status', status: { ...status, ...patch } });
    expectError(bad({ framesKeptFrom: -1 }), 'status.framesKeptFrom');
    expectError(bad({ droppedFrames: 1.5 }), 'status.droppedFrames');
    expectError(bad({ rejected: '2' }), 'status.rejected');
    expectError(bad({ droppedByConnection: { a: -1 } }), 'status.droppedByConnection.a');
    expectError(bad({ droppedByConnection: null }), 'status.droppedByConnection');
    expectError(bad({ navigations: [{ seq: 1, t: 0 }] }), 'status.navigations.0.url');
    expectError(bad({ navigations: [{ seq: -1, t: 0, url: 'u' }] }), 'status.navigations.0.seq');
  });

  it('rejects settings out of range, naming the setting', () => {
    const bad = (settings: object) => parseClientEvent({ type: 'status', status: { ...status, settings } });
    expectError(bad({ maxFramesPerTab: 99 }), 'status.settings.maxFramesPerTab');
    expectError(bad({ maxBytesPerTab: 1024 }), 'status.settings.maxBytesPerTab');
    expectError(bad({ preserveLog: 'yes' }), 'status.settings.preserveLog');
  });

  it('rejects a status event without a status', () => {
    expectError(parseClientEvent({ type: 'status' }), 'status');
    expectError(parseClientEvent({ type: 'status', status: null }), 'status');
  });

  it('strips unknown keys from the status, its navigations and settings', () => {
    const value = expectOk(
      parseClientEvent({
        type: 'status',
        tabId: 9,
        status: {
          ...status,
          records: [],
          navigations: [{ ...status.navigations[0], html: '<b>' }],
          settings: { ...status.settings, evil: true },
        },
      }),
    );
    expect(value).toEqual({ type: 'status', status });
  });

  it('drops a __proto__ key in droppedByConnection without touching the prototype', () => {
    const raw: unknown = JSON.parse(
      JSON.stringify({ type: 'status', status: { ...status, droppedByConnection: {} } }).replace(
        '"droppedByConnection":{}',
        '"droppedByConnection":{"__proto__":{"polluted":1},"1.1":3}',
      ),
    );
    const value = expectOk(parseClientEvent(raw));
    if (value.type !== 'status') throw new Error('unreachable');
    expect(value.status.droppedByConnection).toEqual({ '1.1': 3 });
    expect(Object.keys(value.status.droppedByConnection)).toEqual(['1.1']);
    expect(Object.getPrototypeOf(value.status.droppedByConnection)).toBe(Object.prototype);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe('parseClientEvent: error and others', () => {
  it('accepts an error event with a code', () => {
    const event = { type: 'error', error: { code: 'version', message: 'protocol 4 against 5' } };
    expect(expectOk(parseClientEvent(event))).toEqual(event);
  });

  it('strips unknown keys from an error event', () => {
    expect(
      expectOk(parseClientEvent({ type: 'error', error: { code: 'undeliverable', message: 'm', x: 1 }, tabId: 1 })),
    ).toEqual({
      type: 'error',
      error: { code: 'undeliverable', message: 'm' },
    });
  });

  it('rejects an unknown event type, and an error that is words without a code', () => {
    expectError(parseClientEvent({ type: 'hello', tabId: 1, records: [] }), 'type');
    expectError(parseClientEvent({ type: 'error' }), 'error');
    expectError(parseClientEvent({ type: 'error', message: 'Bad request' }), 'error');
    expectError(parseClientEvent({ type: 'error', error: { code: 'oops', message: 'm' } }), 'error.code');
  });

  it('accepts answers to reads and tab lists', () => {
    const slice = { type: 'slice', id: 3, tabId: 1, epoch, records: [], more: true };
    expect(expectOk(parseClientEvent(slice))).toEqual(slice);
    const tabs = { type: 'tabs', id: 4, tabs: [{ tabId: 1, epoch, connections: 2, frames: 9 }] };
    expect(expectOk(parseClientEvent(tabs))).toEqual(tabs);
  });
});

describe('deep capture messages', () => {
  it('takes a deep-capture request with a boolean, and a status that says which capture is on', () => {
    expect(parseClientRequest({ type: 'deep-capture', id: 1, tabId: 2, on: true }).ok).toBe(true);
    expect(parseClientRequest({ type: 'deep-capture', id: 1, tabId: 2, on: 'yes' }).ok).toBe(false);
    const status: TabStatus = {
      tabId: 2,
      epoch: 'e',
      paused: false,
      preserveLog: false,
      framesKeptFrom: 0,
      droppedFrames: 0,
      droppedByConnection: {},
      droppedConnections: 0,
      rejected: 0,
      skippedRows: 0,
      navigations: [],
      settings: DEFAULT_SETTINGS,
      rules: [],
      deepCapture: { state: 'ended', reason: 'canceled_by_user' },
    };
    expect(parseClientEvent({ type: 'status', status }).ok).toBe(true);
    const bad = { ...status, deepCapture: { state: 'maybe' } };
    expect(parseClientEvent({ type: 'status', status: bad }).ok).toBe(false);
  });

  it("takes a create's worker only of a known type", () => {
    const record = (worker: object) => ({
      ...valid.create,
      seq: 0,
      conn: '1.1',
      frameId: 0,
      source: 'debugger',
      worker,
    });
    const event = (worker: object) => ({ type: 'records', tabId: 2, epoch: 'e', records: [record(worker)] });
    expect(parseClientEvent(event({ type: 'service', url: 'https://x.test/sw.js' })).ok).toBe(true);
    expect(parseClientEvent(event({ type: 'audio', url: 'https://x.test/w.js' })).ok).toBe(false);
  });
});
