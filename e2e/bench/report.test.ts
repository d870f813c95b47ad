import { describe, expect, it } from 'vitest';
import { medianInterval, ratioCells } from './report';

const ramp = (n: number) => Array.from({ length: n }, (_, i) => n - i); // unsorted on purpose

describe('medianInterval', () => {
  it('has no 95% interval below six values (P(all on one side) of five is 1/16)', () => {
    expect(medianInterval(ramp(5))).toBeNull();
    expect(medianInterval(ramp(6))).toEqual([1, 6]);
  });

  it('takes the order statistics of the binomial tables', () => {
    // n = 15: P(X <= 3) = 0.0176, P(X <= 4) = 0.0592, so x(4) and x(12).
    expect(medianInterval(ramp(15))).toEqual([4, 12]);
    // n = 45: P(X <= 15) = 0.0178, P(X <= 16) = 0.0362, so x(16) and x(30).
    expect(medianInterval(ramp(45))).toEqual([16, 30]);
  });

  it('narrows as the confidence falls', () => {
    expect(medianInterval(ramp(15), 0.5)).toEqual([6, 10]);
  });
});

describe('ratioCells', () => {
  it('prints the median, its interval and the middle half', () => {
    expect(ratioCells(ramp(15).map((v) => 1 + v / 100))).toEqual(['1.08×', '1.04×–1.12×', '1.04×–1.12×']);
  });

  it('prints a dash where too few values give no interval', () => {
    expect(ratioCells([1, 1.1, 1.2])).toEqual(['1.10×', '—', '1.05×–1.15×']);
  });
});
