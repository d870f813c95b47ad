/**
 * Where JSON text stops being valid, for error messages: V8's JSON.parse
 * gives no position for some errors ("Unexpected token '}', … is not valid
 * JSON"). A syntax-only scan, no values built: it runs only after JSON.parse
 * failed, in one pass with an explicit stack (no recursion limit on nesting).
 */
const OBJECT = 0;
const ARRAY = 1;
type State = 'value' | 'first-value' | 'key' | 'first-key' | 'after';

// Single-class sticky patterns: V8 runs these without per-character backtracking state.
// eslint-disable-next-line no-control-regex -- JSON strings may not hold raw control characters: that is the point
const STRING_RUN = /[^"\\\u0000-\u001f]*/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/** The index of the first character that makes `text` invalid JSON; `text.length` if it ends early; -1 if valid. */
export function jsonErrorAt(text: string): number {
  const n = text.length;
  const stack: number[] = [];
  let state: State = 'value';
  let i = 0;
  for (;;) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) return state === 'after' && stack.length === 0 ? -1 : n;
    const c = text[i];
    if (state === 'after') {
      if (stack.length === 0) return i;
      const inObject = stack[stack.length - 1] === OBJECT;
      if (c === ',') state = inObject ? 'key' : 'value';
      else if (c === (inObject ? '}' : ']')) stack.pop();
      else return i;
      i++;
    } else if (state === 'key' || state === 'first-key') {
      if (state === 'first-key' && c === '}') {
        stack.pop();
        state = 'after';
        i++;
        continue;
      }
      if (c !== '"') return i;
      const end = stringEnd(text, i);
      if (end < 0) return -end - 1;
      i = end;
      while (i < n && isSpace(text.charCodeAt(i))) i++;
      if (i >= n) return n;
      if (text[i] !== ':') return i;
      i++;
      state = 'value';
    } else {
      if (state === 'first-value' && c === ']') {
        stack.pop();
        state = 'after';
        i++;
        continue;
      }
      state = 'after';
      if (c === '{' || c === '[') {
        stack.push(c === '{' ? OBJECT : ARRAY);
        state = c === '{' ? 'first-key' : 'first-value';
        i++;
      } else if (c === '"') {
        const end = stringEnd(text, i);
        if (end < 0) return -end - 1;
        i = end;
      } else if (c === 't' || c === 'f' || c === 'n') {
        const word = c === 't' ? 'true' : c === 'f' ? 'false' : 'null';
        for (let k = 0; k < word.length; k++, i++) if (text[i] !== word[k]) return i;
      } else {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) return i;
        i = NUMBER.lastIndex;
      }
    }
  }
}

/** Index past the string starting at `start`, or -(error index) - 1. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    STRING_RUN.lastIndex = i;
    STRING_RUN.test(text);
    i = STRING_RUN.lastIndex;
    if (i >= text.length) return -text.length - 1;
    if (text[i] === '"') return i + 1;
    if (text[i] !== '\\') return -i - 1;
    ESCAPE.lastIndex = i;
    if (!ESCAPE.test(text)) return -Math.min(i + 1, text.length) - 1;
    i = ESCAPE.lastIndex;
  }
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}
