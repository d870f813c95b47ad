import { describe, expect, it } from 'vitest';
import { displayKey, jsonPath, nodeLabel } from './json-path';

describe('jsonPath', () => {
  it('is $ for the root', () => {
    expect(jsonPath([])).toBe('$');
  });

  it('joins identifier keys with dots and indexes with brackets', () => {
    expect(jsonPath(['users', 2, 'name'])).toBe('$.users[2].name');
    expect(jsonPath([0])).toBe('$[0]');
    expect(jsonPath([0, 1])).toBe('$[0][1]');
    expect(jsonPath(['_id', '$ref', 'a1'])).toBe('$._id.$ref.a1');
  });

  it('quotes keys that are not identifiers', () => {
    expect(jsonPath(['a b'])).toBe('$["a b"]');
    expect(jsonPath(['0'])).toBe('$["0"]');
    expect(jsonPath([''])).toBe('$[""]');
    expect(jsonPath(['1st', 'x-y', 'café'])).toBe('$["1st"]["x-y"]["café"]');
    expect(jsonPath(['say "hi"\n'])).toBe('$["say \\"hi\\"\\n"]');
    expect(jsonPath(['a', 'b.c'])).toBe('$.a["b.c"]');
  });
});

describe('nodeLabel', () => {
  it('names the root "root" and other nodes by their path without "$."', () => {
    expect(nodeLabel([])).toBe('root');
    expect(nodeLabel(['users'])).toBe('users');
    expect(nodeLabel(['users', 2, 'name'])).toBe('users[2].name');
    expect(nodeLabel([3])).toBe('[3]');
    expect(nodeLabel(['a b', 'c'])).toBe('["a b"].c');
  });
});

describe('displayKey', () => {
  it('shows identifiers and digit strings plainly and quotes the rest', () => {
    expect(displayKey('name')).toBe('name');
    expect(displayKey('42')).toBe('42');
    expect(displayKey('')).toBe('""');
    expect(displayKey('a b')).toBe('"a b"');
    expect(displayKey('line\nbreak')).toBe('"line\\nbreak"');
  });
});
