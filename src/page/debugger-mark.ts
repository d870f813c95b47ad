/** Marks where the build puts the hook's `debugger` statement (debugger.ts, src/cli/keep-debugger.ts). No imports: the build reads it. */
export const DEBUGGER_MARK = 'wsl:debugger-statement';
