import type { Ref } from 'preact';
import { compiledFilter, filterState, relativeTime } from '../view-state';
import type { DirectionFilter, TypeFilter } from '../filter';

const sizeValue = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** Filter controls above the messages table, with the hit count and any filter error. */
// `hits` comes as a prop: a signals-aware component re-renders only when its props or signals change.
export function FilterBar({ hits, inputRef }: { hits: number; inputRef: Ref<HTMLInputElement> }) {
  const state = filterState.value;
  const update = (patch: Partial<typeof state>) => (filterState.value = { ...state, ...patch });
  const result = compiledFilter.value;
  return (
    <div class="filterbar" role="search" aria-label="Message filter">
      <input
        ref={inputRef}
        type="search"
        aria-label="Filter messages"
        placeholder="Filter text or /regex/ (Ctrl+F)"
        value={state.text}
        onInput={(e) => update({ text: e.currentTarget.value })}
        onKeyDown={(e) => e.key === 'Escape' && update({ text: '' })}
      />
      <select
        aria-label="Direction"
        value={state.direction}
        onChange={(e) => update({ direction: e.currentTarget.value as DirectionFilter })}
      >
        <option value="all">All directions</option>
        <option value="sent">Sent ↑</option>
        <option value="received">Received ↓</option>
      </select>
      <select
        aria-label="Payload type"
        value={state.type}
        onChange={(e) => update({ type: e.currentTarget.value as TypeFilter })}
      >
        <option value="all">Text and binary</option>
        <option value="text">Text</option>
        <option value="binary">Binary</option>
      </select>
      <input
        class="size"
        type="number"
        min={0}
        aria-label="Minimum size in bytes"
        placeholder="min B"
        value={state.minSize ?? ''}
        onInput={(e) => update({ minSize: sizeValue(e.currentTarget.value) })}
      />
      <input
        class="size"
        type="number"
        min={0}
        aria-label="Maximum size in bytes"
        placeholder="max B"
        value={state.maxSize ?? ''}
        onInput={(e) => update({ maxSize: sizeValue(e.currentTarget.value) })}
      />
      <label>
        <input
          type="checkbox"
          checked={relativeTime.value}
          onChange={(e) => (relativeTime.value = e.currentTarget.checked)}
        />
        Relative time
      </label>
      {result.ok ? (
        <span class="hits" role="status" aria-label="Matches">
          {result.filter.empty ? `${hits} frames` : `${hits} matching frames`}
        </span>
      ) : (
        <span class="error" role="alert">
          {result.error}
        </span>
      )}
    </div>
  );
}
