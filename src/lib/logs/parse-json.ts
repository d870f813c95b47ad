/**
 * JSON.parse with errors a person can act on: where (line and column), what
 * is nearby, and "the file was cut short" when the text simply stops.
 * Native JSON.parse is by far the fastest way to read a big log; the input
 * string is in memory anyway.
 */
import { jsonErrorAt } from './json-position';

export type JsonParse = { ok: true; value: unknown } | { ok: false; error: string; truncated: boolean };

export function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, ...describe(text, error instanceof Error ? error.message : String(error)) };
  }
}

function describe(text: string, message: string): { error: string; truncated: boolean } {
  const end = text.trimEnd().length;
  const match = /at position (\d+)/.exec(message);
  const position = match ? Number(match[1]) : jsonErrorAt(text);
  if (/end of JSON input/i.test(message) || position >= end) {
    return {
      error: `The file ends in the middle of its JSON (after ${end.toLocaleString('en-US')} characters): it was probably cut short while it was saved, copied or downloaded.`,
      truncated: true,
    };
  }
  // V8 says "… in JSON at position 7 (line 1 column 8)" or quotes the text itself; we say where in our own words.
  const reason = message
    .replace(/\s*in JSON at position.*$/s, '')
    .replace(/, .*is not valid JSON$/s, '')
    .replace(/\s*at position.*$/s, '');
  if (position < 0) return { error: `Not valid JSON: ${reason}.`, truncated: false };
  const { line, column } = lineAndColumn(text, position);
  const near = text.slice(Math.max(0, position - 24), position + 24).replace(/\s+/g, ' ');
  return { error: `Not valid JSON at line ${line}, column ${column}: ${reason} (near "${near}").`, truncated: false };
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: position - lineStart + 1 };
}
