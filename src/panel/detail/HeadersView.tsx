/**
 * A connection's opening handshake, as DevTools' Network panel shows a
 * request: General (URL, method, status or why it failed, timing), then the
 * response's and the request's headers as the browser reported them
 * (webRequest). A cut header says how long it really was; a handshake Chrome
 * reported without its Cookie, Origin… says so, and offers to always ask.
 */
import type { Connection } from '../../lib/session';
import type { Header, HandshakeRecord } from '../../protocol/handshake';
import { contextText, failureExplanation, handshakeOpened, statusText } from '../handshake-text';
import { formatClock } from '../format';
import { usePanelStore } from '../store-context';

export function HeadersView({ connection }: { connection: Connection }) {
  const handshake = connection.handshake;
  return (
    <div class="headers-view" role="region" aria-label="Handshake headers">
      <section aria-label="General">
        <h3>General</h3>
        <dl class="headers-list">
          <Row name="Request URL" value={connection.url} />
          {connection.worker && (
            <Row name="Opened by" value={`${connection.worker.type} worker ${connection.worker.url} (deep capture)`} />
          )}
          {handshake && <Row name="Request Method" value={handshake.method} />}
          {handshake && (
            <Row
              name="Status Code"
              value={handshake.status === 0 ? '(no response)' : statusText(handshake)}
              tone={handshakeOpened(handshake) ? 'ok' : 'error'}
            />
          )}
          {handshake && !handshakeOpened(handshake) && (
            <Row name="Failure" value={failureExplanation(handshake)} tone="error" />
          )}
          {connection.protocols.length > 0 && (
            <Row name="Requested subprotocols" value={connection.protocols.join(', ')} />
          )}
          {handshake && <Row name="Timing" value={timingText(handshake)} />}
          {connection.readOnly && (
            <Row
              name="Seen by"
              value={`the browser only: opened by ${contextText(handshake?.context ?? 'unknown')}; no frames are recorded`}
            />
          )}
        </dl>
      </section>
      {handshake ? (
        <>
          <HeaderSection
            title="Response Headers"
            headers={handshake.responseHeaders}
            total={handshake.responseHeaderCount}
          />
          <HeaderSection
            title="Request Headers"
            headers={handshake.requestHeaders}
            total={handshake.requestHeaderCount}
          />
          {handshake.hiddenHeaders && <HiddenHeadersNote />}
        </>
      ) : (
        <p class="empty">No handshake recorded for this socket yet: the browser reports it when the handshake ends.</p>
      )}
    </div>
  );
}

/**
 * Chrome reported this handshake without `extraHeaders`: asked for only while a
 * panel is open, or always (the setting), since it slows every handshake a little.
 */
function HiddenHeadersNote() {
  const store = usePanelStore();
  const live = store.viewSource.value.kind === 'live';
  const always = store.tabStatus.value?.settings.allHandshakeHeaders;
  return (
    <p class="detail-notice" role="note" aria-label="Hidden headers">
      Chrome left out Cookie, Origin and other request headers: no WebSocket Lens panel was open when this socket
      connected, and asking for them adds about 0.3 ms to every handshake. Reload the page to see them.{' '}
      {live &&
        (always ? (
          'Every handshake from now on has them.'
        ) : (
          <button type="button" onClick={() => void store.setAllHandshakeHeaders(true)}>
            Always ask Chrome for every header
          </button>
        ))}
    </p>
  );
}

function HeaderSection({ title, headers, total }: { title: string; headers: Header[]; total?: number }) {
  return (
    <section aria-label={title}>
      <h3>
        {title} <span class="host">({total ?? headers.length})</span>
      </h3>
      {total !== undefined && (
        <p class="detail-notice" role="note">
          Only the first {headers.length} of {total} headers were kept.
        </p>
      )}
      {headers.length === 0 ? (
        <p class="empty">None reported.</p>
      ) : (
        <dl class="headers-list">
          {headers.map((header, i) => (
            <Row
              key={i}
              name={header.name + (header.nameLength === undefined ? '' : '…')}
              value={header.value}
              cut={header.valueLength}
            />
          ))}
        </dl>
      )}
    </section>
  );
}

function Row({ name, value, tone, cut }: { name: string; value: string; tone?: 'ok' | 'error'; cut?: number }) {
  return (
    <div>
      <dt>{name}</dt>
      <dd class={tone ? `tone-${tone}` : undefined}>
        {value}
        {cut !== undefined && <span class="host"> … (cut: {cut.toLocaleString('en-US')} characters in all)</span>}
      </dd>
    </div>
  );
}

function timingText(h: HandshakeRecord): string {
  const ms = (to: number | undefined) => (to === undefined ? '' : `${Math.max(0, Math.round(to - h.t))} ms`);
  const steps = [
    `started ${formatClock(h.t)}`,
    h.sentAt !== undefined && `headers sent +${ms(h.sentAt)}`,
    h.respondedAt !== undefined && `response +${ms(h.respondedAt)}`,
    `ended +${ms(h.endedAt)}`,
  ];
  return steps.filter(Boolean).join(', ');
}
