/**
 * Where a debugger rule stops the page (issue 23). A `debugger` statement
 * does nothing unless a debugger is attached to the page (DevTools open on
 * the tab, or a CDP client with the Debugger domain on): then the page's
 * JavaScript stops here, with the page's send() caller a few frames down, or
 * one step before the page's message handlers run. A page without a debugger
 * sees no difference but the time a rule match takes (docs/LIMITS.md).
 *
 * The statement is not in this source: the minifier drops `debugger`
 * statements and crxjs builds the hook with no way to tell it otherwise. So
 * this call carries a mark, and the build puts the statement in its place
 * (src/cli/keep-debugger.ts), failing if it cannot find the mark. Unbuilt
 * (unit tests) the call only looks for an empty string in the mark.
 */
import { call, natives } from './natives';

export function breakIntoDebugger(): void {
  // The mark as a literal (DEBUGGER_MARK in debugger-mark.ts): the minifier would keep a constant apart from the call.
  call(natives.stringIndexOf, 'wsl:debugger-statement', '');
}
