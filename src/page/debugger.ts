/**
 * Where a debugger rule stops the page (issue 23). A `debugger` statement
 * does nothing unless a debugger is attached to the page (DevTools open on
 * the tab, or a CDP client with the Debugger domain on): then the page's
 * JavaScript stops here, with the page's send() caller one frame down, or
 * one step before the page's message handlers run. A page without a debugger
 * sees no difference but the time a rule match takes (docs/LIMITS.md).
 *
 * The build keeps this statement: vite.config.ts turns off the minifier's
 * dropDebugger for that.
 */
export function breakIntoDebugger(): void {
  // eslint-disable-next-line no-debugger -- the point of a debugger rule
  debugger;
}
