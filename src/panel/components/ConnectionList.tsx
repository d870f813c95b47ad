import type { Connection } from '../../lib/session';
import type { Navigation } from '../../protocol/messages';
import { duration, visibleConnections, type SortKey } from '../connections';
import { formatClock, formatDuration, formatSize, stateLabel, urlParts } from '../format';
import { usePanelStore } from '../store-context';
import { connectionView, selectOnly, selection, toggleSelected } from '../view-state';

const COLUMNS: { key: SortKey | null; label: string; title?: string }[] = [
  { key: 'url', label: 'URL' },
  { key: null, label: 'Frame' },
  { key: 'state', label: 'State' },
  { key: null, label: 'Protocol' },
  { key: 'created', label: 'Opened' },
  { key: 'duration', label: 'Duration' },
  { key: 'frames', label: 'Frames ↑/↓', title: 'frames sent / received' },
  { key: 'bytes', label: 'Bytes ↑/↓', title: 'bytes sent / received' },
  { key: null, label: 'Close' },
];

/**
 * Every socket of the inspected tab, with navigation markers between pages.
 * Click selects one connection; Ctrl/Cmd-click adds or removes one, and the
 * messages of all selected connections are merged.
 */
export function ConnectionList() {
  const { revision, session, tabStatus } = usePanelStore();
  // Connections are mutated in place: the revision (passed down) is what tells rows to re-render.
  const rev = revision.value;
  const view = connectionView.value;
  const now = Date.now();
  const connections = visibleConnections(session.value.connections.values(), view, now);
  const navigations = view.sort === 'created' && !view.descending ? (tabStatus.value?.navigations ?? []) : [];
  const sortBy = (key: SortKey) =>
    (connectionView.value = { ...view, sort: key, descending: view.sort === key ? !view.descending : false });

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
        <label>
          <input
            type="checkbox"
            checked={view.hideClosed}
            onChange={(e) => (connectionView.value = { ...view, hideClosed: e.currentTarget.checked })}
          />
          Hide closed
        </label>
      </div>
      {session.value.connections.size === 0 ? (
        <p class="empty">No WebSocket yet. Sockets the page opens appear here as they are created.</p>
      ) : (
        <table class="grid connections" aria-label="Connections" aria-multiselectable="true">
          <thead>
            <tr>
              {COLUMNS.map(({ key, label, title }) => (
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
              ))}
            </tr>
          </thead>
          <tbody>
            {interleave(connections, navigations).map((item) =>
              'id' in item ? (
                <ConnectionRow key={item.id} c={item} now={now} rev={rev} />
              ) : (
                <NavigationRow key={`nav-${item.seq}`} navigation={item} />
              ),
            )}
          </tbody>
        </table>
      )}
    </div>
  );
}

function ConnectionRow({ c, now }: { c: Connection; now: number; rev: number }) {
  const state = stateLabel(c);
  const { path, host } = urlParts(c.url);
  const unclean = c.close && !c.close.wasClean;
  return (
    <tr
      aria-selected={selection.value.has(c.id)}
      data-connection={c.id}
      data-state={state}
      onClick={(e) => (e.ctrlKey || e.metaKey ? toggleSelected(c.id) : selectOnly(c.id))}
      title={`${c.url}\nframe: ${c.frameUrl}${c.stack ? `\ncreated at:\n${c.stack}` : ''}`}
    >
      <td class="url">
        {path} <span class="host">{host}</span>
      </td>
      <td class="frame">{c.frameId === 0 ? 'top' : <span class="badge">iframe {shortFrame(c.frameUrl)}</span>}</td>
      <td>
        <span class={`state state-${state}${unclean ? ' unclean' : ''}`}>{state}</span>
      </td>
      <td>{[c.protocol, c.extensions].filter(Boolean).join('; ')}</td>
      <td class="time">{formatClock(c.createdAt)}</td>
      <td class="num">{c.openedAt === undefined ? '' : formatDuration(duration(c, now))}</td>
      <td class="num frames">
        {c.sent.count} / {c.received.count}
      </td>
      <td class="num bytes">
        {formatSize(c.sent.bytes)} / {formatSize(c.received.bytes)}
      </td>
      <td class="close-info">{c.close ? `${c.close.code}${c.close.reason ? ` ${c.close.reason}` : ''}` : ''}</td>
    </tr>
  );
}

function NavigationRow({ navigation }: { navigation: Navigation }) {
  return (
    <tr class="navigation" data-kind="navigation">
      <td colSpan={COLUMNS.length}>
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
