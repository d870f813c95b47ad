import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { isPlainFrame, isPlainWireFrame } from './plain-frames';
import { ClientEventSchema, parseClientEvent } from './messages';
import { SessionRecordSchema, WireRecordSchema, parseWith } from './schema';
import { MAX_CAPTURED_BYTES, MAX_CAPTURED_CHARS } from './limits';
import { valid } from './testing';

const session = { seq: 7, conn: '3.1', frameId: 0 };
const text = { ...valid.text, ...session };
const binary = { ...valid.binary, ...session };

/** Values to put in each field: right and wrong types, edges of every range. */
const CANDIDATES: unknown[] = [
  undefined,
  null,
  -1,
  0,
  1,
  1.5,
  NaN,
  Infinity,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  '',
  'x',
  'frame',
  'sent',
  'received',
  'text',
  'binary',
  'hook',
  'devtools',
  'simulated',
  'x'.repeat(65),
  'x'.repeat(MAX_CAPTURED_CHARS + 1),
  true,
  {},
  [],
  new Uint8Array(1),
  new Uint8Array(MAX_CAPTURED_BYTES + 1),
  new ArrayBuffer(1),
  { rule: 'r', action: 'dropped' },
];

/** The two hand checks, each against the schema it stands for. */
const CHECKS = [
  {
    name: 'isPlainFrame',
    check: isPlainFrame,
    schema: SessionRecordSchema,
    bases: [text, binary],
    takes: [text, binary, { ...text, origin: 'devtools' }, { ...binary, source: 'hook' }],
    extraKeys: ['origin', 'source', 'intercept', 'extra'],
  },
  {
    name: 'isPlainWireFrame',
    check: isPlainWireFrame,
    schema: WireRecordSchema,
    bases: [valid.text, valid.binary],
    takes: [valid.text, valid.binary, { ...valid.text, origin: 'simulated' }],
    extraKeys: ['origin', 'source', 'intercept', 'seq', 'extra'],
  },
] as const;

describe.each(CHECKS)('$name', ({ check, schema, bases, takes, extraKeys }) => {
  const [plainText] = bases;

  it('takes a text or binary frame as its schema outputs it, with or without origin and source', () => {
    for (const record of takes) {
      expect(check(record)).toBe(true);
      const parsed = v.safeParse(schema, record);
      expect(parsed.success).toBe(true);
      expect(parsed.output).toEqual(record);
    }
  });

  it('never takes a record its schema refuses or would change: every field set to every candidate, extra and missing fields', () => {
    let taken = 0;
    for (const base of bases as readonly Record<string, unknown>[]) {
      const variants: Record<string, unknown>[] = [];
      for (const key of [...Object.keys(base), ...extraKeys])
        for (const value of CANDIDATES) variants.push({ ...base, [key]: value });
      for (const key of Object.keys(base)) {
        const copy = { ...base };
        delete copy[key];
        variants.push(copy);
      }
      variants.push(Object.assign(Object.create({ inherited: 1 }) as object, base));
      for (const record of variants) {
        if (!check(record)) continue;
        taken++;
        const parsed = v.safeParse(schema, record);
        expect(parsed.success, JSON.stringify(record)).toBe(true);
        expect(parsed.output).toEqual(record);
        expect(Object.keys(parsed.output!).sort()).toEqual(Object.keys(record).sort());
      }
    }
    expect(taken).toBeGreaterThan(20); // the check is not simply refusing everything
  });

  it('leaves every other kind, and frames with an intercept, to the schema', () => {
    for (const record of [valid.create, valid.open, valid.error, valid.closing, valid.close])
      expect(check({ ...record, ...session })).toBe(false);
    expect(check({ ...plainText, intercept: { rule: 'r', action: 'dropped' } })).toBe(false);
  });
});

describe('parseClientEvent with plain frames', () => {
  const event = (records: unknown[]) => ({ type: 'records', tabId: 1, epoch: 'e', records });
  const mixed = [
    { ...valid.create, ...session, seq: 1 },
    { ...text, seq: 2 },
    { ...binary, seq: 3, origin: 'simulated' },
    { ...text, seq: 4, intercept: { rule: 'r', action: 'dropped' } },
    { ...valid.close, ...session, seq: 5 },
  ];

  it('gives what the schema gives, for records and slices', () => {
    for (const input of [event(mixed), { type: 'slice', id: 3, tabId: 1, epoch: 'e', records: mixed, more: true }]) {
      const schema = parseWith(ClientEventSchema, input);
      expect(schema.ok).toBe(true);
      expect(parseClientEvent(input)).toEqual(schema);
    }
  });

  it('refuses what the schema refuses, in its words', () => {
    const bad = [
      event([...mixed, { ...text, seq: 6, size: -1 }]),
      event([{ ...text, conn: 5 }]),
      event([{ ...valid.close, ...session, code: 5000 }]),
      { type: 'records', tabId: -1, epoch: 'e', records: [text] },
      { type: 'records', tabId: 1, epoch: 'e', records: 'none' },
      { type: 'records', tabId: 1, epoch: 'e' },
    ];
    for (const input of bad) {
      const schema = parseWith(ClientEventSchema, input);
      expect(schema.ok).toBe(false);
      expect(parseClientEvent(input)).toEqual(schema);
    }
  });
});
