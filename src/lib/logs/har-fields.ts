/**
 * Reading the plain-HAR facts of a WebSocket entry (headers, initiator, page)
 * that other tools write, for connections that have no `_webSocketLens` facts.
 */
import { MAX_STACK_CHARS, MAX_URL_CHARS } from '../../protocol/limits';

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A header's value (case-insensitive name), or '' when absent. */
export function headerValue(message: unknown, name: string): string {
  const headers = isObject(message) && Array.isArray(message.headers) ? message.headers : [];
  const lower = name.toLowerCase();
  for (const header of headers) {
    if (isObject(header) && typeof header.name === 'string' && header.name.toLowerCase() === lower) {
      return typeof header.value === 'string' ? header.value : '';
    }
  }
  return '';
}

/** `chat, v2` → ['chat', 'v2'], within the record's limits. */
export function protocolList(header: string): string[] {
  return header
    .split(',')
    .map((p) => p.trim().slice(0, 1024))
    .filter(Boolean)
    .slice(0, 64);
}

/**
 * Chrome's `_initiator.stack` (CDP Runtime.StackTrace: 0-based lines, async
 * parents) as a V8-style stack string like the one our hook captures.
 */
export function initiatorStack(initiator: unknown): string {
  if (!isObject(initiator)) return '';
  const lines: string[] = [];
  let stack: unknown = initiator.stack;
  for (let depth = 0; isObject(stack) && depth < 32; depth++, stack = stack.parent) {
    if (depth > 0 && typeof stack.description === 'string') lines.push(`    (async ${stack.description})`);
    for (const frame of Array.isArray(stack.callFrames) ? stack.callFrames : []) {
      if (!isObject(frame)) continue;
      const where = `${String(frame.url ?? '')}:${Number(frame.lineNumber) + 1}:${Number(frame.columnNumber) + 1}`;
      lines.push(frame.functionName ? `    at ${String(frame.functionName)} (${where})` : `    at ${where}`);
    }
  }
  if (!lines.length && typeof initiator.url === 'string') {
    const line = typeof initiator.lineNumber === 'number' ? `:${initiator.lineNumber + 1}` : '';
    lines.push(`    at ${initiator.url}${line}`);
  }
  return lines.join('\n').slice(0, MAX_STACK_CHARS);
}

/** The URL of the page an entry belongs to (Chrome writes the page URL as its title), or ''. */
export function pageUrlOf(pages: unknown, pageref: unknown): string {
  if (!Array.isArray(pages)) return '';
  const page: unknown =
    pages.find((p) => isObject(p) && p.id === pageref) ?? (pageref === undefined ? pages[0] : undefined);
  const title = isObject(page) ? page.title : undefined;
  return typeof title === 'string' && title.length <= MAX_URL_CHARS && /^(https?|file):/i.test(title) ? title : '';
}

/** A value quoted in an error: short, and strings in quotes. */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
