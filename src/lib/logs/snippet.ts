/**
 * "Copy as JavaScript": a connection as a script that opens the same URL with
 * the same subprotocols and sends what the page sent, binary frames rebuilt
 * from base64, with the page's pauses between sends (or none), then closes as
 * the page did. Runs in a browser console and in Node 22+ (global WebSocket).
 */
import type { SessionRecord } from '../../protocol/schema';
import { bytesToBase64 } from '../../protocol/base64';
import type { FrameSessionRecord } from './records';

export interface SnippetOptions {
  /** 'original' (default) waits between sends as the page did; 'immediate' sends everything on open. */
  timing?: 'original' | 'immediate';
}

/** What the snippet needs of a connection: lib/session's Connection has it. */
export interface SnippetSource {
  url: string;
  protocols: string[];
  records: readonly SessionRecord[];
}

export function connectionSnippet(connection: SnippetSource, options: SnippetOptions = {}): string {
  const original = options.timing !== 'immediate';
  const sent = connection.records.filter((r): r is FrameSessionRecord => r.kind === 'frame' && r.dir === 'sent');
  const start = connection.records.find((r) => r.kind === 'open') ?? connection.records[0];
  let previous = start?.t ?? 0;
  const lines = sent.map((frame) => {
    const delay = original ? Math.max(0, Math.round(frame.t - previous)) : 0;
    previous = frame.t;
    const payload =
      frame.type === 'text' ? JSON.stringify(frame.data) : `{ base64: ${JSON.stringify(bytesToBase64(frame.data))} }`;
    const cut = frame.truncated
      ? ` // cut at capture: only ${frame.type === 'text' ? 'the start of the text' : 'the first bytes'} of ${frame.size} bytes`
      : '';
    return `  [${delay}, ${payload}],${cut}`;
  });
  const closing = connection.records.find((r) => r.kind === 'closing');
  const closeLines = closing ? closeCall(closing, original ? Math.max(0, Math.round(closing.t - previous)) : 0) : [];
  const count = `${sent.length} frame${sent.length === 1 ? '' : 's'}`;
  return [
    `// Replays what the page sent on ${oneLine(connection.url)} (${count}), as captured by WebSocket Lens.`,
    '// Paste it into a browser console, or run it with Node 22 or newer.',
    `const url = ${JSON.stringify(connection.url)};`,
    `const protocols = ${JSON.stringify(connection.protocols)};`,
    '// [milliseconds to wait, frame]: a string is sent as text, { base64 } as binary.',
    'const frames = [',
    ...lines,
    '];',
    'const bytes = (base64) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));',
    'const socket = new WebSocket(url, protocols);',
    "socket.binaryType = 'arraybuffer';",
    "socket.addEventListener('message', (event) => console.log('received', event.data));",
    "socket.addEventListener('close', (event) => console.log('closed', event.code, event.reason));",
    "socket.addEventListener('open', async () => {",
    '  for (const [wait, frame] of frames) {',
    '    if (wait) await new Promise((resolve) => setTimeout(resolve, wait));',
    "    socket.send(typeof frame === 'string' ? frame : bytes(frame.base64));",
    '  }',
    ...closeLines,
    '});',
    '',
  ].join('\n');
}

/** The page's close() call; close() itself accepts only 1000 and 3000–4999. */
function closeCall(closing: Extract<SessionRecord, { kind: 'closing' }>, wait: number): string[] {
  const code = closing.code;
  const args =
    code !== undefined && (code === 1000 || (code >= 3000 && code <= 4999))
      ? closing.reason
        ? `${code}, ${JSON.stringify(closing.reason)}`
        : `${code}`
      : '';
  const pause = wait ? [`  await new Promise((resolve) => setTimeout(resolve, ${wait}));`] : [];
  return [...pause, `  socket.close(${args});`];
}

/** A URL in a line comment: a line break in it would end the comment. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]/g, ' ');
}
