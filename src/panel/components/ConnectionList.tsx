import type { ComponentChildren } from 'preact';
import type { Connection } from '../../lib/session';
import type { Navigation } from '../../protocol/messages';
import { duration, visibleConnections, type SortKey } from '../connections';
import { formatClock, formatDuration, formatSize, stateLabel, urlParts } from '../format';
import { usePanelStore } from '../store-context';
import { contextText, failureText } from '../handshake-text';
import { CONNECTION_COLUMNS, layout, updateLayout, type ConnectionColumn } from '../layout';

interface Column {
  key: SortKey | null;
  label: string;
  title?: string;
  cell(c: Connection, now: number): ComponentChildren;
  class?: string;
}

/** The optional columns (URL always shows); which ones show is the user's choice (layout.ts). */
const COLUMNS: Record<ConnectionColumn, Column> = {
  frame: {
    key: null,
    label: 'Frame',
    class: 'frame',
    cell: (c) =>
      c.worker ? (
        <span class="badge">
          {c.worker.type} worker {shortFrame(c.worker.url)}
        </span>
      ) : c.frameId === 0 ? (
        'top'
      ) : (
        <span class="badge">iframe {shortFrame(c.frameUrl)}</span>
      ),
  },
  // The close code and reason go with the state: one narrow column instead of two.
  state: {
    key: 'state',
    label: 'State',
    class: 'state-cell',
    cell: (c) => {
      const state = stateLabel(c);
      return (
        <>
          <span class={`state state-${state}${c.close && !c.close.wasClean ? ' unclean' : ''}`}>{state}</span>
          {/* The debugger's closes carry no code (1005 stands for none): none shown. */}
          {c.close && c.close.by !== 'unknown' && c.close.by !== 'detached' && (
            <span class="state-close">
              {' '}
              {c.close.code}
              {c.close.reason && ` ${c.close.reason}`}
            </span>
          )}
        </>
      );
    },
  },
  protocol: { key: null, label: 'Protocol', cell: (c) => [c.protocol, c.extensions].filter(Boolean).join('; ') },
  opened: { key: 'created', label: 'Opened', class: 'time', cell: (c) => formatClock(c.createdAt) },
  duration: {
    key: 'duration',
    label: 'Duration',
    class: 'num',
    cell: (c, now) => (c.openedAt === undefined ? '' : formatDuration(duration(c, now))),
  },
  frames: {
    key: 'frames',
    label: 'Frames',
    title: 'Frames sent / received',
    class: 'num frames',
    cell: (c) => `${c.sent.count} / ${c.received.count}`,
  },
  bytes: {
    key: 'bytes',
    label: 'Bytes',
    title: 'Bytes sent / received',
    class: 'num bytes',
    cell: (c) => `${formatSize(c.sent.bytes)} / ${formatSize(c.received.bytes)}`,
  },
};

/**
 * Every socket of the inspected tab, with navigation markers between pages.
 * Click selects one connection; Ctrl/Cmd-click adds or removes one, and the
 * messages of all selected connections are merged. The rows are reachable by
 * keyboard: Up/Down/Home/End select, Ctrl/Cmd+Space adds or removes. The
 * Columns menu shows or hides the optional columns.
 */
export function ConnectionList() {
  const { revision, session, tabStatus, view: viewState } = usePanelStore();
  const { connectionView, selectOnly, selection, toggleSelected } = viewState;
  // Connections are mutated in place: the revision (passed down) is what tells rows to re-render.
  const rev = revision.value;
  const view = connectionView.value;
  const now = Date.now();
  const connections = visibleConnections(session.value.connections.values(), view, now);
  const navigations = view.sort === 'created' && !view.descending ? (tabStatus.value?.navigations ?? []) : [];
  const sortBy = (key: SortKey) =>
    (connectionView.value = { ...view, sort: key, descending: view.sort === key ? !view.descending : false });
  const shown = layout.value.connectionColumns.map((id) => COLUMNS[id]);
  const header = (key: SortKey | null, label: string, title?: string) => (
    <th
      scope="col"
      title={title}
      aria-sort={key && view.sort === key ? (view.descending ? 'descending' : 'ascending') : undefined}
    >
      {key ? (
        <button type="button" class="sort" onClick={() => sortBy(key)}>
          {label}
        </button>
      ) : (
        label
      )}
    </th>
  );
  const onKeyDown = (event: KeyboardEvent) => {
    if (connections.length === 0) return;
    const ids = connections.map((c) => c.id);
    const focused = (event.target as HTMLElement).closest<HTMLElement>('tr[data-connection]')?.dataset.connection;
    const at = focused ? ids.indexOf(focused) : -1;
    const moves: Record<string, number> = {
      ArrowDown: Math.min(ids.length - 1, at + 1),
      ArrowUp: Math.max(0, at === -1 ? ids.length - 1 : at - 1),
      Home: 0,
      End: ids.length - 1,
    };
    const to = moves[event.key];
    if (to !== undefined) {
      event.preventDefault();
      selectOnly(ids[to]!);
      const table = event.currentTarget as HTMLElement;
      requestAnimationFrame(() =>
        table.querySelector<HTMLElement>(`tr[data-connection="${CSS.escape(ids[to]!)}"]`)?.focus(),
      );
    } else if (event.key === ' ' && focused) {
      event.preventDefault();
      if (event.ctrlKey || event.metaKey) toggleSelected(focused);
      else selectOnly(focused);
    }
  };

  return (
    <div class="connections-view">
      <div class="filterbar" role="search" aria-label="Connection filter">
        <input
          type="search"
          aria-label="Filter connections"
          placeholder="Filter URLs"
          value={view.urlFilter}
          onInput={(e) => (connectionView.value = { ...view, urlFilter: e.currentTarget.value })}
        />
        <label title="Hide closed connections">
          <input
            type="checkbox"
            checked={view.hideClosed}
            onChange={(e) => (connectionView.value = { ...view, hideClosed: e.currentTarget.checked })}
          />
          Hide closed
        </label>
        <ColumnsMenu />
      </div>
      {session.value.connections.size === 0 ? (
        <p class="empty">No WebSocket yet. Sockets the page opens appear here as they are created.</p>
      ) : (
        <table class="grid connections" aria-label="Connections" aria-multiselectable="true" onKeyDown={onKeyDown}>
          <thead>
            <tr>
              {header('url', 'URL')}
              {shown.map(({ key, label, title }) => header(key, label, title))}
            </tr>
          </thead>
          <tbody>
            {interleave(connections, navigations).map((item, i) =>
              'id' in item ? (
                <ConnectionRow
                  key={item.id}
                  c={item}
                  now={now}
                  rev={rev}
                  columns={shown}
                  // One row takes Tab focus: the selected one, else the first.
                  tabbable={selection.value.has(item.id) || (i === 0 && selection.value.size === 0)}
                />
              ) : (
                <NavigationRow key={`nav-${item.seq}`} navigation={item} span={shown.length + 1} />
              ),
            )}
          </tbody>
        </table>
      )}
    </div>
  );
}

