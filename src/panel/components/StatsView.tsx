/**
 * Statistics of what the message list shows (the selected connections, through
 * the filter): frames and bytes per second, message kinds and names with
 * counts, bytes, rates and reply latencies, and heartbeat intervals.
 */
import { useMemo } from 'preact/hooks';
import { sessionStats } from '../../lib/stats';
import type { SessionRecord } from '../../protocol/schema';
import type { PanelDecoding } from '../decoding';
import { formatDelta, formatSize, plural } from '../format';
import { RateChart } from './RateChart';

interface Props {
  rows: readonly SessionRecord[];
  /** Changes whenever rows or their decoding changed (rows are appended in place). */
  version: string;
  decoding: PanelDecoding;
}

const ms = (value: number | undefined) => (value === undefined ? '' : formatDelta(value));
const rate = (perSecond: number) => (perSecond >= 10 ? perSecond.toFixed(0) : perSecond.toFixed(2));

export function StatsView({ rows, version, decoding }: Props) {
  const stats = useMemo(() => sessionStats(rows, decoding.messages), [version]);
  if (stats.frames === 0) return <p class="empty">No frames to count: select a connection, or change the filter.</p>;
  return (
    <div class="stats" aria-label="Statistics">
      <p class="stats-summary">
        {plural(stats.frames, 'frame')} · {formatSize(stats.bytes)} over {formatDelta(stats.durationMs)}
      </p>
      <RateChart rates={stats.rates} unit="frames" />
      <RateChart rates={stats.rates} unit="bytes" />
      {stats.names.length > 0 && (
        <table class="grid stats-table" aria-label="Messages by name">
          <thead>
            <tr>
              <th scope="col">Protocol</th>
              <th scope="col">Kind</th>
              <th scope="col">Name</th>
              <th scope="col" class="num">
                Count
              </th>
              <th scope="col" class="num">
                Bytes
              </th>
              <th scope="col" class="num">
                Per s
              </th>
              <th scope="col" class="num" title="Reply latency, median">
                p50
              </th>
              <th scope="col" class="num">
                p95
              </th>
              <th scope="col" class="num">
                p99
              </th>
              <th scope="col" class="num" title="Requests without a reply: still waiting, or never answered">
                No reply
              </th>
            </tr>
          </thead>
          <tbody>
            {stats.names.slice(0, 500).map((row) => (
              <tr key={`${row.protocol} ${row.kind} ${row.name}`}>
                <td>{row.protocol}</td>
                <td>{row.kind}</td>
                <td>{row.name}</td>
                <td class="num">{row.count.toLocaleString('en-US')}</td>
                <td class="num">{formatSize(row.bytes)}</td>
                <td class="num">{rate(row.perSecond)}</td>
                <td class="num">{ms(row.latency?.p50)}</td>
                <td class="num">{ms(row.latency?.p95)}</td>
                <td class="num">{ms(row.latency?.p99)}</td>
                <td class="num">{row.unanswered || ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {stats.heartbeats.length > 0 && (
        <table class="grid stats-table" aria-label="Control messages">
          <thead>
            <tr>
              <th scope="col">Control message</th>
              <th scope="col">Direction</th>
              <th scope="col" class="num">
                Count
              </th>
              <th scope="col" class="num">
                Mean interval
              </th>
              <th scope="col" class="num">
                Longest
              </th>
            </tr>
          </thead>
          <tbody>
            {stats.heartbeats.map((beat) => (
              <tr key={`${beat.protocol} ${beat.kind} ${beat.dir}`}>
                <td>
                  {beat.protocol} {beat.kind}
                </td>
                <td>{beat.dir}</td>
                <td class="num">{beat.count.toLocaleString('en-US')}</td>
                <td class="num">{beat.count > 1 ? ms(beat.meanIntervalMs) : ''}</td>
                <td class="num">{beat.count > 1 ? ms(beat.maxIntervalMs) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
