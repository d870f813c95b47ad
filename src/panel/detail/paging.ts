/**
 * How much of a big thing to render: containers in the JSON tree show their
 * children a page at a time, long texts a chunk at a time, so a 5 MB payload
 * never turns into millions of DOM nodes at once.
 */
export const CHILD_PAGE = 100;
export const TEXT_CHUNK = 100_000;

/** How many children are shown at first. */
export function firstPage(total: number, page = CHILD_PAGE): number {
  return Math.min(total, page);
}

/** How many more children the next "Show more" adds (0 when all are shown). */
export function nextPageSize(shown: number, total: number, page = CHILD_PAGE): number {
  return Math.max(0, Math.min(page, total - shown));
}

/**
 * Where a chunk of `text` that starts at `from` ends: `size` UTF-16 units
 * later, one fewer when that would split a surrogate pair.
 */
export function chunkEnd(text: string, from: number, size = TEXT_CHUNK): number {
  const end = Math.min(text.length, from + size);
  if (end >= text.length || end <= from + 1) return end;
  const last = text.charCodeAt(end - 1);
  return last >= 0xd800 && last <= 0xdbff ? end - 1 : end;
}
