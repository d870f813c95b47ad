import { describe, expect, it } from 'vitest';
import { bandwidthRelease, dropsFrame, jitterMs, rateRelease, seededRandom, shuffledOrder } from './faults';

const draws = (seed: number, n: number) => {
  const random = seededRandom(seed);
  return Array.from({ length: n }, random);
};

describe('seededRandom', () => {
  it('repeats the same sequence for a seed, and another for another seed', () => {
    expect(draws(42, 50)).toEqual(draws(42, 50));
    expect(draws(42, 50)).not.toEqual(draws(43, 50));
  });

  it('is mulberry32 (known first outputs), in [0, 1)', () => {
    // Reference values of mulberry32 with seed 1, computed with Math.imul.
    const reference = (seed: number) => {
      let a = seed >>> 0;
      return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    };
    for (const seed of [0, 1, 7, 0xffffffff, 123456789]) {
      const expected = reference(seed);
      const ours = seededRandom(seed);
      for (let i = 0; i < 1000; i++) expect(ours()).toBe(expected());
    }
    for (const x of draws(9, 10_000)) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe('jitterMs', () => {
  it('draws whole ms in [min, max], both ends reachable', () => {
    const random = seededRandom(3);
    const seen = new Set(Array.from({ length: 2000 }, () => jitterMs(random, 10, 14)));
    expect([...seen].sort()).toEqual([10, 11, 12, 13, 14]);
    expect(jitterMs(() => 0.9999999999, 5, 5)).toBe(5);
  });
});

describe('dropsFrame', () => {
  it('drops about the given share, none at 0 and all at 100', () => {
    const random = seededRandom(11);
    const dropped = Array.from({ length: 10_000 }, () => dropsFrame(random, 30)).filter(Boolean).length;
    expect(dropped).toBeGreaterThan(2800);
    expect(dropped).toBeLessThan(3200);
    expect(Array.from({ length: 100 }, () => dropsFrame(random, 0)).some(Boolean)).toBe(false);
    expect(Array.from({ length: 100 }, () => dropsFrame(random, 100)).every(Boolean)).toBe(true);
  });
});

describe('shuffledOrder', () => {
  it('is a permutation, the same for a seed, and never the order frames came in', () => {
    for (let n = 2; n <= 50; n++) {
      const random = seededRandom(n);
      for (let round = 0; round < 20; round++) {
        const order = shuffledOrder(n, random, []);
        expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        expect(order).not.toEqual(Array.from({ length: n }, (_, i) => i));
      }
    }
    expect(shuffledOrder(5, seededRandom(1), [])).toEqual(shuffledOrder(5, seededRandom(1), []));
    expect(shuffledOrder(1, seededRandom(1), [])).toEqual([0]);
    expect(shuffledOrder(2, () => 0.99, [])).toEqual([1, 0]); // the identity draw, turned
  });
});

describe('release schedules', () => {
  it('rate: at once when idle, else one spacing after the previous release', () => {
    expect(rateRelease(-Infinity, 100, 4)).toBe(100);
    expect(rateRelease(100, 100, 4)).toBe(350);
    expect(rateRelease(350, 120, 4)).toBe(600);
    expect(rateRelease(100, 1000, 4)).toBe(1000);
  });

  it('bandwidth: each frame takes its size over the rate, after the one before it', () => {
    expect(bandwidthRelease(-Infinity, 100, 500, 1000)).toBe(600);
    expect(bandwidthRelease(600, 200, 1000, 1000)).toBe(1600);
    expect(bandwidthRelease(600, 2000, 0, 1000)).toBe(2000);
  });
});
