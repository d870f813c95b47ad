import { useMemo } from 'preact/hooks';
import type { SessionRecord } from '../../protocol/schema';
import type { Connection } from '../../lib/session';
import { highlightParts } from '../filter';
import { formatClock, formatRelative, formatSize, framePreview, lifecycleText, urlParts } from '../format';
import { usePanelStore } from '../store-context';
import { Timeline } from '../timeline';
import { compiledFilter, detailOpen, relativeTime, selectedSeq, selection } from '../view-state';
import { useVirtualRows } from '../virtual-rows';

const ROW_HEIGHT = 20;

/**
 * The selected connections' timeline, virtualized: frames and lifecycle steps
 * that pass the filter, in capture order. Up/Down move the selection, Enter
 * opens the detail, Esc closes it.
 */
export function MessageList({ timeline }: { timeline: Timeline }) {
  const { revision, session, tabStatus } = usePanelStore();
  void revision.value; // re-render on every change of the captured data
  const filter = compiledFilter.value;
  const active = filter.ok ? filter.filter : null;
  // App has brought the timeline up to date for this render.
  const rows = timeline.rows;
  const { scrollRef, virtualizer, items, totalSize } = useVirtualRows(rows.length, ROW_HEIGHT);
  const connections = session.value.connections;
  const several = selection.value.size > 1;
  const dropped = [...selection.value].reduce((n, id) => n + (tabStatus.value?.droppedByConnection[id] ?? 0), 0);
  const indexOfSeq = useMemo(() => new Map<number, number>(), [rows, rows.length]);

  if (selection.value.size === 0) return <p class="empty">Select a connection to see its messages.</p>;

  const move = (delta: number) => {
    if (rows.length === 0) return;
    if (indexOfSeq.size !== rows.length) rows.forEach((r, i) => indexOfSeq.set(r.seq, i));
    const current = selectedSeq.value === null ? -1 : (indexOfSeq.get(selectedSeq.value) ?? -1);
    const next = Math.max(
      0,
      Math.min(rows.length - 1, current === -1 ? (delta > 0 ? 0 : rows.length - 1) : current + delta),
    );
    selectedSeq.value = rows[next]!.seq;
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      move(event.key === 'ArrowDown' ? 1 : -1);
    } else if (event.key === 'Enter' && selectedSeq.value !== null) {
      detailOpen.value = true;
    } else if (event.key === 'Escape') {
      detailOpen.value = false;
    }
  };

  return (
    <div class="messages" role="table" aria-label="Messages" aria-rowcount={rows.length}>
      <div class="row header" role="row">
        <span role="columnheader" class="dir">
          Dir
        </span>
        <span role="columnheader">Time</span>
        <span role="columnheader" class="num">
          Size
        </span>
        <span role="columnheader">Data</span>
      </div>
      {dropped > 0 && (
        <div class="dropped-marker" data-kind="dropped" role="note">
          {dropped} earlier frame{dropped === 1 ? '' : 's'} dropped to stay within the per-tab budget
        </div>
      )}
      <div
        class="scroller"
        ref={scrollRef}

        tabIndex={0}
        onKeyDown={onKeyDown}
        aria-label="Message rows"
      >
        <div role="rowgroup" style={{ height: `${totalSize}px`, position: 'relative' }}>
          {items.map((item) => {
            const record = rows[item.index]!;
            return (
              <MessageRow
                key={record.seq}
                record={record}
                top={item.start}
                connection={connections.get(record.conn)}
                several={several}
                highlight={active?.highlight ?? null}
                selected={record.seq === selectedSeq.value}
                onSelect={() => {
                  selectedSeq.value = record.seq;
                  detailOpen.value = record.kind === 'frame';
                }}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

interface RowProps {
  record: SessionRecord;
  top: number;
  connection: Connection | undefined;
  several: boolean;
  highlight: RegExp | null;
  selected: boolean;
  onSelect(): void;
}

function MessageRow({ record, top, connection, several, highlight, selected, onSelect }: RowProps) {
  const time = relativeTime.value
    ? formatRelative(record.t - (connection?.openedAt ?? connection?.createdAt ?? record.t))
    : formatClock(record.t);
  const frame = record.kind === 'frame' ? record : null;
  return (
    <div
      role="row"
      class={`row ${frame ? `frame ${frame.dir}` : `lifecycle lifecycle-${record.kind}`}`}
      style={{ transform: `translateY(${top}px)` }}
      aria-selected={selected}
      data-kind={record.kind}
      data-seq={record.seq}
      data-dir={frame?.dir}
      data-type={frame?.type}
      data-size={frame?.size}
      data-mark={markOf(record)}
      onClick={onSelect}
    >
      <span role="cell" class="dir" aria-label={frame?.dir ?? record.kind}>
        {frame ? (frame.dir === 'sent' ? '↑' : '↓') : '•'}
      </span>
      <span role="cell" class="time">
        {time}
      </span>
      <span role="cell" class="num">
        {frame ? formatSize(frame.size) : ''}
      </span>
      <span role="cell" class="data">
        {several && connection && <span class="badge conn">{urlParts(connection.url).path}</span>}
        <Marks record={record} />
        {frame?.type === 'binary' && <span class="badge">bin</span>}
        {frame ? (
          <Highlighted text={framePreview(frame)} highlight={frame.type === 'text' ? highlight : null} />
        ) : (
          lifecycleText(record as Exclude<SessionRecord, { kind: 'frame' }>)
        )}
        {frame?.truncated && (
          <span class="badge" title="Only the first part of this payload was captured">
            cut
          </span>
        )}
      </span>
    </div>
  );
}

/** Sent from DevTools, simulated, or acted on by a rule: as a word for tests and badges. */
function markOf(record: SessionRecord): string | undefined {
  if (record.kind !== 'frame' && record.kind !== 'closing' && record.kind !== 'close') return undefined;
  const intercept = record.kind === 'frame' ? record.intercept : undefined;
  if (intercept) return `${intercept.action}${intercept.rule ? ` by ${intercept.rule}` : ''}`;
  return record.origin;
}

function Marks({ record }: { record: SessionRecord }) {
  if (record.kind !== 'frame') return null;
  const { origin, intercept } = record;
  return (
    <>
      {origin && (
        <span
          class={`badge mark-${origin}`}
          title={
            origin === 'devtools' ? 'Sent from DevTools' : 'Simulated: the page received it, the server never sent it'
          }
        >
          {origin === 'devtools' ? 'DevTools' : 'simulated'}
        </span>
      )}
      {intercept && (
        <span
          class={`badge mark-${intercept.action}`}
          title={
            intercept.rule
              ? `${intercept.action} by the rule "${intercept.rule}"`
              : `${intercept.action}: the socket closed while it was held`
          }
        >
          {intercept.action}
          {intercept.rule && ` · ${intercept.rule}`}
        </span>
      )}
    </>
  );
}

function Highlighted({ text, highlight }: { text: string; highlight: RegExp | null }) {
  if (!highlight) return <>{text}</>;
  return (
    <>{highlightParts(text, highlight).map((part, i) => (part.hit ? <mark key={i}>{part.text}</mark> : part.text))}</>
  );
}
