/**
 * The compare view's logic, pure: two connections' records compared with the
 * session diff of `websocket-lens diff` (lib/diff), under ignore rules typed
 * in the view (one JSON path or regex a line), and the rows it shows.
 */
import { diffConnection, type ConnectionDiff, type FrameDiff } from '../../lib/diff';
import { groupByConnection } from '../../lib/logs/records';
import type { SessionRecord } from '../../protocol/schema';

/** Rows shown at once; the rest are counted ("N more"), so a huge connection stays quick to show. */
export const MAX_DIFF_ROWS = 300;

export interface IgnoreText {
  paths: string;
  regexes: string;
  volatile: boolean;
}

export const NO_IGNORE: IgnoreText = { paths: '', regexes: '', volatile: false };

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

export type CompareResult = { ok: true; diff: ConnectionDiff } | { ok: false; error: string };

/** `a` and `b` each hold one connection's records (more are fine: the first connection of each is compared). */
export function compareConnections(
  a: readonly SessionRecord[],
  b: readonly SessionRecord[],
  ignore: IgnoreText,
): CompareResult {
  try {
    const diff = diffConnection(a, b, {
      paths: lines(ignore.paths),
      regexes: lines(ignore.regexes),
      volatile: ignore.volatile,
    });
    return { ok: true, diff };
  } catch (error) {
    // A bad path or regex: compileIgnore names it.
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The frames worth a row (changed, added, removed), the first MAX_DIFF_ROWS of them, and how many more there are. */
export function diffRows(diff: ConnectionDiff, max = MAX_DIFF_ROWS): { rows: FrameDiff[]; more: number } {
  return { rows: diff.frames.slice(0, max), more: Math.max(0, diff.frames.length - max) };
}

/** The connections of an imported log, for the "compare with" choice; the one with `url` first when there is one. */
export function fileConnections(records: readonly SessionRecord[], url: string): { conn: string; url: string }[] {
  const logs = groupByConnection(records)
    .filter((log) => (log.create as { source?: string }).source !== 'webrequest')
    .map((log) => ({ conn: log.conn, url: log.create.url }));
  return [...logs.filter((c) => c.url === url), ...logs.filter((c) => c.url !== url)];
}

/** One connection's records out of a log. */
export function recordsOf(records: readonly SessionRecord[], conn: string): SessionRecord[] {
  return records.filter((r) => r.conn === conn);
}
