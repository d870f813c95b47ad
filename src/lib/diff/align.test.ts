import { describe, expect, it } from 'vitest';
import { alignByKey } from './align';

const dir = (key: string) => key[0]!;

describe('frame alignment', () => {
  it('pairs equal sequences one to one', () => {
    expect(alignByKey(['s', 'r', 's'], ['s', 'r', 's'], dir)).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
  });

  it('keeps the frames after an inserted one aligned', () => {
    expect(alignByKey(['sA', 'rB', 'rC'], ['sA', 'rX', 'rB', 'rC'], dir)).toEqual([
      [0, 0],
      [-1, 1],
      [1, 2],
      [2, 3],
    ]);
  });

  it('keeps the frames after a dropped one aligned', () => {
    expect(alignByKey(['sA', 'rB', 'rC', 'sD'], ['sA', 'rC', 'sD'], dir)).toEqual([
      [0, 0],
      [1, -1],
      [2, 1],
      [3, 2],
    ]);
  });

  it('pairs unmatched frames of the same direction in a gap as changed, in order', () => {
    expect(alignByKey(['sA', 'rB', 'sC', 'rZ'], ['sA', 'rX', 'sY', 'rZ'], dir)).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    // A gap with a received frame on one side only: the sent ones pair, the received one is removed.
    expect(alignByKey(['sA', 'rB', 'sC'], ['sA', 'sY'], dir)).toEqual([
      [0, 0],
      [1, -1],
      [2, 1],
    ]);
  });

  it('pairs by order when the table would be too large', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `s${i % 7}`);
    const b = Array.from({ length: 3000 }, (_, i) => `s${(i + 1) % 7}`);
    const alignment = alignByKey(a, b, dir);
    expect(alignment).toHaveLength(3000);
    expect(alignment.every(([i, j]) => i === j)).toBe(true);
  });
});
