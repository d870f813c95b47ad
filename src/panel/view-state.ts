/**
 * What the user chose to look at: selected connections, the filter, the
 * selected message, the detail pane and the time mode. Separate from the
 * captured data, so a reset of the data keeps the user's filter; made per
 * store (store.ts `view`), so two panels or two tests never share a selection.
 */
import { computed, signal } from '@preact/signals';
import { compileFilter, EMPTY_FILTER, type FilterState } from '../lib/filter/filter';
import { DEFAULT_CONNECTION_VIEW, type ConnectionView } from './connections';

export type ViewState = ReturnType<typeof createViewState>;

export function createViewState() {
  /** Selected connection ids; replaced (never mutated) so the timeline notices. */
  const selection = signal<ReadonlySet<string>>(new Set());
  const filterState = signal<FilterState>(EMPTY_FILTER);
  return {
    selection,
    filterState,
    compiledFilter: computed(() => compileFilter(filterState.value)),
    connectionView: signal<ConnectionView>(DEFAULT_CONNECTION_VIEW),
    /** The seq of the message selected in the table, and whether its detail is shown. */
    selectedSeq: signal<number | null>(null),
    detailOpen: signal(false),
    relativeTime: signal(false),
    /** With one connection selected: its messages, or its handshake's headers. */
    connectionTab: signal<'messages' | 'headers'>('messages'),
    /** The messages pane shows statistics of what the list would show, instead of the list. */
    statsOpen: signal(false),

    selectOnly(id: string): void {
      selection.value = new Set([id]);
    },

    /** Ctrl/Cmd-click: add or remove one connection from the selection. */
    toggleSelected(id: string): void {
      const next = new Set(selection.value);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      selection.value = next;
    },
  };
}
