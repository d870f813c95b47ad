import { describe, expect, it } from 'vitest';
import { testConnection } from '../lib/testing';
import type { SessionRecord } from '../protocol/schema';
import {
  connectionLabel,
  formatClock,
  formatDelta,
  formatSize,
  framePreview,
  hexPreview,
  lifecycleText,
  plural,
  shortUrl,
  stateLabel,
  urlParts,
} from './format';

type FrameRecord = Extract<SessionRecord, { kind: 'frame' }>;
type LifecycleRecord = Exclude<SessionRecord, { kind: 'frame' }>;

const meta = { sid: 1, t: 1000, seq: 0, conn: 'c', frameId: 0 };

function textFrame(data: string): FrameRecord {
  return { ...meta, kind: 'frame', dir: 'received', size: data.length, truncated: false, type: 'text', data };
}

function binaryFrame(bytes: number[]): FrameRecord {
  const data = Uint8Array.from(bytes);
  return { ...meta, kind: 'frame', dir: 'sent', size: bytes.length, truncated: false, type: 'binary', data };
}

describe('formatSize', () => {
  it('shows whole bytes below 1 kB', () => {
    expect(formatSize(0)).toBe('0 B');
    expect(formatSize(1)).toBe('1 B');
    expect(formatSize(999)).toBe('999 B');
  });

  it('uses decimal kB as DevTools does: one decimal below 100 kB, none above', () => {
    expect(formatSize(1000)).toBe('1.0 kB');
    expect(formatSize(1536)).toBe('1.5 kB');
    expect(formatSize(99_940)).toBe('99.9 kB');
    expect(formatSize(200_000)).toBe('200 kB');
    expect(formatSize(999_400)).toBe('999 kB');
  });

  it('switches to MB at 1,000 kB', () => {
    expect(formatSize(999_600)).toBe('1.0 MB');
    expect(formatSize(1_250_000)).toBe('1.3 MB');
    expect(formatSize(250_000_000)).toBe('250 MB');
  });
});

describe('formatDelta', () => {
  it('keeps about three significant digits and switches units as the gap grows', () => {
    expect(formatDelta(0)).toBe('0.00 ms');
    expect(formatDelta(1.234)).toBe('1.23 ms');
    expect(formatDelta(45.67)).toBe('45.7 ms');
    expect(formatDelta(250)).toBe('250 ms');
    expect(formatDelta(999.6)).toBe('1.00 s');
    expect(formatDelta(12_345)).toBe('12.3 s');
    expect(formatDelta(125_000)).toBe('2 min 05 s');
  });
});

describe('plural', () => {
  it('puts the noun in the number the count asks for, with grouped digits', () => {
    expect(plural(1, 'frame')).toBe('1 frame');
    expect(plural(0, 'frame')).toBe('0 frames');
    expect(plural(12_345, 'match', 'matches')).toBe('12,345 matches');
  });
});

describe('connectionLabel', () => {
  it('names a socket by its path and query, or its host when the path is bare', () => {
    expect(connectionLabel('ws://127.0.0.1:8080/chat?room=1')).toBe('/chat?room=1');
    expect(connectionLabel('wss://example.com/')).toBe('example.com');
  });

  it('cuts a long path in the middle, keeping both ends', () => {
    const label = connectionLabel(`ws://h/${'a'.repeat(50)}/stream?id=7`);
    expect(label).toHaveLength(40);
    expect(label.startsWith('/aaa')).toBe(true);
    expect(label.endsWith('/stream?id=7')).toBe(true);
    expect(label).toContain('…');
  });
});

describe('formatClock', () => {
  // Built from a local Date, so the expectation holds in any time zone.
  it('formats local time as HH:MM:SS.mmm with zero padding', () => {
    expect(formatClock(new Date(2024, 0, 2, 3, 4, 5, 6).getTime())).toBe('03:04:05.006');
    expect(formatClock(new Date(2024, 5, 15, 14, 3, 7, 512).getTime())).toBe('14:03:07.512');
  });

  it('handles midnight and the last millisecond of the day', () => {
    expect(formatClock(new Date(2024, 2, 1, 0, 0, 0, 0).getTime())).toBe('00:00:00.000');
    expect(formatClock(new Date(2024, 2, 1, 23, 59, 59, 999).getTime())).toBe('23:59:59.999');
  });

  it('pads two-digit milliseconds to three digits', () => {
    expect(formatClock(new Date(2024, 2, 1, 12, 30, 45, 50).getTime())).toBe('12:30:45.050');
  });
});

