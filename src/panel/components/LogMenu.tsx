import { useRef, useState } from 'preact/hooks';
import {
  LOG_FORMATS,
  chunksToBlob,
  connectionRecords,
  connectionSnippet,
  importLogFile,
  LOG_FILE_ACCEPT,
  logChunks,
  logFileName,
  recordsWithLifecycle,
  sessionRecords,
  type LogFormat,
} from '../../lib/logs';
import type { SessionRecord } from '../../protocol/schema';
import { copyText } from '../detail/clipboard';
import { redactForExport } from '../../lib/redact/redact';
import { usePanelStore } from '../store-context';

type Scope = 'session' | 'selected' | 'shown';

/**
 * Export (HAR, our JSON, NDJSON, text) of the whole session, the selected
 * connections or the frames the filter shows; import of our JSON or any HAR as
 * a read-only view; a connection copied as a runnable script.
 */
export function LogMenu({ shown }: { shown: readonly SessionRecord[] }) {
  const [format, setFormat] = useState<LogFormat>('har');
  const [scope, setScope] = useState<Scope>('session');
  const [redact, setRedact] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const store = usePanelStore();
  const { selection } = store.view;
  const { session, tabStatus } = store;
  const source = store.viewSource.value;

  const exportLog = async () => {
    const current = session.value;
    const picked =
      scope === 'session'
        ? sessionRecords(current)
        : scope === 'selected'
          ? connectionRecords(current, selection.value)
          : recordsWithLifecycle(current, shown);
    const top = [...current.connections.values()].find((c) => c.frameId === 0);
    const meta = {
      pageUrl: top?.frameUrl,
      exportedAt: Date.now(),
      droppedByConnection: tabStatus.value?.droppedByConnection,
      navigations: tabStatus.value?.navigations,
    };
    // Redaction masks secrets in the records before any format is written (src/lib/redact).
    const out = redact ? redactForExport(picked, meta) : { records: picked, meta };
    const blob = await chunksToBlob(logChunks(format, out.records, out.meta), LOG_FORMATS[format].mimeType);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = logFileName(format, meta);
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    const frames = picked.filter((r) => r.kind === 'frame').length;
    const masked = 'report' in out ? `, ${out.report.masked} secret${out.report.masked === 1 ? '' : 's'} masked` : '';
    setMessage({
      error: false,
      text: `Exported ${frames} frame${frames === 1 ? '' : 's'} as ${link.download}${masked}`,
    });
  };

  const importLog = async (file: File | undefined) => {
    if (!file) return;
    const result = await importLogFile(file);
    if (fileInput.current) fileInput.current.value = '';
    if (!result.ok) {
      // The live session is untouched: nothing was applied.
      setMessage({ error: true, text: `Could not import ${file.name}: ${result.error}` });
      return;
    }
    store.showImported(file.name, result.records, result.warnings);
    setMessage(result.warnings.length ? { error: false, text: result.warnings.join(' ') } : null);
  };

  const copySnippet = async () => {
    const [id] = selection.value;
    const connection = id === undefined ? undefined : session.value.connections.get(id);
    if (!connection) return;
    const ok = await copyText(connectionSnippet(connection));
    setMessage({ error: !ok, text: ok ? 'Copied the connection as JavaScript' : 'Copy failed' });
  };

  return (
    <div class="log-menu" role="group" aria-label="Session log">
      <select aria-label="Export format" value={format} onChange={(e) => setFormat(e.currentTarget.value as LogFormat)}>
        {(Object.keys(LOG_FORMATS) as LogFormat[]).map((key) => (
          <option value={key}>{LOG_FORMATS[key].label}</option>
        ))}
      </select>
      <select aria-label="Export scope" value={scope} onChange={(e) => setScope(e.currentTarget.value as Scope)}>
        <option value="session">Whole session</option>
        <option value="selected">Selected connections</option>
        <option value="shown">Frames the filter shows</option>
      </select>
      <label title="Mask cookies, authorization headers, tokens in URLs, JWTs, secret JSON fields and e-mails, keeping sizes">
        <input type="checkbox" checked={redact} onChange={(e) => setRedact(e.currentTarget.checked)} /> Redact secrets
      </label>
      <button type="button" onClick={() => void exportLog()}>
        Export
      </button>
      <button type="button" onClick={() => fileInput.current?.click()}>
        Import…
      </button>
      <input
        ref={fileInput}
        type="file"
        accept={LOG_FILE_ACCEPT}
        aria-label="Import log file"
        hidden
        onChange={(e) => void importLog(e.currentTarget.files?.[0])}
      />
      <button type="button" disabled={selection.value.size !== 1} onClick={() => void copySnippet()}>
        Copy as JavaScript
      </button>
      {source.kind === 'import' && (
        <span class="imported" role="status" aria-label="Imported log">
          Viewing {source.name} (read-only){' '}
          <button
            type="button"
            onClick={() => {
              store.leaveImported();
              setMessage(null);
            }}
          >
            Back to live
          </button>
        </span>
      )}
      {message && (
        <span
          class={message.error ? 'error' : 'note'}
          role={message.error ? 'alert' : 'status'}
          aria-label="Log message"
        >
          {message.text}
        </span>
      )}
    </div>
  );
}
