import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../protocol/schema';
import { compileFilter, EMPTY_FILTER } from './filter';
import { Timeline } from './timeline';

const frame = (seq: number, conn: string, data: string): SessionRecord => ({
  kind: 'frame',
  sid: 1,
  t: seq,
  seq,
  conn,
  frameId: 0,
  dir: 'received',
  type: 'text',
  size: data.length,
  data,
  truncated: false,
});
const compiled = (text = '') => {
  const result = compileFilter({ ...EMPTY_FILTER, text });
  if (!result.ok) throw new Error(result.error);
  return result.filter;
};

describe('Timeline', () => {
  const records = [frame(0, 'a', 'x1'), frame(1, 'b', 'y1'), frame(2, 'a', 'x2'), frame(3, 'b', 'y2')];

  it('shows the selected connections merged in seq order, and counts frame hits', () => {
    const timeline = new Timeline();
    const all = compiled();
    timeline.update({ records, base: 0, selection: new Set(['a', 'b']), filter: all });
    expect(timeline.rows.map((r) => r.seq)).toEqual([0, 1, 2, 3]);
    timeline.update({ records, base: 0, selection: new Set(['b']), filter: all });
    expect(timeline.rows.map((r) => r.seq)).toEqual([1, 3]);
    expect(timeline.hits).toBe(2);
  });

  it('filters only appended records while the selection, filter and base stay the same', () => {
    const timeline = new Timeline();
    const live = records.slice(0, 2);
    const selection = new Set(['a']);
    const filter = compiled('x');
    expect(timeline.update({ records: live, base: 0, selection, filter })).toBe(true);
    const rows = timeline.rows;
    live.push(records[2]!, records[3]!);
    expect(timeline.update({ records: live, base: 0, selection, filter })).toBe(true);
    expect(timeline.rows).toBe(rows); // extended in place, not rebuilt
    expect(timeline.rows.map((r) => r.seq)).toEqual([0, 2]);
    expect(timeline.update({ records: live, base: 0, selection, filter })).toBe(false);
  });

  it('rebuilds when the base changes (records replaced or trimmed)', () => {
    const timeline = new Timeline();
    const selection = new Set(['a', 'b']);
    const filter = compiled();
    timeline.update({ records, base: 0, selection, filter });
    timeline.update({ records: records.slice(2), base: 1, selection, filter });
    expect(timeline.rows.map((r) => r.seq)).toEqual([2, 3]);
  });
});
