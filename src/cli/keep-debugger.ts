/**
 * Puts the page hook's `debugger` statement back (src/page/debugger.ts): the
 * minifier drops every `debugger` statement, and crxjs builds content scripts
 * with the parent build's `minify` flag only. The hook marks the place with a
 * call that carries DEBUGGER_MARK; this replaces that call, minified or not,
 * with an expression that runs the statement, so it fits wherever the
 * minifier put the call (a statement or inside an expression). The build
 * fails if the mark is not found, rather than ship rules that cannot stop.
 */
import type { Plugin } from 'vite';
import { DEBUGGER_MARK } from '../page/debugger-mark';

const MARK_CALL = new RegExp(
  String.raw`[\w$]+\(\s*[\w$]+\.stringIndexOf\s*,\s*(["'\x60])${DEBUGGER_MARK}\1\s*,\s*(["'\x60])\2\s*\)`,
  'g',
);
const STATEMENT = '(()=>{debugger})()';

/** `code` with each marked call replaced by the statement; throws when there is none. */
export function keepDebugger(code: string, fileName: string): string {
  let found = 0;
  const out = code.replace(MARK_CALL, () => (found++, STATEMENT));
  if (found === 0) {
    const at = code.indexOf(DEBUGGER_MARK);
    const seen = at < 0 ? 'not there' : `seen as …${code.slice(Math.max(0, at - 60), at + 60)}…`;
    throw new Error(`keepDebugger: no debugger mark in ${fileName} (${seen})`);
  }
  return out;
}

export function keepDebuggerIn(fileName: string): Plugin {
  return {
    name: 'wsl-keep-debugger',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const output = bundle[fileName];
        if (!output) throw new Error(`keepDebugger: ${fileName} was not built`);
        if (output.type === 'asset') output.source = keepDebugger(String(output.source), fileName);
        else output.code = keepDebugger(output.code, fileName);
      },
    },
  };
}
