/**
 * A frame's payload for the clipboard: as text, as pretty JSON, as base64.
 * Text frames are UTF-8 on the wire, so their base64 is of those bytes; binary
 * frames read as text are decoded as UTF-8 (invalid bytes become U+FFFD).
 */
import { bytesToBase64 } from '../base64';

type Payload = { type: 'text'; data: string } | { type: 'binary'; data: Uint8Array };

export function frameBytes(frame: Payload): Uint8Array {
  return frame.type === 'binary' ? frame.data : new TextEncoder().encode(frame.data);
}

export function frameText(frame: Payload): string {
  return frame.type === 'text' ? frame.data : new TextDecoder().decode(frame.data);
}

export function frameBase64(frame: Payload): string {
  return bytesToBase64(frameBytes(frame));
}

/**
 * The payload as indented JSON, or undefined when it is not JSON (a cut
 * payload usually is not). Re-indents the text rather than printing the
 * parsed value, so numbers beyond 2^53 (ids!) and escapes stay as sent.
 */
export function frameJson(frame: Payload, indent = 2): string | undefined {
  const text = frameText(frame);
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }
  return reindent(text, ' '.repeat(indent));
}

/** Valid JSON text laid out like JSON.stringify(value, null, indent), token text unchanged. */
function reindent(text: string, unit: string): string {
  const out: string[] = [];
  let depth = 0;
  const newline = () => `\n${unit.repeat(depth)}`;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const end = stringEnd(text, i);
      out.push(text.slice(i, end));
      i = end - 1;
    } else if (c === '{' || c === '[') {
      let next = i + 1;
      while (isSpace(text[next])) next++;
      if (text[next] === (c === '{' ? '}' : ']')) {
        out.push(c, text[next]!);
        i = next;
      } else {
        depth++;
        out.push(c, newline());
      }
    } else if (c === '}' || c === ']') {
      depth--;
      out.push(newline(), c);
    } else if (c === ',') out.push(',', newline());
    else if (c === ':') out.push(': ');
    else if (!isSpace(c)) out.push(c);
  }
  return out.join('');
}

/** JSON's whitespace: space, tab, line feed, carriage return. */
function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\n' || c === '\r' || c === '\t';
}

/** Index just past the string literal that starts at `start`. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}
