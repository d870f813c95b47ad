import { useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import { usePanelStore } from '../store-context';
import { Timeline } from '../timeline';
import { PanelDecoding } from '../decoding';
import { clampSize, detailBeside, layout, SIZE_LIMITS, updateLayout } from '../layout';
import { installPanelKeys } from '../panel-keys';
import { plural } from '../format';
import { ConnectionList } from './ConnectionList';
import { FilterBar } from './FilterBar';
import { MessageList } from './MessageList';
import { Toolbar } from './Toolbar';
import { StorageBanner } from './StorageBanner';
import { DetailPane } from './DetailPane';
import { DecodeAs } from './DecodeAs';
import { StatsView } from './StatsView';
import { decoderChoices } from '../decoder-choice';
import { protobufDecoders } from '../protobuf-schemas';
import { Splitter } from './Splitter';
import { Composer } from '../actions/Composer';
import { ReadOnlyNote } from '../actions/FrameActions';
import { ReplayBar } from '../replay/ReplayBar';
import { CompareView } from '../compare/CompareView';
import { ActionStatus } from '../actions/ActionStatus';
import { BreakpointBar } from '../actions/BreakpointBar';
import { formatSize } from '../format';
import { HeadersView } from '../detail/HeadersView';
import type { Connection } from '../../lib/session';

/** Milliseconds of decoding per render (App): short enough to keep the panel's tasks under 50 ms. */
const DECODE_BUDGET_MS = 16;

/**
 * The panel: toolbar; connections | messages (filter, list, composer) |
 * detail (below or beside the messages); status bar. Pane sizes and the
 * detail's place are the user's (layout.ts).
 */
export function App({ tabId }: { tabId: number }) {
  const { records: allRecords, base, revision, session, tabStatus, viewSource, view, compare } = usePanelStore();
  const { compiledFilter, detailOpen, filterState, selectedSeq, selection } = view;
  const timeline = useMemo(() => new Timeline(), []);
  const decoding = useMemo(() => new PanelDecoding(), []);
  const filterInput = useRef<HTMLInputElement>(null);
  const size = useWindowSize();

  // Esc and Ctrl/Cmd+F are ours, not DevTools' (panel-keys.ts).
  useEffect(
    () =>
      installPanelKeys(document.documentElement, {
        find() {
          filterInput.current?.focus();
          filterInput.current?.select();
        },
        escape() {
          if (!detailOpen.value) return false;
          detailOpen.value = false;
          return true;
        },
      }),
    [],
  );

  void revision.value;
  // Bring the timeline up to date before any child reads it (the filter bar shows its hit count).
  const filter = compiledFilter.value;
  // Decoded before the timeline: its filter may ask what a frame means.
  // A slice of the decoding per render: a big decoded session shows at once (raw where not decoded yet)
  // and is read over the next animation frames, in tasks that stay short.
  const [, decodeMore] = useReducer((n: number) => n + 1, 0);
  const decodeStart = performance.now();
  decoding.update(allRecords.value, base.value, decoderChoices.value, protobufDecoders.value, DECODE_BUDGET_MS);
  if (performance.now() - decodeStart > 1) performance.measure('wsl:decode', { start: decodeStart });
  useEffect(() => {
    if (decoding.behind === 0) return;
    const frame = requestAnimationFrame(() => decodeMore(0));
    return () => cancelAnimationFrame(frame);
  });
  if (filter.ok) {
    const start = performance.now();
    timeline.update({
      records: allRecords.value,
      base: base.value,
      selection: selection.value,
      filter: filter.filter,
      decoded: decoding.messages,
      decodedVersion: decoding.version,
    });
    // Slow updates (rebuilds after a filter change, big batches) show in DevTools' Performance panel and the bench.
    if (performance.now() - start > 1) performance.measure('wsl:timeline-update', { start });
  }
  // The detail shows the selected message only while the list shows it: another connection selected or a
  // filter that hides it clears the selection, so nothing acts on a frame the user no longer sees.
  const selectedIndex = selectedSeq.value === null ? -1 : timeline.indexOf(selectedSeq.value);
  const selected = selectedIndex >= 0 ? timeline.rows[selectedIndex] : undefined;
  // Cleared right after this render, judged on the state as it is then (a click since must not be undone).
  useLayoutEffect(() => {
    const seq = selectedSeq.peek();
    if (seq !== null && timeline.indexOf(seq) < 0) {
      selectedSeq.value = null;
      detailOpen.value = false;
    }
  });

  const connections = session.value.connections;
  let frames = 0;
  for (const c of connections.values()) frames += c.sent.count + c.received.count;
  const status = tabStatus.value;
  // The composer acts on one live connection: the only one selected.
  const [only] = selection.value.size === 1 ? selection.value : [];
  const onlyConnection = only === undefined ? undefined : connections.get(only);
  const live = viewSource.value.kind === 'live';
  const composed = live && !onlyConnection?.readOnly && !onlyConnection?.worker ? onlyConnection : undefined;
  const headersShown = onlyConnection !== undefined && view.connectionTab.value === 'headers';
  // The compare view stands in for the messages while one of its connections is selected.
  const comparing = compare.value;
  const compareOpen =
    comparing !== null &&
    connections.has(comparing.a) &&
    (selection.value.has(comparing.a) || (comparing.b?.kind === 'connection' && selection.value.has(comparing.b.conn)));
  const prefs = layout.value;
  const beside = detailBeside(prefs.detailPlacement, size.width, size.height);
  const detail = detailOpen.value && selected?.kind === 'frame' && (
    <DetailPane
      record={selected}
      beside={beside}
      decoded={decoding.get(selected.seq)}
      protocol={decoding.protocolOf(selected.conn)}
      onClose={() => (detailOpen.value = false)}
    />
  );
  // Beside the messages the split sets the detail's width, below them its height.
  const detailSize = beside ? 'detailWidth' : 'detailHeight';
  const detailWithSplitter = detail && (
    <>
      <Splitter
        orientation={beside ? 'vertical' : 'horizontal'}
        label="Resize the message detail"
        size={prefs[detailSize]}
        min={SIZE_LIMITS[detailSize][0]}
        max={SIZE_LIMITS[detailSize][1]}
        direction={-1}
        onResize={(px) => updateLayout({ [detailSize]: clampSize(detailSize, px) })}
      />
      {detail}
    </>
  );

  return (
    <div class="app" data-revision={revision.value}>
      <Toolbar shown={timeline.rows} />
      <StorageBanner />
      <main
        class={`panes${detail && beside ? ' detail-beside' : ''}`}
        style={{
          '--connections-width': `${prefs.connectionsWidth}px`,
          '--detail-width': `${prefs.detailWidth}px`,
          '--detail-height': `${prefs.detailHeight}px`,
        }}
      >
        <section class="pane connections-pane" aria-label="Connections pane">
          <ConnectionList />
        </section>
        <Splitter
          orientation="vertical"
          label="Resize the connections pane"
          size={prefs.connectionsWidth}
          min={SIZE_LIMITS.connectionsWidth[0]}
          max={SIZE_LIMITS.connectionsWidth[1]}
          direction={1}
          onResize={(px) => updateLayout({ connectionsWidth: clampSize('connectionsWidth', px) })}
        />
        <section class={`pane messages-pane${detail && !beside ? ' with-detail' : ''}`} aria-label="Messages pane">
          {onlyConnection && <ConnectionTabs connection={onlyConnection} />}
          {headersShown ? (
            <HeadersView connection={onlyConnection} />
          ) : (
            <>
              <FilterBar hits={timeline.hits} inputRef={filterInput} decoded={decoding.readsAny(selection.value)} />
              <BreakpointBar />
              {onlyConnection && <ReplayBar connection={onlyConnection} />}
              {compareOpen ? (
                <CompareView />
              ) : view.statsOpen.value ? (
                <StatsView
                  rows={timeline.rows}
                  version={`${timeline.rebuilds}:${timeline.rows.length}:${decoding.version}`}
                  decoding={decoding}
                />
              ) : (
                <MessageList
                  timeline={timeline}
                  decoding={decoding}
                  decodingState={`${decoding.version}:${decoding.behind}`}
                />
              )}
              {!beside && detailWithSplitter}
              {composed && <Composer key={composed.id} connection={composed} />}
              {live && onlyConnection?.worker && <ReadOnlyNote />}
            </>
          )}
        </section>
        {beside && !headersShown && detailWithSplitter}
      </main>
      <footer class="statusbar" aria-label="Summary">
        <span>
          {plural(connections.size, 'connection')} · {plural(frames, 'frame')}
          {selection.value.size > 1 && ` · ${selection.value.size} selected`}
          {filterState.value.text && ` · ${timeline.hits.toLocaleString('en-US')} matching`}
        </span>
        {only !== undefined && connections.has(only) && (
          <DecodeAs
            url={connections.get(only)!.url}
            detected={decoding.protocolOf(only)}
            decoders={decoding.decoders}
          />
        )}
        {status && status.droppedFrames > 0 && (
          <span class="dropped" aria-label="Dropped frames">
            {plural(status.droppedFrames, 'earlier frame')} dropped (budget{' '}
            {plural(status.settings.maxFramesPerTab, 'frame')})
          </span>
        )}
        {status && status.droppedConnections > 0 && (
          <span class="dropped" aria-label="Dropped connections">
            {plural(status.droppedConnections, 'closed connection')} dropped (budget{' '}
            {formatSize(status.settings.maxBytesPerTab)})
          </span>
        )}
        {status && status.skippedRows > 0 && (
          <span class="error" title="Stored records that failed validation when the session was loaded">
            {plural(status.skippedRows, 'damaged stored record')} skipped
          </span>
        )}
        {status && status.rejected > 0 && (
          <span class="error" title="Messages from the page that failed validation and were discarded">
            {plural(status.rejected, 'invalid record')} refused
          </span>
        )}
        {status?.hookErrors ? (
          <span class="error" title="Events the page hook failed to record; recording went on with the next one">
            {plural(status.hookErrors, 'hook error')}
          </span>
        ) : null}
        <ActionStatus />
        <span class="tab">tab {tabId}</span>
      </footer>
    </div>
  );
}

/** Messages or Headers of the one selected connection, as DevTools' Network panel has them for a request. */
function ConnectionTabs({ connection }: { connection: Connection }) {
  const tab = usePanelStore().view.connectionTab;
  const item = (id: 'messages' | 'headers', label: string) => (
    <button type="button" role="tab" aria-selected={tab.value === id} onClick={() => (tab.value = id)}>
      {label}
    </button>
  );
  return (
    <div class="connection-tabs" role="tablist" aria-label={`Views of ${connection.url}`}>
      {item('messages', 'Messages')}
      {item('headers', 'Headers')}
    </div>
  );
}

/** The panel's size, kept current: the detail's automatic place depends on it. */
function useWindowSize(): { width: number; height: number } {
  const read = () => ({ width: window.innerWidth, height: window.innerHeight });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return size;
}