describe('urlParts', () => {
  it('splits a socket URL into host (with non-default port) and path with query', () => {
    expect(urlParts('ws://example.com:8080/chat?room=1#frag')).toEqual({
      path: '/chat?room=1',
      host: 'example.com:8080',
    });
  });

  it('gives "/" as the path of a bare origin and drops a default port', () => {
    expect(urlParts('wss://example.com:443')).toEqual({ path: '/', host: 'example.com' });
  });

  it('returns an invalid URL whole as the path, with an empty host', () => {
    expect(urlParts('not a url')).toEqual({ path: 'not a url', host: '' });
    expect(urlParts('')).toEqual({ path: '', host: '' });
  });
});

describe('shortUrl', () => {
  it('drops the scheme and a bare root path', () => {
    expect(shortUrl('wss://example.com/')).toBe('example.com');
    expect(shortUrl('wss://example.com')).toBe('example.com');
  });

  it('keeps a non-default port, the path and the query', () => {
    expect(shortUrl('ws://example.com:8080/chat/room?id=7&x=1')).toBe('example.com:8080/chat/room?id=7&x=1');
  });

  it('keeps the root slash when a query follows it', () => {
    expect(shortUrl('wss://example.com/?token=abc')).toBe('example.com/?token=abc');
    expect(shortUrl('wss://example.com?token=abc')).toBe('example.com/?token=abc');
  });

  it('drops a default port, credentials and the fragment', () => {
    expect(shortUrl('wss://user:pw@example.com:443/feed#top')).toBe('example.com/feed');
  });

  it('keeps IPv6 hosts bracketed', () => {
    expect(shortUrl('ws://[::1]:9000/socket')).toBe('[::1]:9000/socket');
  });

  it('returns an invalid URL unchanged', () => {
    expect(shortUrl('not a url')).toBe('not a url');
    expect(shortUrl('/relative/path')).toBe('/relative/path');
    expect(shortUrl('')).toBe('');
  });
});

describe('hexPreview', () => {
  it('is empty for no bytes', () => {
    expect(hexPreview(new Uint8Array())).toBe('');
  });

  it('writes bytes as two-digit lowercase hex separated by spaces', () => {
    expect(hexPreview(new Uint8Array([0, 1, 15, 16, 171, 255]))).toBe('00 01 0f 10 ab ff');
  });

  it('shows up to 24 bytes without an ellipsis', () => {
    const bytes = Uint8Array.from({ length: 24 }, (_, i) => i);
    const expected = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
    expect(hexPreview(bytes)).toBe(expected);
    expect(hexPreview(bytes)).not.toContain('…');
  });

  it('cuts after 24 bytes and appends an ellipsis', () => {
    const bytes = Uint8Array.from({ length: 25 }, (_, i) => i);
    expect(hexPreview(bytes)).toBe('00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 15 16 17 …');
  });

  it('honours a custom maximum', () => {
    expect(hexPreview(new Uint8Array([1, 2, 3, 4]), 2)).toBe('01 02 …');
    expect(hexPreview(new Uint8Array([1, 2]), 2)).toBe('01 02');
  });
});

