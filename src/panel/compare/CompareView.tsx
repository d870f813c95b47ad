/**
 * Two connections compared, in place of the message list: the selected one
 * (a) with another connection of the view or one from a log file imported for
 * the comparison (b). Frames are aligned by the session diff of
 * `websocket-lens diff` (lib/diff): added, removed and changed frames, with a
 * JSON leaf diff for changed payloads. Ignore rules are edited here.
 */
import { useMemo, useRef, useState } from 'preact/hooks';
import { changeLine, frameName, type FrameDiff } from '../../lib/diff';
import { importLogFile, LOG_FILE_ACCEPT } from '../../lib/logs';
import type { Connection } from '../../lib/session';
import type { SessionRecord } from '../../protocol/schema';
import { formatClock } from '../format';
import { usePanelStore } from '../store-context';
import type { CompareTarget } from '../store';
import { compareConnections, diffRows, fileConnections, NO_IGNORE, recordsOf, type IgnoreText } from './compare-model';

const FILE_PREFIX = 'file:';

export function CompareView() {
  const store = usePanelStore();
  const { compare, session, nameOf } = store;
  const state = compare.value;
  const [ignore, setIgnore] = useState<IgnoreText>(NO_IGNORE);
  const [fileError, setFileError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  void store.revision.value; // live records: the comparison follows them
  if (!state) return null;
  const connections = session.value.connections;
  const a = connections.get(state.a);
  if (!a) return null;
  const label = (c: Connection) => `${nameOf(c.id)} (opened ${formatClock(c.createdAt)})${c.replayOf ? ' replay' : ''}`;
  const others = [...connections.values()].filter((c) => c.id !== a.id && !c.readOnly);
  const b = state.b;
  const bRecords: SessionRecord[] | null = !b
    ? null
    : b.kind === 'connection'
      ? (connections.get(b.conn)?.records ?? null)
      : recordsOf(b.records, b.conn);
  const setTarget = (target: CompareTarget | null) => (compare.value = { a: a.id, b: target });

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    const result = await importLogFile(file);
    if (fileInput.current) fileInput.current.value = '';
    if (!result.ok) return setFileError(`Could not read ${file.name}: ${result.error}`);
    const choices = fileConnections(result.records, a.url);
    if (!choices.length) return setFileError(`${file.name} holds no connection to compare with.`);
    setFileError(null);
    setTarget({ kind: 'file', name: file.name, records: result.records, conn: choices[0]!.conn });
  };

  const bValue = !b ? '' : b.kind === 'connection' ? b.conn : `${FILE_PREFIX}${b.conn}`;
  return (
    <section class="compare-view" aria-label="Compare connections">
      <div class="compare-head">
        <strong>Compare</strong> {label(a)} <span class="muted">with</span>{' '}
        <select
          aria-label="Compare with"
          value={bValue}
          onChange={(e) => {
            const value = e.currentTarget.value;
            if (!value) return setTarget(null);
            if (value.startsWith(FILE_PREFIX) && b?.kind === 'file')
              return setTarget({ ...b, conn: value.slice(FILE_PREFIX.length) });
            setTarget({ kind: 'connection', conn: value });
          }}
        >
          <option value="">choose a connection…</option>
          {others.map((c) => (
            <option key={c.id} value={c.id}>
              {label(c)}
            </option>
          ))}
          {b?.kind === 'file' &&
            fileConnections(b.records, a.url).map((c) => (
              <option key={c.conn} value={`${FILE_PREFIX}${c.conn}`}>
                {b.name}: {c.url} ({c.conn})
              </option>
            ))}
        </select>{' '}
        <button type="button" onClick={() => fileInput.current?.click()}>
          Import a log to compare…
        </button>
        <input
          ref={fileInput}
          type="file"
          hidden
          aria-label="Log file to compare with"
          accept={LOG_FILE_ACCEPT}
          onChange={(e) => void importFile(e.currentTarget.files?.[0])}
        />{' '}
        <button type="button" onClick={() => (compare.value = null)}>
          Close compare
        </button>
      </div>
      <IgnoreEditor value={ignore} onChange={setIgnore} />
      {fileError && (
        <p class="error" role="alert">
          {fileError}
        </p>
      )}
      {bRecords ? (
        // Records arrive into the same arrays: their lengths tell the result to render again.
        <CompareResultView
          a={a.records}
          b={bRecords}
          ignore={ignore}
          version={`${a.records.length}:${bRecords.length}`}
        />
      ) : (
        <p class="empty">Choose the connection to compare with, or import a log file.</p>
      )}
    </section>
  );
}

