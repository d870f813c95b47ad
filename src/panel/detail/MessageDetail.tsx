/**
 * The detail of one frame: a header (direction, time, size, type, the
 * truncation notice), copy and close buttons, and the payload as tabs —
 * JSON tree and raw text for text frames; hex dump, base64 and UTF-8 (and
 * JSON when the bytes are UTF-8 JSON) for binary ones — plus the
 * connection's initiator stack. A search box finds text in the text views.
 *
 *   record ──payloadOf (decoded once, lazily)──▶ views ──▶ JsonTree | LongText | HexView
 *
 * Self-contained: the caller renders it with the selected frame and closes it
 * (Esc is the caller's to handle).
 */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { formatClock } from '../format';
import { copyText } from './clipboard';
import { directionText, sizeText, truncationNotice } from './header-text';
import { HexView } from './HexView';
import { JsonTree } from './JsonTree';
import { LongText, type TextSearch } from './LongText';
import { InitiatorStack } from './InitiatorStack';
import { DecodedView } from './DecodedView';
import type { DecodedFrame } from '../../lib/decoders/connection-decoding';
import { findAll, MAX_MATCHES, stepMatch } from './find';
import { payloadOf, VIEWS, type FrameRecordOfSession, type Payload, type ViewId } from './payload';

export type { FrameRecordOfSession } from './payload';

/** How long "Copied" stays up. */
const STATUS_MS = 1500;

interface Props {
  record: FrameRecordOfSession;
  onClose(): void;
  /** The caller's buttons for this frame (Resend, Edit & resend), shown in the header. */
  actions?: ComponentChildren;
  /** The page's stack where the frame's socket was created, for the Initiator tab. */
  initiator?: string;
  /** What the connection's protocol decoder read of the frame, for the Decoded tab, with the decoder's label. */
  decoded?: { result: DecodedFrame; protocol: string; onJump(seq: number): void };
}

type TabId = ViewId | 'initiator' | 'decoded';
const TAB_LABELS: Record<TabId, string> = {
  decoded: 'Decoded',
  json: VIEWS.json.label,
  text: VIEWS.text.label,
  hex: VIEWS.hex.label,
  base64: VIEWS.base64.label,
  utf8: VIEWS.utf8.label,
  initiator: 'Initiator',
};
/** Where a search goes from a view that cannot mark text (the JSON tree, the hex dump). */
const SEARCHED_IN: Partial<Record<TabId, ViewId>> = { json: 'text', hex: 'utf8', decoded: 'text' };

/** The text a searchable view shows. */
function viewText(payload: Payload, view: TabId): string | null {
  if (view === 'base64') return payload.base64;
  if (view === 'text' || view === 'utf8') return payload.utf8.text;
  return null;
}

export function MessageDetail({ record, onClose, actions, initiator, decoded }: Props) {
  const payload = payloadOf(record);
  const views: TabId[] = [
    ...(decoded ? (['decoded'] as const) : []),
    ...payload.views,
    ...(initiator === undefined ? [] : (['initiator'] as const)),
  ];
  // The tab the user picked last; kept while they step through messages that offer it.
  const [picked, setPicked] = useState<TabId | null>(null);
  const view = picked && views.includes(picked) ? picked : views[0]!;
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState(0);
  const searched = viewText(payload, view);
  const matches = useMemo(() => (searched === null ? [] : findAll(searched, query)), [searched, query]);
  const search: TextSearch | undefined = query ? { matches, length: query.length, current } : undefined;
  useEffect(() => setCurrent(0), [query, record]);
  const { status, copy } = useCopy();
  const id = useId();
  const tabId = (v: TabId) => `${id}-tab-${v}`;

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
              {TAB_LABELS[v]}
            </button>
          ))}
        </div>
        {view !== 'initiator' && view !== 'decoded' && (
          <>
            <input
              type="search"
              class="detail-search"
              aria-label="Find in payload"
              placeholder="Find in payload"
              value={query}
              onInput={(e) => {
                setQuery(e.currentTarget.value);
                const to = SEARCHED_IN[view];
                if (to && views.includes(to)) setPicked(to);
              }}
              onKeyDown={(e) => {
                if (e.key !== 'Enter') return;
                e.preventDefault();
                setCurrent(stepMatch(current, matches.length, e.shiftKey));
              }}
            />
            {query && (
              <span class="detail-muted" role="status" aria-label="Payload matches">
                {matches.length === 0
                  ? 'No match'
                  : `${current + 1} of ${matches.length.toLocaleString('en-US')}${matches.length === MAX_MATCHES ? '+' : ''}`}
              </span>
            )}
            <button type="button" onClick={() => copy(payload.viewCopyText(view))}>
              {VIEWS[view].copyLabel}
            </button>
          </>
        )}
      </div>
      <div class="detail-body" role="tabpanel" id={`${id}-panel`} aria-labelledby={tabId(view)}>
        {/* Keyed by record and view: tree expansion, paging and scroll start over for each. */}
        {view === 'initiator' ? (
          <InitiatorStack stack={initiator ?? ''} />
        ) : view === 'decoded' ? (
          <DecodedView
            key={payload.id}
            decoded={decoded!.result}
            protocol={decoded!.protocol}
            onJump={decoded!.onJump}
            onCopy={copy}
          />
        ) : (
          <ViewBody key={`${payload.id}-${view}`} payload={payload} view={view} onCopy={copy} search={search} />
        )}
      </div>
    </div>
  );
}

interface ViewBodyProps {
  payload: Payload;
  view: ViewId;
  onCopy: (text: string) => void;
  search: TextSearch | undefined;
}

function ViewBody({ payload, view, onCopy, search }: ViewBodyProps) {
  switch (view) {
    case 'json':
      return <JsonTree value={payload.json!} onCopy={onCopy} />;
    case 'text':
      return <LongText text={payload.utf8.text} name="text" search={search} />;
    case 'hex':
      return <HexView bytes={payload.bytes} />;
    case 'base64':
      return <LongText text={payload.base64} name="base64" search={search} />;
    case 'utf8':
      return (
        <>
          {!payload.utf8.valid && (
            <p class="detail-notice" role="note">
              Not valid UTF-8: invalid bytes are shown as �
            </p>
          )}
          <LongText text={payload.utf8.text} name="UTF-8 text" search={search} />
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
