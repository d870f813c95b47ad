import { describe, expect, it } from 'vitest';
import { formatPath, parseJsonPath, pathMatches } from './json-path';

const matches = (path: string, segments: (string | number)[]) => pathMatches(parseJsonPath(path), segments);

describe('JSON paths for ignore and redaction rules', () => {
  it('names keys, indexes, wildcards and keys at any depth', () => {
    expect(matches('$.ts', ['ts'])).toBe(true);
    expect(matches('$.ts', ['data', 'ts'])).toBe(false);
    expect(matches('$.data.items[2].id', ['data', 'items', 2, 'id'])).toBe(true);
    expect(matches('$.data.items[*].id', ['data', 'items', 7, 'id'])).toBe(true);
    expect(matches('$.*.id', ['x', 'id'])).toBe(true);
    expect(matches("$['a b'].c", ['a b', 'c'])).toBe(true);
    expect(matches('$..id', ['id'])).toBe(true);
    expect(matches('$..id', ['a', 3, 'id'])).toBe(true);
    expect(matches('$..id', ['a', 'idx'])).toBe(false);
    expect(matches('$.a..b.c', ['a', 'x', 'y', 'b', 'c'])).toBe(true);
  });

  it('refuses what it cannot read, saying where', () => {
    expect(() => parseJsonPath('ts')).toThrow(/must start with "\$"/);
    expect(() => parseJsonPath('$.a[')).toThrow(/unclosed/);
    expect(() => parseJsonPath('$[?(@.x)]')).toThrow(/cannot read/);
  });

  it('writes locations back as paths', () => {
    expect(formatPath(['a', 0, 'b c', 'd'])).toBe("$.a[0]['b c'].d");
  });
});
