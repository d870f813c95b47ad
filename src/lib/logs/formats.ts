/**
 * The export formats in one table, for the panel's menu and the CLI's
 * --format: file extension, MIME type, and the writer.
 */
import type { SessionRecord } from '../../protocol/schema';
import { harChunks } from './har';
import { sessionJsonChunks } from './json';
import { ndjsonChunks, textChunks } from './ndjson';
import type { LogMeta } from './records';

export type LogFormat = 'har' | 'json' | 'ndjson' | 'text';

export const LOG_FORMATS: Record<LogFormat, { label: string; extension: string; mimeType: string }> = {
  har: { label: 'HAR (Chrome DevTools, HAR tools)', extension: '.har', mimeType: 'application/json' },
  json: { label: 'WebSocket Lens session (everything captured)', extension: '.json', mimeType: 'application/json' },
  ndjson: { label: 'NDJSON, one frame per line', extension: '.ndjson', mimeType: 'application/x-ndjson' },
  text: { label: 'Plain text, one frame per line', extension: '.txt', mimeType: 'text/plain' },
};

/** The export in pieces (see chunks.ts to collect them without blocking a page). */
export function logChunks(format: LogFormat, records: readonly SessionRecord[], meta: LogMeta = {}): Iterable<string> {
  switch (format) {
    case 'har':
      return harChunks(records, meta);
    case 'json':
      return sessionJsonChunks(records, meta);
    case 'ndjson':
      return ndjsonChunks(records, meta);
    case 'text':
      return textChunks(records, meta);
  }
}

/** `websocket-lens-example.com-2026-11-02T10-00-00.har`: the host says where, the time when. */
export function logFileName(format: LogFormat, meta: Pick<LogMeta, 'pageUrl' | 'exportedAt'> = {}): string {
  let host = '';
  try {
    host = meta.pageUrl ? new URL(meta.pageUrl).host.replace(/[^A-Za-z0-9.-]+/g, '_') : '';
  } catch {
    // no page URL worth naming
  }
  const time = new Date(meta.exportedAt ?? Date.now()).toISOString().slice(0, 19).replace(/:/g, '-');
  return `websocket-lens-${host ? `${host}-` : ''}${time}${LOG_FORMATS[format].extension}`;
}
