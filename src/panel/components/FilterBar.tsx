import type { Ref } from 'preact';
import { usePanelStore } from '../store-context';
import type { DirectionFilter, TypeFilter } from '../../lib/filter/filter';
import { plural } from '../format';

const sizeValue = (text: string) => (text.trim() === '' ? undefined : Number(text));

/**
 * Filter controls above the messages table, on one line, with the hit count
 * and any filter error; in a narrow pane the size bounds and the time switch
 * give way (CSS container query) before anything wraps.
 */
// `hits` comes as a prop: a signals-aware component re-renders only when its props or signals change.
interface Props {
  hits: number;
  inputRef: Ref<HTMLInputElement>;
  /** A shown connection speaks a decoded protocol: offer to hide its control messages. */
  decoded: boolean;
}

export function FilterBar({ hits, inputRef, decoded }: Props) {
  const { compiledFilter, filterState, relativeTime } = usePanelStore().view;
  const state = filterState.value;
  const update = (patch: Partial<typeof state>) => (filterState.value = { ...state, ...patch });
  const result = compiledFilter.value;
  return (
    <div class="filterbar" role="search" aria-label="Message filter">
      <input
        ref={inputRef}
        type="search"
        aria-label="Filter messages"
        placeholder="Filter (text, /re/, -hide)"
        title={
          'Text or /regex/ shows matching frames (binary ones by their hex bytes or their text);\n' +
          'a leading - hides them instead: -ping\n' +
          'On decoded protocols: name:chat kind:ACK protocol:mqtt id:42 topic:prices/* (and -kind:PING)'
        }
        value={state.text}
        onInput={(e) => update({ text: e.currentTarget.value })}
        onKeyDown={(e) => {
          if (e.key !== 'Escape' || state.text === '') return;
          e.preventDefault(); // handled: Esc clears the filter and does nothing else
          update({ text: '' });
        }}
      />
      <select
        aria-label="Direction"
        value={state.direction}
        onChange={(e) => update({ direction: e.currentTarget.value as DirectionFilter })}
      >
        <option value="all">↑↓ All</option>
        <option value="sent">↑ Sent</option>
        <option value="received">↓ Received</option>
      </select>
      <select
        aria-label="Payload type"
        value={state.type}
        onChange={(e) => update({ type: e.currentTarget.value as TypeFilter })}
      >
        <option value="all">Any type</option>
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
      {(decoded || state.hideControl) && (
        <label class="relative-time" title="Hide heartbeats and transport chatter that a protocol decoder recognised">
          <input
            type="checkbox"
            checked={state.hideControl ?? false}
            onChange={(e) => update({ hideControl: e.currentTarget.checked })}
          />
          Hide control
        </label>
      )}
      <label class="relative-time" title="Times from the connection's open instead of the clock">
        <input
          type="checkbox"
          checked={relativeTime.value}
          onChange={(e) => (relativeTime.value = e.currentTarget.checked)}
        />
        Relative
      </label>
      {result.ok ? (
        <span class="hits" role="status" aria-label="Matches">
          {result.filter.empty ? plural(hits, 'frame') : plural(hits, 'matching frame')}
        </span>
      ) : (
        <span class="error" role="alert">
          {result.error}
        </span>
      )}
    </div>
  );
}