describe('framePreview', () => {
  it('shows short text as is', () => {
    expect(framePreview(textFrame('{"op":"ping"}'))).toBe('{"op":"ping"}');
  });

  it('folds every run of whitespace (newlines, tabs, spaces) into one space', () => {
    expect(framePreview(textFrame('{\n  "a": 1,\n\t"b":\r\n  2\n}'))).toBe('{ "a": 1, "b": 2 }');
  });

  it('keeps text of exactly 300 characters whole', () => {
    const text = 'x'.repeat(300);
    expect(framePreview(textFrame(text))).toBe(text);
  });

  it('cuts text longer than 300 characters and appends an ellipsis', () => {
    const text = 'a'.repeat(300) + 'b'.repeat(50);
    expect(framePreview(textFrame(text))).toBe('a'.repeat(300) + '…');
  });

  it('cuts before folding whitespace, so folded text may be shorter than 300', () => {
    const text = 'a' + ' '.repeat(298) + 'bcd';
    expect(framePreview(textFrame(text))).toBe('a b…');
  });

  it('shows binary frames as hex', () => {
    expect(framePreview(binaryFrame([0xde, 0xad, 0xbe, 0xef]))).toBe('de ad be ef');
  });

  it('shows at most 24 bytes of a long binary frame, then an ellipsis', () => {
    const bytes = Array.from({ length: 1000 }, (_, i) => i % 256);
    expect(framePreview(binaryFrame(bytes))).toBe(
      '00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 15 16 17 …',
    );
  });

  it('shows a 24-byte binary frame whole and a 25-byte one with an ellipsis', () => {
    const bytes = Array.from({ length: 25 }, () => 0xaa);
    expect(framePreview(binaryFrame(bytes.slice(0, 24)))).toBe(Array(24).fill('aa').join(' '));
    expect(framePreview(binaryFrame(bytes))).toBe(Array(24).fill('aa').join(' ') + ' …');
  });

  it('shows an empty binary frame as an empty string', () => {
    expect(framePreview(binaryFrame([]))).toBe('');
  });
});

describe('stateLabel', () => {
  it('shows the connection state when there was no error', () => {
    expect(stateLabel(testConnection({ state: 'connecting' }))).toBe('connecting');
    expect(stateLabel(testConnection({ state: 'open' }))).toBe('open');
    expect(stateLabel(testConnection({ state: 'closing' }))).toBe('closing');
    expect(stateLabel(testConnection({ state: 'closed' }))).toBe('closed');
  });

  it('shows "unwatched" for a worker socket deep capture stopped watching while it was open', () => {
    const close = { code: 1005, reason: '', wasClean: false, by: 'detached' as const };
    expect(stateLabel(testConnection({ state: 'closed', close }))).toBe('unwatched');
  });

  it('shows "error" for a closed connection that had an error', () => {
    expect(stateLabel(testConnection({ state: 'closed', error: true }))).toBe('error');
  });

  it('keeps showing the live state while a connection with an error has not closed', () => {
    expect(stateLabel(testConnection({ state: 'connecting', error: true }))).toBe('connecting');
    expect(stateLabel(testConnection({ state: 'open', error: true }))).toBe('open');
    expect(stateLabel(testConnection({ state: 'closing', error: true }))).toBe('closing');
  });
});

