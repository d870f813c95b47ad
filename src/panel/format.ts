/** Pure formatting for the panel's cells: sizes, times, previews, labels. */
import { handshakeLine } from './handshake-text';
import type { SessionRecord } from '../protocol/schema';
import type { Connection } from '../lib/session';

/**
 * Sizes as DevTools' Network panel writes them: decimal units (1 kB = 1,000 B),
 * one decimal below 100 of a unit, none above ("1.5 kB", "195 kB", "12.3 MB").
 */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const kilo = bytes / 1000;
  if (kilo < 99.95) return `${kilo.toFixed(1)} kB`;
  if (kilo < 999.5) return `${Math.round(kilo)} kB`;
  const mega = kilo / 1000;
  return mega < 99.95 ? `${mega.toFixed(1)} MB` : `${Math.round(mega)} MB`;
}

/** "1 frame", "2 frames", "1,000 frames": a count with its noun in the right number. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : nouns}`;
}

/** Wall-clock time with milliseconds, e.g. 14:03:07.512. */
export function formatClock(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** A socket URL split for display: the path and query (what tells sockets apart) and the host. */
export function urlParts(url: string): { path: string; host: string } {
  try {
    const parsed = new URL(url);
    return { path: `${parsed.pathname}${parsed.search}`, host: parsed.host };
  } catch {
    return { path: url, host: '' };
  }
}

/** A duration: 850 ms, 12.3 s, 4 min 05 s, 2 h 03 min. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000)
    return `${Math.floor(ms / 60_000)} min ${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')} s`;
  return `${Math.floor(ms / 3_600_000)} h ${String(Math.floor((ms % 3_600_000) / 60_000)).padStart(2, '0')} min`;
}

/** The Delta column: time since the connection's previous frame, with three significant digits below a minute. */
export function formatDelta(ms: number): string {
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 999.5) return `${Math.round(ms)} ms`;
  if (ms < 9_995) return `${(ms / 1000).toFixed(2)} s`;
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)} s`;
  return formatDuration(ms);
}

/** Time since the connection opened, e.g. +1.234 s or +2:03.456. */
export function formatRelative(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const abs = Math.abs(ms);
  if (abs < 60_000) return `${sign}${(abs / 1000).toFixed(3)} s`;
  const minutes = Math.floor(abs / 60_000);
  return `${sign}${minutes}:${((abs % 60_000) / 1000).toFixed(3).padStart(6, '0')}`;
}

const LABEL_CHARS = 40;

/**
 * A connection in the user's words: what tells sockets apart in the list (the
 * path and query, or the host for a bare origin), cut in the middle when long
 * so both the start and the end stay readable ("/api/v2/…/stream?id=7").
 */
export function connectionLabel(url: string): string {
  const { path, host } = urlParts(url);
  const label = host && path === '/' ? host : path;
  if (label.length <= LABEL_CHARS) return label;
  const half = (LABEL_CHARS - 1) / 2;
  return `${label.slice(0, Math.ceil(half))}…${label.slice(label.length - Math.floor(half))}`;
}

/** "host:port/path?query" without the scheme, which the state column already implies. */
export function shortUrl(url: string): string {
  const { path, host } = urlParts(url);
  return host ? `${host}${path === '/' ? '' : path}` : path;
}

export function hexPreview(bytes: Uint8Array, max = 24): string {
  const shown = Array.from(bytes.subarray(0, max), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > max ? `${shown} …` : shown;
}

const PREVIEW_CHARS = 300;

/** The one-line preview of a frame: text as is, binary as hex. */
export function framePreview(record: Extract<SessionRecord, { kind: 'frame' }>): string {
  if (record.type === 'text') {
    const line = record.data.length > PREVIEW_CHARS ? `${cutText(record.data, PREVIEW_CHARS)}…` : record.data;
    return line.replace(/\s+/g, ' ');
  }
  return hexPreview(record.data);
}

/** The first `max` UTF-16 units of `text`, one fewer if the cut would split a surrogate pair. */
export function cutText(text: string, max: number): string {
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

export type StateLabel = 'connecting' | 'open' | 'closing' | 'closed' | 'error' | 'navigated' | 'unwatched';

/** The state shown in the list: a connection that ended after an error reads "error". */
export function stateLabel(connection: Connection): StateLabel {
  if (connection.close?.by === 'navigation') return 'navigated';
  // Deep capture ended while the socket was open: it may live on, nobody watches it.
  if (connection.close?.by === 'detached') return 'unwatched';
  if (connection.state === 'closed' && connection.error) return 'error';
  return connection.state;
}

/** What the connection's state says about an error: pages get no reason with it, so this is all there is. */
export interface ErrorContext {
  /** The connection had opened before the error. */
  opened: boolean;
}

/**
 * A lifecycle record as one line of the timeline. An error says what is known:
 * whether the connection had opened (the browser gives pages no reason; its
 * own message is in the Console, and the close that follows has the code).
 */
export function lifecycleText(record: Exclude<SessionRecord, { kind: 'frame' }>, context?: ErrorContext): string {
  switch (record.kind) {
    case 'create':
      return `Connecting to ${record.url}${record.protocols.length ? ` (protocols: ${record.protocols.join(', ')})` : ''}`;
    case 'open':
      return `Open${record.protocol ? `, protocol ${record.protocol}` : ''}${record.extensions ? `, ${record.extensions}` : ''}`;
    case 'error':
      if (!context) return 'Error';
      return context.opened
        ? 'Error on the open connection (no reason given to the page; see the Console and the close below)'
        : 'Error: the connection could not be established (no reason given to the page; see the Console)';
    case 'closing': {
      const args = [record.code, record.reason === undefined ? undefined : JSON.stringify(record.reason)];
      const call = `close(${args.filter((x) => x !== undefined).join(', ')})`;
      if (record.origin === 'simulated') return `DevTools called ${call} for a simulated close`;
      return `${record.origin === 'devtools' ? 'DevTools' : 'Page'} called ${call}`;
    }
    case 'close': {
      if (record.by === 'navigation')
        return `Ended by navigation: the page left while the socket was open (the browser sends ${record.code})`;
      if (record.by === 'unknown') return 'Closed (the debugger reports no code, reason or side)';
      if (record.by === 'detached') return 'No longer watched: deep capture ended while the socket was open';
      const by = record.origin === 'devtools' ? 'DevTools' : record.by;
      const what = `Closed ${record.code}${record.reason ? ` ${JSON.stringify(record.reason)}` : ''} by ${by}, ${record.wasClean ? 'clean' : 'unclean'}`;
      return record.origin === 'simulated' ? `${what} (simulated)` : what;
    }
    case 'handshake':
      return handshakeLine(record);
  }
}