interface RowProps {
  c: Connection;
  now: number;
  rev: number;
  columns: Column[];
  tabbable: boolean;
}

function ConnectionRow({ c, now, columns, tabbable }: RowProps) {
  const { selectOnly, selection, toggleSelected } = usePanelStore().view;
  const { path, host } = urlParts(c.url);
  const why = c.handshake ? failureText(c.handshake) : '';
  return (
    <tr
      aria-selected={selection.value.has(c.id)}
      tabIndex={tabbable ? 0 : -1}
      data-connection={c.id}
      data-state={stateLabel(c)}
      onClick={(e) => (e.ctrlKey || e.metaKey ? toggleSelected(c.id) : selectOnly(c.id))}
      title={`${c.url}\n${c.worker ? `${c.worker.type} worker: ${c.worker.url}` : `frame: ${c.frameUrl}`}${c.stack ? `\ncreated at:\n${c.stack}` : ''}`}
    >
      <td class="url">
        {/* An iframe's socket says so even while the Frame column is hidden (its URL is in the title). */}
        {c.frameId !== 0 && !c.worker && !columns.includes(COLUMNS.frame) && <span class="badge">iframe</span>}
        {/* A worker's socket (deep capture) names its worker where a document's names its frame. */}
        {c.worker && (
          <span class="badge worker" title={`Opened by a ${c.worker.type} worker: ${c.worker.url}`}>
            {c.worker.type} worker {shortFrame(c.worker.url)}
          </span>
        )}
        {/* A replay is listed right after its original (connections.ts besideOriginals) and says so. */}
        {c.replayOf && (
          <span class="badge replay" title={`Opened by "Replay connection" from connection ${c.replayOf}`}>
            replay
          </span>
        )}
        {c.readOnly && (
          <span
            class="badge"
            title={`Seen by the browser only, opened by ${contextText(c.handshake?.context ?? 'unknown')}: no frames`}
          >
            {c.handshake?.context === 'worker' ? 'worker' : 'handshake only'}
          </span>
        )}
        {path} <span class="host">{host}</span>
        {why && (
          <div class="failure" title="Why the handshake failed, as the browser reported it (Headers tab: more)">
            {why}
          </div>
        )}
      </td>
      {columns.map((column) => (
        <td class={column.class}>{column.cell(c, now)}</td>
      ))}
    </tr>
  );
}

/** Show or hide the optional columns; the choice is remembered. */
function ColumnsMenu() {
  const shown = layout.value.connectionColumns;
  const toggle = (id: ConnectionColumn, on: boolean) =>
    updateLayout({ connectionColumns: CONNECTION_COLUMNS.filter((c) => (c === id ? on : shown.includes(c))) });
  return (
    <details class="columns-menu">
      <summary title="Show or hide columns">Columns</summary>
      <div class="columns-list" role="group" aria-label="Connection columns">
        {CONNECTION_COLUMNS.map((id) => (
          <label key={id}>
            <input type="checkbox" checked={shown.includes(id)} onChange={(e) => toggle(id, e.currentTarget.checked)} />
            {COLUMNS[id].label}
          </label>
        ))}
      </div>
    </details>
  );
}

function NavigationRow({ navigation, span }: { navigation: Navigation; span: number }) {
  return (
    <tr class="navigation" data-kind="navigation">
      <td colSpan={span}>
        Navigated to {navigation.url} at {formatClock(navigation.t)}
      </td>
    </tr>
  );
}

function shortFrame(url: string): string {
  if (url.startsWith('about:') || url.startsWith('blob:') || url.startsWith('data:')) return url.slice(0, 40);
  return urlParts(url).path;
}

/** Connections and navigation markers in capture order (a connection's place is its create record's seq). */
function interleave(connections: Connection[], navigations: Navigation[]): (Connection | Navigation)[] {
  if (navigations.length === 0) return connections;
  const seqOf = (item: Connection | Navigation) => ('id' in item ? (item.records[0]?.seq ?? 0) : item.seq);
  return [...connections, ...navigations].sort((a, b) => seqOf(a) - seqOf(b));
}
