import { describe, expect, it } from 'vitest';
import {
  childAt,
  childKeys,
  containerSummary,
  copyValueText,
  isContainer,
  isExpandedByDefault,
  previewText,
  scalarKind,
  scalarText,
} from './json-model';
import type { JsonObject } from './payload';

describe('JSON tree model', () => {
  it('tells containers from scalars', () => {
    expect(isContainer({})).toBe(true);
    expect(isContainer([])).toBe(true);
    expect(isContainer(null)).toBe(false);
    expect(isContainer('x')).toBe(false);
  });

  it('types and writes scalars: strings quoted, numbers, booleans, null', () => {
    expect([scalarKind('a'), scalarKind(1), scalarKind(false), scalarKind(null)]).toEqual([
      'string',
      'number',
      'boolean',
      'null',
    ]);
    expect(scalarText('say "hi"\n')).toBe('"say \\"hi\\"\\n"');
    expect(scalarText(-1.5e-7)).toBe('-1.5e-7');
    expect(scalarText(true)).toBe('true');
    expect(scalarText(null)).toBe('null');
  });

  it('counts a container’s children', () => {
    expect(containerSummary({ a: 1, b: 2, c: 3 })).toBe('{3}');
    expect(containerSummary(new Array(12).fill(0))).toBe('[12]');
    expect(containerSummary([])).toBe('[0]');
  });

  it('lists children by index or key, in order', () => {
    expect(childKeys(['x', 'y'])).toEqual([0, 1]);
    expect(childKeys({ b: 1, a: 2, 'a b': 3 })).toEqual(['b', 'a', 'a b']);
    expect(childAt(['x', 'y'], 1)).toBe('y');
    expect(childAt({ 'a b': 3 }, 'a b')).toBe(3);
  });

  it('reads an own "__proto__" key like any other', () => {
    const value = JSON.parse('{"__proto__":{"x":1}}') as JsonObject;
    expect(childKeys(value)).toEqual(['__proto__']);
    expect(childAt(value, '__proto__')).toEqual({ x: 1 });
  });

  it('copies values as JSON, containers indented', () => {
    expect(copyValueText({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(copyValueText('x')).toBe('"x"');
    expect(copyValueText(null)).toBe('null');
  });

  it('expands the first two levels by default', () => {
    expect([0, 1, 2, 3].map(isExpandedByDefault)).toEqual([true, true, false, false]);
  });

  it('cuts long strings for display', () => {
    expect(previewText('abc', 5)).toEqual({ text: 'abc', cut: false });
    expect(previewText('abcdefg', 5)).toEqual({ text: 'abcde…', cut: true });
  });
});
