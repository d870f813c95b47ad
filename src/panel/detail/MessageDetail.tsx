/**
 * The detail of one frame: a header (direction, time, size, type, the
 * truncation notice), copy and close buttons, and the payload as tabs —
 * JSON tree and raw text for text frames; hex dump, base64 and UTF-8 (and
 * JSON when the bytes are UTF-8 JSON) for binary ones.
 *
 *   record ──payloadOf (decoded once, lazily)──▶ views ──▶ JsonTree | LongText | HexView
 *
 * Self-contained: the caller renders it with the selected frame and closes it
 * (Esc is the caller's to handle).
 */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useId, useRef, useState } from 'preact/hooks';
import { formatClock } from '../format';
import { copyText } from './clipboard';
import { directionText, sizeText, truncationNotice } from './header-text';
import { HexView } from './HexView';
import { JsonTree } from './JsonTree';
import { LongText } from './LongText';
import { payloadOf, VIEWS, type FrameRecordOfSession, type Payload, type ViewId } from './payload';

export type { FrameRecordOfSession } from './payload';

/** How long "Copied" stays up. */
const STATUS_MS = 1500;

interface Props {
  record: FrameRecordOfSession;
  onClose(): void;
  /** The caller's buttons for this frame (Resend, Edit & resend), shown in the header. */
  actions?: ComponentChildren;
}

export function MessageDetail({ record, onClose, actions }: Props) {
  const payload = payloadOf(record);
  const views = payload.views;
  // The tab the user picked last; kept while they step through messages that offer it.
  const [picked, setPicked] = useState<ViewId | null>(null);
  const view = picked && views.includes(picked) ? picked : views[0]!;
  const { status, copy } = useCopy();
  const id = useId();
  const tabId = (v: ViewId) => `${id}-tab-${v}`;

  const onTabKey = (event: KeyboardEvent) => {
    const index = views.indexOf(view);
    const last = views.length - 1;
    const targets: Record<string, number> = {
      ArrowRight: index === last ? 0 : index + 1,
      ArrowLeft: index === 0 ? last : index - 1,
      Home: 0,
      End: last,
    };
    const next = targets[event.key];
    if (next === undefined) return;
    event.preventDefault();
    setPicked(views[next]!);
    (event.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('[role="tab"]')[next]?.focus();
  };

  return (
    // No landmark of its own: the caller's pane is the "Message detail" region.
    <div class="detail" data-type={record.type} data-view={view}>
      <header class="detail-header">
        <dl class="detail-meta">
          <div>
            <dt>Direction</dt>
            <dd class={`detail-dir ${record.dir}`}>{directionText(record.dir)}</dd>
          </div>
          <div>
            <dt>Time</dt>
            <dd>
              <time dateTime={new Date(record.t).toISOString()} title={new Date(record.t).toString()}>
                {formatClock(record.t)}
              </time>
            </dd>
          </div>
          <div>
            <dt>Size</dt>
            <dd>{sizeText(record.size)}</dd>
          </div>
          <div>
            <dt>Type</dt>
            <dd>{record.type}</dd>
          </div>
        </dl>
        <span class="detail-status" role="status">
          {status}
        </span>
        {actions}
        <button
          type="button"
          title={payload.isBinary ? 'Copy the payload as base64' : 'Copy the payload as text'}
          onClick={() => copy(payload.copyText)}
        >
          Copy payload
        </button>
        <button type="button" class="detail-close" aria-label="Close detail" title="Close (Esc)" onClick={onClose}>
          ×
        </button>
      </header>
      {record.truncated && (
        <p class="detail-notice" role="note">
          {truncationNotice(payload.capturedBytes, record.size)}
        </p>
      )}
      <div class="detail-bar">
        <div role="tablist" aria-label="Payload views" onKeyDown={onTabKey}>
          {views.map((v) => (
            <button
              type="button"
              role="tab"
              key={v}
              id={tabId(v)}
              aria-selected={v === view}
              aria-controls={`${id}-panel`}
              tabIndex={v === view ? 0 : -1}
              onClick={() => setPicked(v)}
            >
              {VIEWS[v].label}
            </button>
          ))}
        </div>
        <button type="button" onClick={() => copy(payload.viewCopyText(view))}>
          {VIEWS[view].copyLabel}
        </button>
      </div>
      <div class="detail-body" role="tabpanel" id={`${id}-panel`} aria-labelledby={tabId(view)}>
        {/* Keyed by record and view: tree expansion, paging and scroll start over for each. */}
        <ViewBody key={`${payload.id}-${view}`} payload={payload} view={view} onCopy={copy} />
      </div>
    </div>
  );
}

function ViewBody({ payload, view, onCopy }: { payload: Payload; view: ViewId; onCopy: (text: string) => void }) {
  switch (view) {
    case 'json':
      return <JsonTree value={payload.json!} onCopy={onCopy} />;
    case 'text':
      return <LongText text={payload.record.data} name="text" />;
    case 'hex':
      return <HexView bytes={payload.bytes} />;
    case 'base64':
      return <LongText text={payload.record.data} name="base64" />;
    case 'utf8':
      return (
        <>
          {!payload.utf8.valid && (
            <p class="detail-notice" role="note">
              Not valid UTF-8: invalid bytes are shown as �
            </p>
          )}
          <LongText text={payload.utf8.text} name="UTF-8 text" />
        </>
      );
  }
}

/** Copies, then says so for a moment in a live region. */
function useCopy() {
  const [status, setStatus] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = useCallback(async (text: string) => {
    const ok = await copyText(text);
    setStatus(ok ? 'Copied' : 'Copy failed');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setStatus(''), STATUS_MS);
  }, []);
  return { status, copy };
}
