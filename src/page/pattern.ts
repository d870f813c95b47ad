/**
 * The regular expressions of intercept rules, run in the page's world with
 * nothing a page can reach. A RegExp made here still inherits the page's
 * RegExp.prototype, whose `exec`, `flags` and Symbol.replace a page may have
 * replaced (and the engine's generic paths look them up). So each of ours gets
 * a private prototype holding the native `exec` and our flags, and is called
 * through the natives captured at document_start: test and replace then read
 * only own properties and that private object.
 */
import { bare, call, natives } from './natives';

export interface Pattern {
  test(text: string): boolean;
  /** Every match replaced; `$1`, `$&`, `$<name>` as in String.prototype.replace. */
  replace(text: string, replacement: string): string;
}

export function compilePattern(source: string, flags: string): Pattern | null {
  const all = `g${flags}`;
  let regex: RegExp;
  try {
    regex = new natives.RegExp(source, all);
  } catch {
    return null; // the relay checked it; a pattern this engine refuses matches nothing
  }
  const unicode = call(natives.stringIndexOf, flags, 'u') >= 0;
  natives.setPrototypeOf(regex, bare({ exec: natives.regExpExec, flags: all, global: true, unicode }));
  return {
    test(text) {
      regex.lastIndex = 0;
      return call(natives.regExpExec, regex, text) !== null;
    },
    replace(text, replacement) {
      return call(natives.regExpReplace, regex, text, replacement) as string;
    },
  };
}
