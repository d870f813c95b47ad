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

  it('keeps the marks of frames and closes from DevTools, simulated or acted on by a rule', () => {
    const meta = { sid: 1, t: 5, seq: 3, conn: '1.1', frameId: 0 } as const;
    const frame = { ...meta, kind: 'frame', dir: 'sent', size: 1, truncated: false, type: 'text', data: 'x' } as const;
    for (const record of [
      { ...frame, origin: 'devtools' },
      { ...frame, intercept: { rule: 'slow', action: 'delayed' } },
      { ...meta, kind: 'closing', code: 4321, origin: 'devtools' },
      { ...meta, kind: 'close', code: 1006, reason: '', wasClean: false, by: 'network', origin: 'simulated' },
    ] as const)
      expect(canonicalRecord(record)).toEqual(record);
    expect(Object.keys(canonicalRecord(frame))).not.toContain('origin');
  });
});
