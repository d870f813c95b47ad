import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { keepDebugger } from './keep-debugger';

describe('keepDebugger', () => {
  it('replaces the marked call, minified or not, with an expression that runs a debugger statement', () => {
    expect(keepDebugger('function b(){a(n.stringIndexOf,`wsl:debugger-statement`,``)}', 'x.js')).toBe(
      'function b(){(()=>{debugger})()}',
    );
    expect(keepDebugger('x&&a(n.stringIndexOf,"wsl:debugger-statement","")', 'x.js')).toBe('x&&(()=>{debugger})()');
    expect(keepDebugger(`call(natives.stringIndexOf, 'wsl:debugger-statement', '');`, 'x.js')).toBe(
      '(()=>{debugger})();',
    );
  });

  it("finds the mark in the hook's source", () => {
    const source = readFileSync(new URL('../page/debugger.ts', import.meta.url), 'utf8');
    expect(keepDebugger(source, 'debugger.ts')).toContain('(()=>{debugger})();');
  });

  it('fails the build when the mark is missing', () => {
    expect(() => keepDebugger('function b(){}', 'page.js')).toThrow('no debugger mark in page.js (not there)');
  });
});
