/**
 * Where each leaf value of a JSON text sits (start and end offsets, its path,
 * its key), without building the value: redaction replaces values in place,
 * so the text keeps its formatting, its length and its validity. Returns
 * undefined when the text is not JSON.
 */
import type { PathSegment } from '../diff/json-path';

export interface LeafSpan {
  path: PathSegment[];
  /** Offsets of the value; for strings, inside the quotes. */
  start: number;
  end: number;
  kind: 'string' | 'number' | 'literal';
}

const SPACE = /[ \t\n\r]*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;
const MAX_DEPTH = 200;

class NotJson extends Error {}

export function jsonLeafSpans(text: string, from = 0): LeafSpan[] | undefined {
  const spans: LeafSpan[] = [];
  let i = from;
  const skip = () => {
    SPACE.lastIndex = i;
    SPACE.exec(text);
    i = SPACE.lastIndex;
  };
  const string = (): [number, number] => {
    if (text[i] !== '"') throw new NotJson();
    const start = ++i;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) throw new NotJson();
    return [start, i++];
  };
  const value = (path: PathSegment[], depth: number): void => {
    if (depth > MAX_DEPTH) throw new NotJson();
    skip();
    const c = text[i];
    if (c === '{') {
      i++;
      skip();
      if (text[i] === '}') return void i++;
      for (;;) {
        skip();
        const [ks, ke] = string();
        const key = keyText(text.slice(ks, ke));
        skip();
        if (text[i++] !== ':') throw new NotJson();
        value([...path, key], depth + 1);
        skip();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else throw new NotJson();
      }
    }
    if (c === '[') {
      i++;
      skip();
      if (text[i] === ']') return void i++;
      for (let n = 0; ; n++) {
        value([...path, n], depth + 1);
        skip();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else throw new NotJson();
      }
    }
    if (c === '"') {
      const [start, end] = string();
      spans.push({ path, start, end, kind: 'string' });
      return;
    }
    for (const [pattern, kind] of [
      [NUMBER, 'number'],
      [LITERAL, 'literal'],
    ] as const) {
      pattern.lastIndex = i;
      if (pattern.exec(text)) {
        spans.push({ path, start: i, end: pattern.lastIndex, kind });
        i = pattern.lastIndex;
        return;
      }
    }
    throw new NotJson();
  };
  try {
    value([], 0);
    skip();
    return i === text.length ? spans : undefined;
  } catch (error) {
    if (error instanceof NotJson) return undefined;
    throw error;
  }
}

function keyText(raw: string): string {
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}
