/** Finding a text in a long payload (the detail's search box): plain text, case-insensitive. */

/** At most this many matches are found: enough to step through, bounded for a 1 MB payload of "a". */
export const MAX_MATCHES = 10_000;

/** Start offsets of `query` in `text`, ignoring case, not overlapping, at most `max`. */
export function findAll(text: string, query: string, max = MAX_MATCHES): number[] {
  if (query === '') return [];
  const haystack = text.toLowerCase();
  const needle = query.toLowerCase();
  // Lower-casing can change lengths (e.g. "İ"): then offsets would not map back, so search as written.
  const [inText, inQuery] = haystack.length === text.length ? [haystack, needle] : [text, query];
  const found: number[] = [];
  for (
    let at = inText.indexOf(inQuery);
    at !== -1 && found.length < max;
    at = inText.indexOf(inQuery, at + inQuery.length)
  )
    found.push(at);
  return found;
}

/** The next (or previous) match index, wrapping around. */
export function stepMatch(current: number, count: number, backwards: boolean): number {
  if (count === 0) return 0;
  return (current + (backwards ? count - 1 : 1)) % count;
}
