import type { Connection } from '../../lib/session';
import type { SessionRecord } from '../../protocol/schema';
import { formatClock, formatSize, framePreview, lifecycleText } from '../format';

/** The selected connection's timeline: frames and lifecycle steps in capture order. */
export function MessageList({ connection, dropped }: { connection: Connection | undefined; dropped: number }) {
  if (!connection) return <p class="empty">Select a connection to see its messages.</p>;
  return (
    <table class="grid messages" aria-label="Messages">
      <thead>
        <tr>
          <th scope="col" class="dir">
            Dir
          </th>
          <th scope="col">Time</th>
          <th scope="col">Size</th>
          <th scope="col">Data</th>
        </tr>
      </thead>
      <tbody>
        {dropped > 0 && (
          <tr class="dropped-marker" data-kind="dropped">
            <td class="dir">…</td>
            <td />
            <td />
            <td class="data">
              {dropped} earlier frame{dropped === 1 ? '' : 's'} dropped to stay within the per-tab budget
            </td>
          </tr>
        )}
        {connection.records.map((record) => (
          <MessageRow key={record.seq} record={record} />
        ))}
      </tbody>
    </table>
  );
}

function MessageRow({ record }: { record: SessionRecord }) {
  if (record.kind !== 'frame') {
    return (
      <tr class={`lifecycle lifecycle-${record.kind}`} data-kind={record.kind}>
        <td class="dir">•</td>
        <td class="time">{formatClock(record.t)}</td>
        <td />
        <td class="data">{lifecycleText(record)}</td>
      </tr>
    );
  }
  return (
    <tr
      class={`frame ${record.dir}`}
      data-kind="frame"
      data-dir={record.dir}
      data-type={record.type}
      data-size={record.size}
    >
      <td class="dir" aria-label={record.dir}>
        {record.dir === 'sent' ? '↑' : '↓'}
      </td>
      <td class="time">{formatClock(record.t)}</td>
      <td class="num">{formatSize(record.size)}</td>
      <td class="data">
        {record.type === 'binary' && <span class="badge">bin</span>}
        {framePreview(record)}
        {record.truncated && (
          <span class="badge" title="Only the first part of this payload was captured">
            cut
          </span>
        )}
      </td>
    </tr>
  );
}
