import { describe, expect, it } from 'vitest';
import { findAll, stepMatch } from './find';

describe('findAll', () => {
  it('finds every occurrence, ignoring case, without overlaps', () => {
    expect(findAll('Token token TOKEN', 'token')).toEqual([0, 6, 12]);
    expect(findAll('aaaa', 'aa')).toEqual([0, 2]);
    expect(findAll('abc', '')).toEqual([]);
    expect(findAll('abc', 'x')).toEqual([]);
  });

  it('stops at the limit', () => {
    expect(findAll('a'.repeat(100), 'a', 5)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('stepMatch', () => {
  it('steps forward and back, wrapping around', () => {
    expect(stepMatch(0, 3, false)).toBe(1);
    expect(stepMatch(2, 3, false)).toBe(0);
    expect(stepMatch(0, 3, true)).toBe(2);
    expect(stepMatch(0, 0, true)).toBe(0);
  });
});
