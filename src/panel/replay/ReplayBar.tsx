/**
 * Above the messages of the one selected connection: "Replay connection"
 * (with its speed) or why it cannot be replayed, how far a replay has come,
 * and "Compare…" (the compare view), offered as "Compare with original" once
 * a replay has sent everything.
 */
import { useState } from 'preact/hooks';
import type { Connection } from '../../lib/session';
import { formatClock } from '../format';
import { usePanelStore } from '../store-context';
import { replayBlocker, type ReplaySpeed } from './replay-command';
import { latestReplayOf, replayProgress, type ReplayProgress } from './replay-progress';

const SPEEDS: { value: string; label: string }[] = [
  { value: '1', label: 'recorded timing' },
  { value: '2', label: '2× faster' },
  { value: '10', label: '10× faster' },
  { value: 'max', label: 'as fast as possible' },
];

const speedOf = (value: string): ReplaySpeed => (value === 'max' ? 'max' : Number(value));

export function ReplayBar({ connection }: { connection: Connection }) {
  const store = usePanelStore();
  const { session, viewSource, compare, nameOf } = store;
  const [speed, setSpeed] = useState('1');
  const [busy, setBusy] = useState(false);
  // Connections change in place: reading the revision re-renders the bar as records come (signals skip equal props).
  void store.revision.value;
  const connections = session.value.connections;
  const live = viewSource.value.kind === 'live';
  const original = connection.replayOf ? connections.get(connection.replayOf) : undefined;
  const replay = connection.replayOf ? undefined : latestReplayOf(connections.values(), connection.id);
  const blocker = replayBlocker(connection, live);
  // The original is always the first side: the diff reads "before → after".
  const openCompare = (a: string, b?: string) => (compare.value = { a, b: b ? { kind: 'connection', conn: b } : null });

  return (
    <div class="replay-bar" role="group" aria-label="Replay and compare">
      {connection.replayOf && (
        <span class="badge replay" title={connection.replayOf}>
          replay of{' '}
          {original
            ? `${nameOf(original.id)} (opened ${formatClock(original.createdAt)})`
            : 'a connection no longer listed'}
        </span>
      )}
      {original && <Progress progress={replayProgress(original, connection)} />}
      {original && replayProgress(original, connection).ended && (
        <button type="button" onClick={() => openCompare(original.id, connection.id)}>
          Compare with original
        </button>
      )}
      {!connection.replayOf &&
        (blocker ? (
          <span class="replay-unavailable" role="note">
            {blocker}
          </span>
        ) : (
          <>
            <select aria-label="Replay speed" value={speed} onChange={(e) => setSpeed(e.currentTarget.value)}>
              {SPEEDS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
            <button
              type="button"
              disabled={busy}
              title="Open a new socket from the page to the same URL and send this connection's client frames again"
              onClick={async () => {
                setBusy(true);
                await store.replay(connection.id, speedOf(speed));
                setBusy(false);
              }}
            >
              Replay connection
            </button>
          </>
        ))}
      {replay && <Progress progress={replayProgress(connection, replay)} />}
      {replay && replayProgress(connection, replay).ended && (
        <button type="button" onClick={() => openCompare(connection.id, replay.id)}>
          Compare with replay
        </button>
      )}
      <button
        type="button"
        title="Compare this connection with another one, or with a log file"
        onClick={() => openCompare(connection.id)}
      >
        Compare…
      </button>
    </div>
  );
}

function Progress({ progress }: { progress: ReplayProgress }) {
  const { sent, expected, ended } = progress;
  return (
    <span class="replay-progress" role="status">
      {ended && sent >= expected
        ? `replay sent all ${expected} frames`
        : ended
          ? `replay ended after ${sent} of ${expected} frames`
          : `replaying: ${sent} of ${expected} frames sent`}
    </span>
  );
}
