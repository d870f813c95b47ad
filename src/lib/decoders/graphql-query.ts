/**
 * A name for a GraphQL operation without a GraphQL parser: its operationName,
 * or else the first field its selection set asks for
 * (`subscription OnMessage($room: ID!) { messageAdded(room: $room) { text } }`
 * → `messageAdded`). One pass over the text, no allocation beyond the name.
 */
import { stringField } from './json-text';

/** Past this many characters of fragments and variables the name is not worth finding. */
const SCAN_LIMIT = 64 * 1024;

export function graphqlOperationName(payload: Record<string, unknown>): string | undefined {
  const operationName = stringField(payload, 'operationName');
  if (operationName) return operationName;
  const query = stringField(payload, 'query');
  return query ? firstSelectedField(query) : undefined;
}

const OPERATION_KEYWORDS = new Set(['query', 'mutation', 'subscription']);

export function firstSelectedField(query: string): string | undefined {
  const text = query.length > SCAN_LIMIT ? query.slice(0, SCAN_LIMIT) : query;
  let pos = skipIgnored(text, 0);
  while (pos < text.length) {
    if (text[pos] === '{') return fieldAt(text, pos + 1);
    const word = readName(text, pos);
    if (word === '') return undefined;
    pos = skipIgnored(text, pos + word.length);
    if (word === 'fragment') {
      // A fragment written before the operation: step over its whole body.
      const open = text.indexOf('{', pos);
      if (open === -1) return undefined;
      pos = skipIgnored(text, skipBalanced(text, open, '{', '}'));
      continue;
    }
    if (!OPERATION_KEYWORDS.has(word)) return undefined;
    pos = skipIgnored(text, pos + readName(text, pos).length);
    if (text[pos] === '(') pos = skipIgnored(text, skipBalanced(text, pos, '(', ')'));
    while (text[pos] === '@') {
      pos = skipIgnored(text, pos + 1 + readName(text, pos + 1).length);
      if (text[pos] === '(') pos = skipIgnored(text, skipBalanced(text, pos, '(', ')'));
    }
    return text[pos] === '{' ? fieldAt(text, pos + 1) : undefined;
  }
  return undefined;
}

/** The field named right after `{`; with an alias (`latest: messages`) the field, not the alias. */
function fieldAt(text: string, start: number): string | undefined {
  let pos = skipIgnored(text, start);
  const first = readName(text, pos);
  if (first === '') return undefined;
  pos = skipIgnored(text, pos + first.length);
  if (text[pos] !== ':') return first;
  const field = readName(text, skipIgnored(text, pos + 1));
  return field === '' ? undefined : field;
}

function isNameChar(code: number, first: boolean): boolean {
  return (
    (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || (!first && code >= 48 && code <= 57)
  );
}

function readName(text: string, pos: number): string {
  let end = pos;
  while (end < text.length && isNameChar(text.charCodeAt(end), end === pos)) end++;
  return text.slice(pos, end);
}

/** Skips white space, commas, the BOM and `#` comments, which GraphQL ignores. */
function skipIgnored(text: string, start: number): number {
  let pos = start;
  while (pos < text.length) {
    const c = text[pos];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ',' || c === '\ufeff') pos++;
    else if (c === '#') {
      const eol = text.indexOf('\n', pos);
      pos = eol === -1 ? text.length : eol + 1;
    } else break;
  }
  return pos;
}

/** The position after the bracket that closes the one at `start`, stepping over strings. */
function skipBalanced(text: string, start: number, open: string, close: string): number {
  let depth = 0;
  let pos = start;
  while (pos < text.length) {
    const c = text[pos];
    if (c === '"') {
      pos = skipString(text, pos);
      continue;
    }
    if (c === open) depth++;
    else if (c === close && --depth === 0) return pos + 1;
    pos++;
  }
  return text.length;
}

function skipString(text: string, start: number): number {
  if (text.startsWith('"""', start)) {
    const end = text.indexOf('"""', start + 3);
    return end === -1 ? text.length : end + 3;
  }
  let pos = start + 1;
  while (pos < text.length && text[pos] !== '"') pos += text[pos] === '\\' ? 2 : 1;
  return pos + 1;
}
