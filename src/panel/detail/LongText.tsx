import { useState } from 'preact/hooks';
import { chunkEnd } from './paging';

/**
 * Text shown a chunk at a time: laying out megabytes of wrapped text at once
 * would stall the panel, and most payloads fit in the first chunk anyway.
 */
export function LongText({ text, name }: { text: string; name: string }) {
  const [end, setEnd] = useState(() => chunkEnd(text, 0));
  if (text.length === 0) return <p class="detail-empty">Empty payload</p>;
  const rest = text.length - end;
  return (
    <>
      <pre class="detail-text">{end < text.length ? text.slice(0, end) : text}</pre>
      {rest > 0 && (
        <p class="detail-more">
          <button type="button" onClick={() => setEnd(chunkEnd(text, end))}>
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
