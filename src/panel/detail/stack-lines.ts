/**
 * The initiator stack (the page's stack at `new WebSocket`, as V8 or
 * SpiderMonkey wrote it) split into frames with their source locations, so
 * the detail can link each to DevTools' Sources panel.
 */
export interface StackFrame {
  /** The function, or '' for top-level code. */
  name: string;
  /** Absent when the line names no source (native code, eval without a URL). */
  location?: { url: string; line: number; column: number };
  /** The line as written, for what cannot be parsed. */
  text: string;
}

// "at name (url:line:col)", "at url:line:col" (V8); "name@url:line:col" (SpiderMonkey).
const V8 = /^\s*at (?:(.*?) \()?(.+?):(\d+):(\d+)\)?\s*$/;
const GECKO = /^(.*?)@(.+?):(\d+):(\d+)\s*$/;

export function parseStack(stack: string): StackFrame[] {
  return stack
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const match = V8.exec(line) ?? GECKO.exec(line);
      if (!match) return { name: line.trim().replace(/^at /, ''), text: line.trim() };
      const [, name = '', url, lineText, columnText] = match;
      return {
        name: name.replace(/^async /, ''),
        location: { url: url!, line: Number(lineText), column: Number(columnText) },
        text: line.trim(),
      };
    });
}
