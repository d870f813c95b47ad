import { describe, expect, it } from 'vitest';
import { sessionOf } from '../../lib/diff/testing';
import { compareConnections, diffRows, fileConnections, NO_IGNORE, recordsOf } from './compare-model';

describe('compare-model', () => {
  const a = sessionOf({
    url: 'wss://h/a',
    frames: Array.from({ length: 12 }, (_, i) => ['sent', `{"n":${i}}`] as const),
  });
  const b = sessionOf({
    url: 'wss://h/a',
    frames: Array.from({ length: 12 }, (_, i) => ['sent', `{"n":${i + 1}}`] as const),
  });

  it('shows at most the first rows and counts the rest', () => {
    const result = compareConnections(a, b, NO_IGNORE);
    if (!result.ok) throw new Error(result.error);
    expect(result.diff.counts.changed).toBe(12);
    const { rows, more } = diffRows(result.diff, 5);
    expect(rows).toHaveLength(5);
    expect(more).toBe(7);
  });

  it('reads ignore rules one a line, and turns a bad one into an error', () => {
    const same = compareConnections(a, b, { paths: '\n $.n \n', regexes: '', volatile: false });
    expect(same.ok && same.diff.status).toBe('same');
    expect(compareConnections(a, b, { paths: '', regexes: '[', volatile: false })).toMatchObject({ ok: false });
  });

  it("lists a file's connections with the same URL first, and picks one connection's records", () => {
    const log = sessionOf({ url: 'wss://h/x', frames: [] }, { url: 'wss://h/a', frames: [['sent', 'hi']] });
    expect(fileConnections(log, 'wss://h/a').map((c) => c.conn)).toEqual(['c2', 'c1']);
    expect(recordsOf(log, 'c2').every((r) => r.conn === 'c2')).toBe(true);
  });
});