describe('lifecycleText', () => {
  const create = (protocols: string[]): LifecycleRecord => ({
    ...meta,
    kind: 'create',
    url: 'wss://example.test/feed',
    protocols,
    stack: '',
    frameUrl: 'https://example.test/',
  });
  const open = (protocol: string, extensions: string): LifecycleRecord => ({
    ...meta,
    kind: 'open',
    protocol,
    extensions,
  });
  const closing = (code?: number, reason?: string): LifecycleRecord => ({
    ...meta,
    kind: 'closing',
    ...(code === undefined ? {} : { code }),
    ...(reason === undefined ? {} : { reason }),
  });
  const close = (
    code: number,
    reason: string,
    wasClean: boolean,
    by: 'page' | 'server' | 'network' | 'unknown' | 'detached',
  ): LifecycleRecord => ({
    ...meta,
    kind: 'close',
    code,
    reason,
    wasClean,
    by,
  });

  it('describes a create record with and without requested protocols', () => {
    expect(lifecycleText(create([]))).toBe('Connecting to wss://example.test/feed');
    // Deep capture: the debugger's close has no code, and a socket may outlive the capture.
    expect(lifecycleText(close(1005, '', false, 'unknown'))).toBe(
      'Closed (the debugger reports no code, reason or side)',
    );
    expect(lifecycleText(close(1005, '', false, 'detached'))).toContain('deep capture ended while the socket was open');
    expect(lifecycleText(create(['chat']))).toBe('Connecting to wss://example.test/feed (protocols: chat)');
    expect(lifecycleText(create(['v1', 'v2']))).toBe('Connecting to wss://example.test/feed (protocols: v1, v2)');
  });

  it('describes an open record with the negotiated protocol and extensions when present', () => {
    expect(lifecycleText(open('', ''))).toBe('Open');
    expect(lifecycleText(open('chat', ''))).toBe('Open, protocol chat');
    expect(lifecycleText(open('', 'permessage-deflate'))).toBe('Open, permessage-deflate');
    expect(lifecycleText(open('chat', 'permessage-deflate; client_max_window_bits'))).toBe(
      'Open, protocol chat, permessage-deflate; client_max_window_bits',
    );
  });

  it('describes an error record', () => {
    expect(lifecycleText({ ...meta, kind: 'error' })).toBe('Error');
    expect(lifecycleText({ ...meta, kind: 'error' }, { opened: false })).toMatch(
      /^Error: the connection could not be established/,
    );
    expect(lifecycleText({ ...meta, kind: 'error' }, { opened: true })).toMatch(/^Error on the open connection/);
  });

  it('describes a closing record with the arguments the page passed', () => {
    expect(lifecycleText(closing())).toBe('Page called close()');
    expect(lifecycleText(closing(1000))).toBe('Page called close(1000)');
    expect(lifecycleText(closing(4000, 'bye'))).toBe('Page called close(4000, "bye")');
    expect(lifecycleText(closing(1000, ''))).toBe('Page called close(1000, "")');
    expect(lifecycleText(closing(3001, 'say "hi"\n'))).toBe('Page called close(3001, "say \\"hi\\"\\n")');
  });

  it('describes a close record with code, reason, who closed and cleanliness', () => {
    expect(lifecycleText(close(1000, 'done', true, 'page'))).toBe('Closed 1000 "done" by page, clean');
    expect(lifecycleText(close(4001, 'kicked', true, 'server'))).toBe('Closed 4001 "kicked" by server, clean');
    expect(lifecycleText(close(1006, '', false, 'network'))).toBe('Closed 1006 by network, unclean');
  });

  it('says when DevTools closed the socket, and when the page was shown a simulated close', () => {
    expect(lifecycleText({ ...closing(4321, 'from devtools'), origin: 'devtools' } as LifecycleRecord)).toBe(
      'DevTools called close(4321, "from devtools")',
    );
    expect(lifecycleText({ ...closing(1000, 'x'), origin: 'simulated' } as LifecycleRecord)).toBe(
      'DevTools called close(1000, "x") for a simulated close',
    );
    expect(
      lifecycleText({ ...close(4321, 'from devtools', true, 'page'), origin: 'devtools' } as LifecycleRecord),
    ).toBe('Closed 4321 "from devtools" by DevTools, clean');
    expect(lifecycleText({ ...close(1006, '', false, 'network'), origin: 'simulated' } as LifecycleRecord)).toBe(
      'Closed 1006 by network, unclean (simulated)',
    );
  });
});

describe('edge cases found in review', () => {
  it('formatSize switches to MB before it would print 1000 kB', () => {
    expect(formatSize(999_499)).toBe('999 kB');
    expect(formatSize(999_500)).toBe('1.0 MB');
  });

  it('framePreview never leaves half of a surrogate pair before the ellipsis', () => {
    const data = 'x'.repeat(299) + '😀' + 'tail';
    const preview = framePreview({
      kind: 'frame',
      sid: 1,
      t: 0,
      seq: 0,
      conn: 'c',
      frameId: 0,
      dir: 'received',
      size: data.length,
      truncated: false,
      type: 'text',
      data,
    });
    expect(preview).toBe(`${'x'.repeat(299)}…`);
  });

  it('quotes server and page close reasons the same way', () => {
    const text = lifecycleText({
      kind: 'close',
      sid: 1,
      t: 0,
      seq: 0,
      conn: 'c',
      frameId: 0,
      code: 1000,
      reason: 'say "hi"',
      wasClean: true,
      by: 'server',
    });
    expect(text).toBe('Closed 1000 "say \\"hi\\"" by server, clean');
  });
});