function IgnoreEditor({ value, onChange }: { value: IgnoreText; onChange(next: IgnoreText): void }) {
  return (
    <details class="compare-ignore">
      <summary>Ignore rules</summary>
      <label>
        JSON paths to skip, one a line (<code>$.ts</code>, <code>$..id</code>)
        <textarea
          aria-label="Ignored JSON paths"
          rows={2}
          value={value.paths}
          onChange={(e) => onChange({ ...value, paths: e.currentTarget.value })}
        />
      </label>
      <label>
        Regular expressions whose matches are blanked, one a line
        <textarea
          aria-label="Ignored regular expressions"
          rows={2}
          value={value.regexes}
          onChange={(e) => onChange({ ...value, regexes: e.currentTarget.value })}
        />
      </label>
      <label>
        <input
          type="checkbox"
          checked={value.volatile}
          onChange={(e) => onChange({ ...value, volatile: e.currentTarget.checked })}
        />
        Ignore volatile values (ISO times, epoch milliseconds, UUIDs)
      </label>
    </details>
  );
}

function CompareResultView({
  a,
  b,
  ignore,
  version,
}: {
  a: readonly SessionRecord[];
  b: readonly SessionRecord[];
  ignore: IgnoreText;
  /** Changes when either side has more records (they arrive into the same arrays). */
  version: string;
}) {
  // Recomputed only when either side has more records or the rules change, not on every render.
  const result = useMemo(() => compareConnections(a, b, ignore), [a, b, ignore, version]);
  if (!result.ok)
    return (
      <p class="error" role="alert">
        Ignore rules: {result.error}
      </p>
    );
  const { diff } = result;
  const { rows, more } = diffRows(diff);
  const { counts } = diff;
  return (
    <div class="compare-result">
      <p class="compare-summary" role="status">
        {diff.status === 'same'
          ? `Same: ${counts.same} frames match`
          : `${counts.changed} changed, ${counts.added} added, ${counts.removed} removed, ${counts.same} same`}
        {diff.close && ` · close: ${diff.close.a} → ${diff.close.b}`}
      </p>
      <ol class="compare-rows" aria-label="Differences">
        {rows.map((row) => (
          <DiffRow key={rowKey(row)} row={row} />
        ))}
      </ol>
      {more > 0 && <p class="muted">{more} more differences not shown (narrow them with ignore rules).</p>}
    </div>
  );
}

const rowKey = (row: FrameDiff) =>
  row.op === 'added' ? `+${row.b.seq}` : row.op === 'removed' ? `-${row.a.seq}` : `~${row.a.seq}:${row.b.seq}`;

function DiffRow({ row }: { row: FrameDiff }) {
  switch (row.op) {
    case 'removed':
      return (
        <li class="diff-row removed">
          − frame {frameName(row.a)} only in the first: <code>{row.a.preview}</code>
        </li>
      );
    case 'added':
      return (
        <li class="diff-row added">
          + frame {frameName(row.b)} only in the second: <code>{row.b.preview}</code>
        </li>
      );
    case 'changed':
      return (
        <li class="diff-row changed">
          ~ frame {frameName(row.a)}
          {row.a.index !== row.b.index && ` (#${row.b.index} in the second)`} changed
          <ul>
            {row.changes.map((change, i) => (
              <li key={i}>
                <code>{changeLine(change)}</code>
              </li>
            ))}
          </ul>
        </li>
      );
  }
}
