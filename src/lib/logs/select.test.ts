import { describe, expect, it } from 'vitest';
import { applyRecords, createSession } from '../session';
import { connectionRecords, recordsWithLifecycle, sessionRecords } from './select';
import { sampleRecords } from './testing';

const session = () => applyRecords(createSession(), sampleRecords());
const seqs = (records: { seq: number }[]) => records.map((r) => r.seq);

describe('selection helpers', () => {
  it('gives the whole session in capture order', () => {
    expect(sessionRecords(session())).toEqual(sampleRecords());
  });

  it('gives the records of chosen connections, merged in capture order, ignoring unknown ids', () => {
    const records = connectionRecords(session(), ['1.2', '2.1', 'nope', '2.1']);
    expect(new Set(records.map((r) => r.conn))).toEqual(new Set(['1.2', '2.1']));
    expect(seqs(records)).toEqual([1, 4, 6, 7, 8, 10, 12, 13, 14, 17]);
  });

  it('adds the lifecycle of the connections a list of frames belongs to', () => {
    const s = session();
    const frames = sampleRecords().filter((r) => r.kind === 'frame' && r.type === 'binary' && r.size === 3);
    const records = recordsWithLifecycle(s, frames);
    expect(records.map((r) => `${r.seq} ${r.kind}`)).toEqual(['1 create', '4 open', '8 frame', '17 close']);
  });

  it('keeps each record once and drops records of connections the session does not hold', () => {
    const s = session();
    const all = sampleRecords();
    const stranger = { ...all[3]!, conn: '9.9', seq: 99 };
    expect(seqs(recordsWithLifecycle(s, [...all, ...all, stranger]))).toEqual(seqs(all));
  });
});
