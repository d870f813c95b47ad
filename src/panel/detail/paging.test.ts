import { describe, expect, it } from 'vitest';
import { chunkEnd, firstPage, nextPageSize } from './paging';

describe('children paging', () => {
  it('shows at most one page at first', () => {
    expect(firstPage(0)).toBe(0);
    expect(firstPage(12)).toBe(12);
    expect(firstPage(100)).toBe(100);
    expect(firstPage(5000)).toBe(100);
    expect(firstPage(30, 10)).toBe(10);
  });

  it('adds a full page while enough remain, then the rest, then nothing', () => {
    expect(nextPageSize(100, 5000)).toBe(100);
    expect(nextPageSize(4900, 5000)).toBe(100);
    expect(nextPageSize(100, 137)).toBe(37);
    expect(nextPageSize(137, 137)).toBe(0);
    expect(nextPageSize(12, 12)).toBe(0);
    expect(nextPageSize(10, 25, 10)).toBe(10);
  });

  it('reaches every child of a large container', () => {
    let shown = firstPage(250);
    const steps: number[] = [];
    for (let more = nextPageSize(shown, 250); more > 0; more = nextPageSize(shown, 250)) {
      steps.push(more);
      shown += more;
    }
    expect(steps).toEqual([100, 50]);
    expect(shown).toBe(250);
  });
});

describe('chunkEnd', () => {
  it('cuts after `size` units or at the end of the text', () => {
    expect(chunkEnd('abcdef', 0, 4)).toBe(4);
    expect(chunkEnd('abcdef', 4, 4)).toBe(6);
    expect(chunkEnd('abc', 0, 10)).toBe(3);
    expect(chunkEnd('', 0, 10)).toBe(0);
  });

  it('does not split a surrogate pair', () => {
    const text = 'ab😀cd';
    expect(chunkEnd(text, 0, 3)).toBe(2);
    expect(chunkEnd(text, 0, 4)).toBe(4);
    expect(chunkEnd(text, 2, 3)).toBe(5);
  });
});
