import { describe, expect, it } from 'vitest';
import {
  MAX_CAPTURED_BYTES,
  MAX_CAPTURED_CHARS,
  MAX_PROTOCOLS,
  MAX_REASON_CHARS,
  MAX_STACK_CHARS,
  MAX_URL_CHARS,
} from './limits';
import { parseWireRecord } from './schema';
import { expectError, expectOk, omit, valid } from './testing';

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
    expect(parseWireRecord({ ...valid.binary, data: new Uint8Array(MAX_CAPTURED_BYTES) }).ok).toBe(true);
  });

  it('boundary numbers: sid 1 and MAX_SAFE_INTEGER, t 0, size 0, close codes 0 and 4999', () => {
    expect(parseWireRecord({ ...valid.error, sid: 1, t: 0 }).ok).toBe(true);
    expect(parseWireRecord({ ...valid.error, sid: Number.MAX_SAFE_INTEGER }).ok).toBe(true);
    expect(parseWireRecord({ ...valid.text, size: 0, data: '' }).ok).toBe(true);
    expect(parseWireRecord({ ...valid.close, code: 0 }).ok).toBe(true);
    expect(parseWireRecord({ ...valid.close, code: 4999 }).ok).toBe(true);
  });

  it('no bytes for an empty binary frame', () => {
    expect(parseWireRecord({ ...valid.binary, size: 0, truncated: false, data: new Uint8Array(0) }).ok).toBe(true);
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
    expectError(parseWireRecord({ ...valid.binary, data: new Uint8Array(MAX_CAPTURED_BYTES + 1) }), 'data');
  });

  it('too many protocols', () => {
    const error = expectError(
      parseWireRecord({ ...valid.create, protocols: Array(MAX_PROTOCOLS + 1).fill('p') }),
      'protocols',
    );
    expect(error).toBe(`protocols: Invalid length: Expected <=${MAX_PROTOCOLS} but received ${MAX_PROTOCOLS + 1}`);
  });

  it.each([
    ['base64 text', 'AAECAw=='],
    ['an ArrayBuffer', new ArrayBuffer(4)],
    ['another typed array', new Uint16Array(2)],
    ['an array of numbers', [0, 1, 2, 3]],
  ])('binary data as %s', (_, data) => {
    expectError(parseWireRecord({ ...valid.binary, data }), 'data');
  });
});
