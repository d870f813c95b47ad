import { describe, expect, it } from 'vitest';
import { canonicalRecord } from './canonical';
import { sampleRecords } from './testing';

describe('canonicalRecord', () => {
  it('copies every kind of record exactly, in one key order per kind', () => {
    for (const record of sampleRecords()) {
      const copy = canonicalRecord(record);
      expect(copy).toEqual(record);
      expect(copy).not.toBe(record);
      expect(Object.keys(copy).slice(0, 3)).toEqual(['kind', 'sid', 't']);
      expect(Object.keys(copy).slice(-3)).toEqual(['seq', 'conn', 'frameId']);
    }
  });

  it('renumbers when asked, and keeps a closing without code or reason without them', () => {
    const closing = { kind: 'closing', sid: 1, t: 5, seq: 3, conn: '1.1', frameId: 0 } as const;
    expect(canonicalRecord(closing, 9)).toEqual({ ...closing, seq: 9 });
    expect(Object.keys(canonicalRecord(closing))).not.toContain('code');
  });
});
