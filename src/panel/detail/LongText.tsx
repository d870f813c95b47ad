import { useEffect, useRef, useState } from 'preact/hooks';
import { chunkEnd } from './paging';

/** Matches marked in the DOM at once: beyond this they are counted and stepped to, but not all painted. */
const MAX_MARKS = 2_000;

export interface TextSearch {
  /** Match offsets (find.ts), and their length. */
  matches: number[];
  length: number;
  /** The match to show. */
  current: number;
}

/**
 * Text shown a chunk at a time: laying out megabytes of wrapped text at once
 * would stall the panel, and most payloads fit in the first chunk anyway.
 * With a search, the matches are marked and the current one is brought into
 * view (showing more of the text if it lies beyond what is shown).
 */
export function LongText({ text, name, search }: { text: string; name: string; search?: TextSearch }) {
  const [end, setEnd] = useState(() => chunkEnd(text, 0));
  const currentMark = useRef<HTMLElement>(null);
  const target = search?.matches[search.current];
  const shownEnd = target === undefined ? end : Math.max(end, chunkEnd(text, target + search!.length));
  useEffect(() => currentMark.current?.scrollIntoView({ block: 'center' }), [target]);
  if (text.length === 0) return <p class="detail-empty">Empty payload</p>;
  const shown = shownEnd < text.length ? text.slice(0, shownEnd) : text;
  const rest = text.length - shownEnd;
  return (
    <>
      <pre class="detail-text">{search && search.matches.length > 0 ? marked(shown, search, currentMark) : shown}</pre>
      {rest > 0 && (
        <p class="detail-more">
          <button type="button" onClick={() => setEnd(chunkEnd(text, shownEnd))}>
            Show more {name}
          </button>
          <button type="button" onClick={() => setEnd(text.length)}>
            Show all {name}
          </button>
          <span class="detail-muted">{rest.toLocaleString('en-US')} more characters</span>
        </p>
      )}
    </>
  );
}

/** The shown text with the matches near the current one marked. */
function marked(shown: string, { matches, length, current }: TextSearch, currentMark: { current: HTMLElement | null }) {
  const from = Math.max(0, current - MAX_MARKS / 2);
  const parts: (string | preact.JSX.Element)[] = [];
  let last = 0;
  for (let i = from; i < matches.length && i < from + MAX_MARKS; i++) {
    const at = matches[i]!;
    if (at + length > shown.length) break;
    if (at > last) parts.push(shown.slice(last, at));
    parts.push(
      <mark key={i} class={i === current ? 'current' : undefined} ref={i === current ? currentMark : undefined}>
        {shown.slice(at, at + length)}
      </mark>,
    );
    last = at + length;
  }
  parts.push(shown.slice(last));
  return parts;
}
