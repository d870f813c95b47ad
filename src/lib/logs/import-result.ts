/** What an import gives the panel: records to fold into a read-only session, or one clear error. */
import type { SessionRecord } from '../../protocol/schema';
import type { Navigation } from '../../protocol/messages';

export type ImportSource = 'websocket-lens-json' | 'har' | 'ndjson' | 'text-log';

/** What the file said about itself, where it said it. */
export interface ImportedMeta {
  /** The tool that wrote the file (HAR `creator`, our `tool`). */
  creator?: { name: string; version: string };
  exportedAt?: number;
  pageUrl?: string;
  droppedByConnection?: Record<string, number>;
  navigations?: Navigation[];
}

export type ImportResult =
  | { ok: true; records: SessionRecord[]; source: ImportSource; warnings: string[]; meta: ImportedMeta }
  | { ok: false; error: string };

/** Values quoted in messages are cut: a bad field may hold a megabyte. */
export function clip(text: string, max = 160): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function fail(error: string): ImportResult {
  return { ok: false, error };
}

/** A validator's message for people: "x: Invalid key: Expected "x" but received undefined" → "x is missing". */
export function explain(error: string): string {
  const missing = /^([^:]+): Invalid key: Expected "[^"]*" but received undefined$/.exec(error);
  return clip(missing ? `${missing[1]} is missing` : error);
}
