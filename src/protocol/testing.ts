/**
 * Test fixtures for the protocol's unit tests: one valid wire record of every
 * kind (and both frame types), a helper to drop a field, and the assertions on
 * parse results that every validator's tests use.
 */
import { FLAG_BINARY, FLAG_FRAME, FLAG_SENT, FLAG_TRUNCATED, NUMBERS_PER_RECORD, type HookBatch } from './batch';
import { expect } from 'vitest';
import type { ParseResult } from './schema';

export const valid = {
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
    data: new Uint8Array([0, 1, 2, 3]),
  },
  error: { kind: 'error', sid: 1, t: 15 },
  closingBare: { kind: 'closing', sid: 1, t: 16 },
  closing: { kind: 'closing', sid: 1, t: 16, code: 4000, reason: 'bye' },
  close: { kind: 'close', sid: 1, t: 17, code: 1000, reason: 'bye', wasClean: true, by: 'page' },
} as const;

export function omit(record: object, key: string): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...record };
  delete copy[key];
  return copy;
}

export function expectOk<T>(result: ParseResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got error: ${result.error}`);
  return result.value;
}

/** Rejected, with an error that names the offending path (or no path for a top-level type error). */
export function expectError(result: ParseResult<unknown>, path: string): string {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(typeof result.error).toBe('string');
  if (path) expect(result.error.startsWith(`${path}: `), result.error).toBe(true);
  return result.error;
}

/** Records as a batch (batch.ts) the way the hook writes one: plain frames in the columns, the rest as objects. */
export function batchOf(records: readonly Record<string, unknown>[]): HookBatch {
  const numbers = new Float64Array(records.length * NUMBERS_PER_RECORD);
  const flags = new Uint8Array(records.length);
  const chunks: ArrayBuffer[] = [];
  const items = records.map((record, i) => {
    if (record.kind !== 'frame' || 'origin' in record || 'intercept' in record) return record;
    numbers.set([record.sid as number, record.t as number, record.size as number], i * NUMBERS_PER_RECORD);
    if (record.type === 'binary') {
      // Each payload in a chunk of its own, with a byte of something else on either side.
      const bytes = record.data as Uint8Array;
      const chunk = new Uint8Array(bytes.length + 2).fill(0xee);
      chunk.set(bytes, 1);
      chunks.push(chunk.buffer);
      numbers.set([1, bytes.length], i * NUMBERS_PER_RECORD + 3);
    }
    flags[i] =
      FLAG_FRAME |
      (record.dir === 'sent' ? FLAG_SENT : 0) |
      (record.type === 'binary' ? FLAG_BINARY : 0) |
      (record.truncated ? FLAG_TRUNCATED : 0);
    return record.type === 'binary' ? chunks.length - 1 : record.data;
  });
  return { count: records.length, numbers, flags, items, chunks, bytes: 0 };
}

/** mulberry32: a tiny seeded PRNG, so the random cases are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
