/**
 * What the user chose to look at: selected connections, the filter, the
 * selected message, the detail pane and the time mode. Separate from the
 * captured data (store.ts), so a reset of the data keeps the user's filter.
 */
import { computed, signal } from '@preact/signals';
import { compileFilter, EMPTY_FILTER, type FilterState } from './filter';
import { DEFAULT_CONNECTION_VIEW, type ConnectionView } from './connections';

/** Selected connection ids; replaced (never mutated) so the timeline notices. */
export const selection = signal<ReadonlySet<string>>(new Set());
export const filterState = signal<FilterState>(EMPTY_FILTER);
export const compiledFilter = computed(() => compileFilter(filterState.value));
export const connectionView = signal<ConnectionView>(DEFAULT_CONNECTION_VIEW);
/** The seq of the message selected in the table, and whether its detail is shown. */
export const selectedSeq = signal<number | null>(null);
export const detailOpen = signal(false);
export const relativeTime = signal(false);

export function selectOnly(id: string): void {
  selection.value = new Set([id]);
}

/** Ctrl/Cmd-click: add or remove one connection from the selection. */
export function toggleSelected(id: string): void {
  const next = new Set(selection.value);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  selection.value = next;
}
