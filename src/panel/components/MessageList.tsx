import { useCallback } from 'preact/hooks';
import type { SessionRecord } from '../../protocol/schema';
import { highlightParts } from '../../lib/filter/filter';
import {
  formatClock,
  formatDelta,
  formatRelative,
  formatSize,
  framePreview,
  lifecycleText,
  plural,
  urlParts,
} from '../format';
import { usePanelStore } from '../store-context';
import { memo, sameProps } from '../memo';
import { Timeline } from '../timeline';
import { TAIL_ANCHOR, useVirtualRows } from '../virtual-rows';
import type { PauseMark } from '../store';
import { meaningText, pairText, type PanelDecoding } from '../decoding';

const ROW_HEIGHT = 20;

/**
 * The selected connections' timeline, virtualized: frames and lifecycle steps
 * that pass the filter, in capture order. Keys as in the Network panel:
 * Up/Down, PageUp/PageDown, Home/End move the selection, Enter opens the
 * detail (Esc closes it: App). Delta is the time since the previous frame of
 * the same connection.
 */
interface Props {
  timeline: Timeline;
  decoding: PanelDecoding;
  /** Changes when the decoding does (another decoder chosen, more frames read): the rows must show it. */
  decodingState: string;
}

export function MessageList({ timeline, decoding }: Props) {
  const { revision, session, tabStatus, pauseMarks, view } = usePanelStore();
  const { compiledFilter, detailOpen, relativeTime, selectedSeq, selection } = view;
  void revision.value; // re-render on every change of the captured data
  const filter = compiledFilter.value;
  const active = filter.ok ? filter.filter : null;
  // App has brought the timeline up to date for this render.
  const rows = timeline.rows;
  const { scrollRef, scroller, items, totalSize, slots } = useVirtualRows(rows.length, ROW_HEIGHT);
  // Rows keep their slot's place in the DOM (aria-rowindex gives their place in the list), so a moved window
  // reuses the elements in place instead of moving them.
  const inSlotOrder = [...items].sort((a, b) => (a.index % slots) - (b.index % slots));
  const connections = session.value.connections;
  const several = selection.value.size > 1;
  // A Message column (what decoders read) when a shown connection speaks a known protocol.
  const decodedShown = decoding.readsAny(selection.value);
  const dropped = [...selection.value].reduce((n, id) => n + (tabStatus.value?.droppedByConnection[id] ?? 0), 0);
  const marks = pauseMarks.value;
  const paused = tabStatus.value?.paused ?? false;

  // One function for every row, so a row whose record and state are unchanged skips its render.
  const select = useCallback((record: SessionRecord) => {
    selectedSeq.value = record.seq;
    detailOpen.value = record.kind === 'frame';
  }, []);

  if (selection.value.size === 0) return <p class="empty">Select a connection to see its messages.</p>;

  /** Selects the row `to` (an index, or a function of the current one) and scrolls it into view. */
  const moveTo = (to: (current: number) => number) => {
    if (rows.length === 0) return;
    const current = selectedSeq.value === null ? -1 : timeline.indexOf(selectedSeq.value);
    const next = Math.max(0, Math.min(rows.length - 1, to(current)));
    selectedSeq.value = rows[next]!.seq;
    // An open detail follows the selection, as in the Network panel; lifecycle rows have none.
    if (detailOpen.value && rows[next]!.kind !== 'frame') detailOpen.value = false;
    scroller.scrollToIndex(next);
  };
  const page = () => Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
  const keys: Record<string, (current: number) => number> = {
    ArrowDown: (i) => (i === -1 ? 0 : i + 1),
    ArrowUp: (i) => (i === -1 ? rows.length - 1 : i - 1),
    PageDown: (i) => Math.max(i, 0) + page(),
    PageUp: (i) => (i === -1 ? rows.length - 1 : i) - page(),
    Home: () => 0,
    End: () => rows.length - 1,
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const to = keys[event.key];
    if (to && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      moveTo(to);
    } else if (event.key === 'Enter' && selectedSeq.value !== null) {
      event.preventDefault();
      detailOpen.value = rows[timeline.indexOf(selectedSeq.value)]?.kind === 'frame';
    }
  };

  return (
    <div class="messages" role="table" aria-label="Messages" aria-rowcount={rows.length + 1}>
      <div class="row header" role="row" aria-rowindex={1}>
        <span role="columnheader" class="dir" aria-label="Dir" title="Direction: ↑ sent, ↓ received" />
        <span role="columnheader">
          <button
            type="button"
            class="sort"
            title="Switch between clock time and time since the connection opened"
            onClick={() => (relativeTime.value = !relativeTime.value)}
          >
            {relativeTime.value ? 'Since open' : 'Time'}
          </button>
        </span>
        <span role="columnheader" class="num" title="Time since the previous frame of the same connection">
          Delta
        </span>
        <span role="columnheader" class="num">
          Size
        </span>
        {decodedShown && (
          <span role="columnheader" class="meaning" title="What the protocol's decoder read: message kind and name">
            Message
          </span>
        )}
        <span role="columnheader" class="data">
          Data
        </span>
      </div>
      {dropped > 0 && (
        <div class="dropped-marker" data-kind="dropped" role="note">
          {plural(dropped, 'earlier frame')} dropped to stay within the per-tab budget
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
          {inSlotOrder.map((item) => {
            const record = rows[item.index]!;
            const after = rows[item.index - 1]?.seq ?? -1;
            const connection = connections.get(record.conn);
            const decoded = decodedShown && record.kind === 'frame' ? decoding.get(record.seq) : undefined;
            return (
              <MessageRow
                key={item.index % slots}
                index={item.index}
                record={record}
                delta={timeline.deltas[item.index]!}
                pause={marks.find((m) => m.afterSeq >= after && m.afterSeq < record.seq)}
                top={item.start}
                connUrl={several ? connection?.url : undefined}
                openedAt={connection?.openedAt}
                createdAt={connection?.createdAt}
                meaning={decodedShown ? meaningText(decoded) : undefined}
                pair={pairText(decoded)}
                decodeError={decoded && 'error' in decoded ? decoded.error : undefined}
                highlight={active?.highlight ?? null}
                selected={record.seq === selectedSeq.value}
                relative={relativeTime.value}
                onSelect={select}
              />
            );
          })}
        </div>
        <div class={TAIL_ANCHOR} />
      </div>
      {paused && (
        <div class="paused-marker" data-kind="paused" role="note">
          Capture paused: frames are not recorded until you resume
        </div>
      )}
    </div>
  );
}

interface RowProps {
  /** Place in the list (0 for the first row after the header). */
  index: number;
  record: SessionRecord;
  delta: number;
  /** Capture was paused just before this row. */
  pause: PauseMark | undefined;
  top: number;
  /** The connection's URL when several connections are shown (a badge says which). */
  connUrl: string | undefined;
  openedAt: number | undefined;
  createdAt: number | undefined;
  /** What the decoder read ("EVENT chat"), or undefined when no Message column is shown. */
  meaning: string | undefined;
  /** Where the frame stands in a request↔reply exchange ("↩ 42 ms", "no reply"). */
  pair: string;
  decodeError: string | undefined;
  highlight: RegExp | null;
  selected: boolean;
  /** Times since the connection opened instead of clock times. */
  relative: boolean;
  onSelect(record: SessionRecord): void;
}

/**
 * Every prop is a plain value (no object that is mutated in place), so a row
 * whose props are unchanged renders nothing: a render of the list, ten a
 * second on a flood, touches only the rows that came into view.
 */
const MessageRow = memo(function MessageRow({
  index,
  record,
  delta,
  pause,
  top,
  connUrl,
  openedAt,
  createdAt,
  meaning,
  pair,
  decodeError,
  highlight,
  selected,
  relative,
  onSelect,
}: RowProps) {
  const time = relative ? formatRelative(record.t - (openedAt ?? createdAt ?? record.t)) : formatClock(record.t);
  const frame = record.kind === 'frame' ? record : null;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      class={`row ${frame ? `frame ${frame.dir}` : `lifecycle lifecycle-${record.kind}`}${pause ? ' after-pause' : ''}`}
      // top, not a transform: a transform gives every row a paint property node of its own.
      style={{ top: `${top}px` }}
      aria-selected={selected}
      data-kind={record.kind}
      data-seq={record.seq}
      data-dir={frame?.dir}
      data-type={frame?.type}
      data-size={frame?.size}
      data-mark={markOf(record)}
      data-unclean={record.kind === 'close' && !record.wasClean ? '' : undefined}
      title={pause ? pauseText(pause) : undefined}
      onClick={() => onSelect(record)}
    >
      <span role="cell" class="dir" aria-label={frame?.dir ?? record.kind}>
        {frame ? (frame.dir === 'sent' ? '↑' : '↓') : '•'}
      </span>
      <span role="cell" class="time">
        {time}
      </span>
      <span role="cell" class="num delta">
        {Number.isNaN(delta) ? '' : formatDelta(delta)}
      </span>
      <span role="cell" class="num">
        {frame ? formatSize(frame.size) : ''}
      </span>
      {meaning !== undefined && (
        <span role="cell" class={`meaning${decodeError ? ' decode-error' : ''}`} title={decodeError ?? meaning}>
          {pair && <span class={`pair${pair === 'no reply' ? ' unanswered' : ''}`}>{pair}</span>}
          {meaning}
        </span>
      )}
      <span role="cell" class="data">
        {pause && <span class="badge mark-paused">{pauseText(pause)}</span>}
        {connUrl !== undefined && <span class="badge conn">{urlParts(connUrl).path}</span>}
        <Marks record={record} />
        {frame?.type === 'binary' && <span class="badge">bin</span>}
        {frame ? (
          <Highlighted text={framePreview(frame)} highlight={frame.type === 'text' ? highlight : null} />
        ) : (
          lifecycleText(record as Exclude<SessionRecord, { kind: 'frame' }>, {
            opened: openedAt !== undefined && openedAt <= record.t,
          })
        )}
        {frame?.truncated && (
          <span class="badge" title="Only the first part of this payload was captured">
            cut
          </span>
        )}
      </span>
    </div>
  );
}, sameProps);

function pauseText(mark: PauseMark): string {
  return `Capture paused ${formatClock(mark.pausedAt)} – ${formatClock(mark.resumedAt)}: frames in between were not recorded`;
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
