import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../protocol/schema';
import { compileFilter, EMPTY_FILTER } from '../lib/filter/filter';
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

  it('gives each frame row the time since the previous frame of its connection, whatever the filter shows', () => {
    const at = (seq: number, t: number, conn: string, data: string) => ({ ...frame(seq, conn, data), t });
    const open: SessionRecord = {
      kind: 'open',
      sid: 1,
      t: 5,
      seq: 1,
      conn: 'a',
      frameId: 0,
      protocol: '',
      extensions: '',
    };
    const live = [
      at(0, 1000, 'a', 'x1'),
      open,
      at(2, 1010, 'b', 'y1'),
      at(3, 1250, 'a', 'hidden'),
      at(4, 1300.5, 'a', 'x2'),
    ];
    const timeline = new Timeline();
    timeline.update({ records: live, base: 0, selection: new Set(['a']), filter: compiled() });
    expect(timeline.rows.map((r) => r.seq)).toEqual([0, 1, 3, 4]);
    expect(timeline.deltas).toEqual([NaN, NaN, 250, 50.5]);
    // A hidden frame still counts as the previous one: the delta is to the wire, not to what is shown.
    timeline.update({ records: live, base: 0, selection: new Set(['a']), filter: compiled('x') });
    expect(timeline.rows.map((r) => r.seq)).toEqual([0, 4]);
    expect(timeline.deltas).toEqual([NaN, 50.5]);
    // Appended live: the delta continues from the last frame processed.
    live.push(at(5, 1400, 'a', 'x3'));
    timeline.update({ records: live, base: 0, selection: new Set(['a']), filter: compiled('x') });
    expect(timeline.deltas).toEqual([NaN, 50.5, 99.5]);
  });

  it('finds a row by seq, and says -1 for a record it does not show', () => {
    const timeline = new Timeline();
    timeline.update({ records, base: 0, selection: new Set(['b']), filter: compiled() });
    expect(timeline.indexOf(3)).toBe(1);
    expect(timeline.indexOf(2)).toBe(-1);
  });
});
