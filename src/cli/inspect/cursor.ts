/**
 * Paging cursors: `<epoch>:<seq>`, the last frame a page showed. The epoch
 * changes when the tab's session starts over (a new page, Clear), so an old
 * cursor is refused with a reason instead of silently skipping or repeating.
 */
export interface Cursor {
  epoch: string;
  after: number;
}

export function encodeCursor(epoch: string, after: number): string {
  return `${epoch}:${after}`;
}

export type CursorResult = { ok: true; after: number } | { ok: false; error: string };

/** The seq to read after for `cursor` in a session of `epoch` (no cursor: from the start). */
export function cursorAfter(cursor: string | undefined, epoch: string): CursorResult {
  if (cursor === undefined || cursor === '') return { ok: true, after: -1 };
  const match = /^(.*):(-1|\d+)$/.exec(cursor);
  if (!match)
    return { ok: false, error: `"${cursor}" is not a cursor this server gave (they look like "<epoch>:<seq>").` };
  if (match[1] !== epoch)
    return {
      ok: false,
      error: "The tab's session started over since that cursor (a new page or a clear): read again without a cursor.",
    };
  return { ok: true, after: Number(match[2]) };
}
