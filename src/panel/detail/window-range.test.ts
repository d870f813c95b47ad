import { describe, expect, it } from 'vitest';
import { sameRange, visibleRange } from './window-range';

describe('visibleRange', () => {
  it('renders the rows in view plus overscan at the top', () => {
    // 300px of 15px rows: 20 in view, +1 for a partly shown row, +10 below.
    expect(visibleRange(0, 300, 15, 65536)).toEqual({ start: 0, end: 31 });
  });

  it('follows the scroll position with overscan on both sides', () => {
    expect(visibleRange(1500, 300, 15, 65536)).toEqual({ start: 90, end: 131 });
    expect(visibleRange(1507, 300, 15, 65536)).toEqual({ start: 90, end: 131 });
  });

  it('stops at the last row', () => {
    const total = 65536;
    expect(visibleRange(total * 15 - 300, 300, 15, total)).toEqual({ start: 65506, end: 65536 });
    expect(visibleRange(1e9, 300, 15, total)).toEqual({ start: 65536, end: 65536 });
  });

  it('renders everything when the list is short', () => {
    expect(visibleRange(0, 600, 15, 5)).toEqual({ start: 0, end: 5 });
    expect(visibleRange(0, 600, 15, 0)).toEqual({ start: 0, end: 0 });
  });

  it('tolerates negative scroll (overscroll) and an unmeasured viewport', () => {
    expect(visibleRange(-40, 300, 15, 100)).toEqual({ start: 0, end: 31 });
    expect(visibleRange(0, 0, 15, 100, 0)).toEqual({ start: 0, end: 1 });
  });

  it('compares ranges', () => {
    expect(sameRange({ start: 1, end: 2 }, { start: 1, end: 2 })).toBe(true);
    expect(sameRange({ start: 1, end: 2 }, { start: 1, end: 3 })).toBe(false);
  });
});
