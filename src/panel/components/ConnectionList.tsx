import type { Connection } from '../../lib/session';
import type { Navigation } from '../../protocol/messages';
import { formatClock } from '../format';
import { formatSize, stateLabel, urlParts } from '../format';

interface Props {
  connections: Connection[];
  /** Navigation markers (Preserve log), shown between the connections of each page. */
  navigations: Navigation[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}

/** Every socket of the inspected tab, in creation order. */
export function ConnectionList({ connections, navigations, selectedId, onSelect }: Props) {
  if (connections.length === 0 && navigations.length === 0) {
    return <p class="empty">No WebSocket yet. Sockets the page opens appear here as they are created.</p>;
  }
  return (
    <table class="grid connections" aria-label="Connections">
      <thead>
        <tr>
          <th scope="col">URL</th>
          <th scope="col">State</th>
          <th scope="col" title="frames sent / received">
            Frames ↑/↓
          </th>
          <th scope="col">Bytes ↑/↓</th>
          <th scope="col">Close</th>
        </tr>
      </thead>
      <tbody>
        {interleave(connections, navigations).map((item) => {
          if ('url' in item && !('id' in item)) {
            return (
              <tr key={`nav-${item.seq}`} class="navigation" data-kind="navigation">
                <td colSpan={5}>
                  Navigated to {item.url} at {formatClock(item.t)}
                </td>
              </tr>
            );
          }
          const c = item as Connection;
          const state = stateLabel(c);
          return (
            <tr
              key={c.id}
              aria-selected={c.id === selectedId}
              data-connection={c.id}
              data-state={state}
              onClick={() => onSelect(c.id)}
              title={`${c.url}\nframe: ${c.frameUrl}`}
            >
              <td class="url">
                {urlParts(c.url).path} <span class="host">{urlParts(c.url).host}</span>
                {c.frameId !== 0 && (
                  <span class="badge" title={c.frameUrl}>
                    iframe
                  </span>
                )}
              </td>
              <td>
                <span class={`state state-${state}`}>{state}</span>
              </td>
              <td class="num">
                {c.sent.count} / {c.received.count}
              </td>
              <td class="num">
                {formatSize(c.sent.bytes)} / {formatSize(c.received.bytes)}
              </td>
              <td class="close-info">
                {c.close ? `${c.close.code}${c.close.reason ? ` ${c.close.reason}` : ''}` : ''}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Connections and navigation markers in capture order (a connection's place is its create record's seq). */
function interleave(connections: Connection[], navigations: Navigation[]): (Connection | Navigation)[] {
  const seqOf = (item: Connection | Navigation) => ('id' in item ? (item.records[0]?.seq ?? 0) : item.seq);
  return [...connections, ...navigations].sort((a, b) => seqOf(a) - seqOf(b));
}
