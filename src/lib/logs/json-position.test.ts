import { describe, expect, it } from 'vitest';
import { jsonErrorAt } from './json-position';
import { exportHar } from './har';
import { sampleRecords } from './testing';

describe('jsonErrorAt', () => {
  it('finds nothing wrong in valid JSON', () => {
    for (const text of [
      '{}',
      '[]',
      ' {"a": [1, -2.5e+3, true, false, null, "x\\u00e9\\n\\"", {}, []]} ',
      '"just a string"',
      '0',
      exportHar(sampleRecords()),
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    ]) {
      expect(jsonErrorAt(text), text.slice(0, 40)).toBe(-1);
    }
  });

  it.each([
    ['{"a": }', 6],
    ['{"a" 1}', 5],
    ['{"a": 1,}', 8],
    ['[1,]', 3],
    ['[1 2]', 3],
    ['{a: 1}', 1],
    ['{"a": tru}', 9],
    ['{"a": 01}', 7],
    ['{"a": "\\x"}', 8],
    ['{"a": "tab\there"}', 10],
    ['{} {}', 3],
    ['{"a": [}', 7],
  ])('points at the first bad character of %j', (text, at) => {
    expect(jsonErrorAt(text)).toBe(at);
    expect(() => JSON.parse(text)).toThrow();
  });

  it.each(['{"a": 1', '{"a": "abc', '[1, 2', '{"a"', '{', '', '   ', '{"a": "\\'])('says %j ends early', (text) => {
    expect(jsonErrorAt(text)).toBe(text.length);
  });
});
