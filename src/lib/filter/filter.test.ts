import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../protocol/schema';
import {
  BINARY_SEARCH_BYTES,
  binarySearchText,
  compileFilter,
  EMPTY_FILTER,
  highlightParts,
  textPattern,
  type FilterState,
} from './filter';
import { lifecycleText } from '../../panel/format';

const base = { sid: 1, t: 0, conn: '1.1', frameId: 0 };
let seq = 0;
const text = (data: string, dir: 'sent' | 'received' = 'received'): SessionRecord => ({
  ...base,
  seq: seq++,
  kind: 'frame',
  dir,
  type: 'text',
  size: data.length,
  data,
  truncated: false,
});
const binary = (size: number, dir: 'sent' | 'received' = 'sent'): SessionRecord => ({
  ...base,
  seq: seq++,
  kind: 'frame',
  dir,
  type: 'binary',
  size,
  data: new Uint8Array([0, 1, 2]),
  truncated: false,
});
const open: SessionRecord = { ...base, seq: seq++, kind: 'open', protocol: 'chat', extensions: '' };
const lifecycle = (r: SessionRecord) => (r.kind === 'frame' ? '' : lifecycleText(r));

function pass(state: Partial<FilterState>, records: SessionRecord[]): SessionRecord[] {
  const result = compileFilter({ ...EMPTY_FILTER, ...state });
  if (!result.ok) throw new Error(result.error);
  return records.filter((r) => result.filter.test(r, lifecycle));
}

const all = [open, text('{"type":"ping"}', 'sent'), text('hello WORLD'), binary(4), binary(4000, 'received')];

describe('compileFilter', () => {
  it('lets everything through when empty, lifecycle rows included', () => {
    expect(pass({}, all)).toEqual(all);
  });

  it('matches plain text case-insensitively', () => {
    expect(pass({ text: 'world' }, all)).toEqual([all[2]]);
    expect(pass({ text: 'a.b' }, [text('a.b'), text('axb')])).toHaveLength(1); // not a regex
  });

  it('matches /regex/flags', () => {
    expect(pass({ text: '/"type":"p\\w+"/' }, all)).toEqual([all[1]]);
    expect(pass({ text: '/world/' }, all)).toEqual([]);
    expect(pass({ text: '/world/i' }, all)).toEqual([all[2]]);
  });

  it('matches lifecycle lines by text when only text is filtered', () => {
    expect(pass({ text: 'protocol chat' }, all)).toEqual([open]);
    expect(pass({ text: 'protocol chat', direction: 'sent' }, all)).toEqual([]);
  });

  it('filters by direction, type and size range (inclusive)', () => {
    expect(pass({ direction: 'sent' }, all)).toEqual([all[1], all[3]]);
    expect(pass({ type: 'binary' }, all)).toEqual([all[3], all[4]]);
    expect(pass({ minSize: 4, maxSize: 11 }, all)).toEqual([all[2], all[3]]);
    expect(pass({ minSize: Number.NaN }, all)).toEqual(all); // NaN is unbounded: nothing filtered
  });

  it('reports a bad regex and an inverted size range as errors', () => {
    const bad = compileFilter({ ...EMPTY_FILTER, text: '/(/' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/^Invalid regular expression/);
    const inverted = compileFilter({ ...EMPTY_FILTER, minSize: 10, maxSize: 2 });
    expect(inverted).toEqual({ ok: false, error: 'The minimum size 10 is above the maximum 2' });
  });

  it('hides what a leading "-" matches, and shows the rest, lifecycle rows included', () => {
    expect(pass({ text: '-ping' }, all)).toEqual([open, all[2], all[3], all[4]]);
    expect(pass({ text: '-/world/i' }, all)).toEqual([open, all[1], all[3], all[4]]);
    expect(pass({ text: '-protocol chat' }, all)).toEqual(all.slice(1));
    // Combined with the other criteria: they still apply.
    expect(pass({ text: '-ping', direction: 'sent' }, all)).toEqual([all[3]]);
    // A lone "-" is a search for "-", not an empty negation.
    expect(pass({ text: '-' }, [text('a-b'), text('ab')])).toHaveLength(1);
  });

  it('does not highlight what a negated filter hides', () => {
    const result = compileFilter({ ...EMPTY_FILTER, text: '-ping' });
    expect(result.ok && result.filter.highlight).toBe(null);
  });

  it('matches binary frames by their hex bytes, spaced or not, and by their bytes read as text', () => {
    const bytes = (data: number[]) => ({ ...binary(data.length), data: new Uint8Array(data) }) as SessionRecord;
    const hello = bytes([0x00, 0x68, 0x69, 0x21, 0xff]); // "\0hi!\xff"
    const other = bytes([0x01, 0x02]);
    expect(pass({ text: '68 69' }, [hello, other])).toEqual([hello]);
    expect(pass({ text: '6869' }, [hello, other])).toEqual([hello]);
    expect(pass({ text: '21:FF' }, [hello, other])).toEqual([hello]);
    expect(pass({ text: 'HI!' }, [hello, other])).toEqual([hello]);
    expect(pass({ text: '/^01 02/' }, [hello, other])).toEqual([other]);
    expect(pass({ text: '-6869' }, [hello, other])).toEqual([other]);
  });

  it('reads only the first BINARY_SEARCH_BYTES of a binary payload', () => {
    const tail = new Uint8Array(Buffer.concat([Buffer.alloc(BINARY_SEARCH_BYTES), Buffer.from('needle')]));
    const late = { ...binary(tail.length), data: tail } as SessionRecord;
    expect(pass({ text: 'needle' }, [late])).toEqual([]);
    expect(binarySearchText(tail).startsWith('00 00 00')).toBe(true);
  });

  it('filters 100,000 frames quickly enough for one frame budget (a loose bound; the bench measures it)', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => text(`{"seq":${i},"price":${i * 1.5}}`));
    const result = compileFilter({ ...EMPTY_FILTER, text: '/"seq":9999\\d/' });
    if (!result.ok) throw new Error(result.error);
    expect(many.filter((r) => result.filter.test(r, lifecycle))).toHaveLength(10);
  });
});

describe('textPattern and highlightParts', () => {
  it('escapes plain text', () => {
    const result = textPattern('1+1=(2)');
    expect(result.ok && result.pattern?.test('x 1+1=(2) y')).toBe(true);
  });

  it('splits text into hits and the rest, ignoring empty matches', () => {
    expect(highlightParts('a-b-a', /a/gi)).toEqual([
      { text: 'a', hit: true },
      { text: '-b-', hit: false },
      { text: 'a', hit: true },
    ]);
    expect(highlightParts('abc', /x*/g)).toEqual([{ text: 'abc', hit: false }]);
    expect(highlightParts('abc', null)).toEqual([{ text: 'abc', hit: false }]);
  });
});
