import { useEffect, useMemo, useRef } from 'preact/hooks';
import { usePanelStore } from '../store-context';
import type { SessionRecord } from '../../protocol/schema';
import { Timeline } from '../timeline';
import { compiledFilter, detailOpen, filterState, selectedSeq, selection } from '../view-state';
import { ConnectionList } from './ConnectionList';
import { FilterBar } from './FilterBar';
import { MessageList } from './MessageList';
import { Toolbar } from './Toolbar';
import { StorageBanner } from './StorageBanner';
import { DetailPane } from './DetailPane';
import { Composer } from '../actions/Composer';
import { ActionStatus } from '../actions/ActionStatus';
import { BreakpointBar } from '../actions/BreakpointBar';
import { formatSize } from '../format';

export function App({ tabId }: { tabId: number }) {
  const { records: allRecords, base, revision, session, tabStatus, viewSource } = usePanelStore();
  const timeline = useMemo(() => new Timeline(), []);
  const filterInput = useRef<HTMLInputElement>(null);

  // Ctrl/Cmd+F focuses the message filter; Esc there clears it (FilterBar).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        filterInput.current?.focus();
        filterInput.current?.select();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  void revision.value;
  // Bring the timeline up to date before any child reads it (the filter bar shows its hit count).
  const filter = compiledFilter.value;
  if (filter.ok) {
    const start = performance.now();
    timeline.update({ records: allRecords.value, base: base.value, selection: selection.value, filter: filter.filter });
    // Slow updates (rebuilds after a filter change, big batches) show in DevTools' Performance panel and the bench.
    if (performance.now() - start > 1) performance.measure('wsl:timeline-update', { start });
  }
  const connections = session.value.connections;
  let frames = 0;
  for (const c of connections.values()) frames += c.sent.count + c.received.count;
  const status = tabStatus.value;
  const selected = selectedSeq.value === null ? undefined : findRecord(allRecords.value, selectedSeq.value);
  // The composer acts on one live connection: the only one selected.
  const [only] = selection.value.size === 1 ? selection.value : [];
  const composed = viewSource.value.kind === 'live' && only !== undefined ? connections.get(only) : undefined;

  return (
    <div class="app" data-revision={revision.value}>
      <Toolbar shown={timeline.rows} />
      <StorageBanner />
      <main class="panes">
        <section class="pane connections-pane" aria-label="Connections pane">
          <ConnectionList />
        </section>
        <section
          class={`pane messages-pane${detailOpen.value && selected ? ' with-detail' : ''}`}
          aria-label="Messages pane"
        >
          <FilterBar hits={timeline.hits} inputRef={filterInput} />
          <BreakpointBar />
          <MessageList timeline={timeline} />
          {detailOpen.value && selected?.kind === 'frame' && (
            <DetailPane record={selected} onClose={() => (detailOpen.value = false)} />
          )}
          {composed && <Composer key={composed.id} connection={composed} />}
        </section>
      </main>
      <footer class="statusbar" aria-label="Summary">
        <span>
          {connections.size} connection{connections.size === 1 ? '' : 's'} · {frames} frame{frames === 1 ? '' : 's'}
          {selection.value.size > 1 && ` · ${selection.value.size} selected`}
          {filterState.value.text && ` · ${timeline.hits} matching`}
        </span>
        {status && status.droppedFrames > 0 && (
          <span class="dropped" aria-label="Dropped frames">
            {status.droppedFrames} earlier frames dropped (budget {status.settings.maxFramesPerTab.toLocaleString('en')}{' '}
            frames)
          </span>
        )}
        {status && status.droppedConnections > 0 && (
          <span class="dropped" aria-label="Dropped connections">
            {status.droppedConnections} closed connection{status.droppedConnections === 1 ? '' : 's'} dropped (budget{' '}
            {formatSize(status.settings.maxBytesPerTab)})
          </span>
        )}
        {status && status.skippedRows > 0 && (
          <span class="error" title="Stored records that failed validation when the session was loaded">
            {status.skippedRows} damaged stored records skipped
          </span>
        )}
        {status && status.rejected > 0 && (
          <span class="error" title="Messages from the page that failed validation and were discarded">
            {status.rejected} invalid records refused
          </span>
        )}
        {status?.hookErrors ? (
          <span class="error" title="Events the page hook failed to record; recording went on with the next one">
            {status.hookErrors} hook errors
          </span>
        ) : null}
        <ActionStatus />
        <span class="tab">tab {tabId}</span>
      </footer>
    </div>
  );
}

/** The record with this seq, by binary search over the tab's records (they are in seq order). */
function findRecord(list: readonly SessionRecord[], seq: number) {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = list[mid]!.seq;
    if (at === seq) return list[mid];
    if (at < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}
