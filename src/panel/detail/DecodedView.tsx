/**
 * What a protocol decoder read of a frame: each message's kind, name and id,
 * where it stands in its request↔reply exchange (links that select the other
 * frame, with the latency), and its content as a JSON tree. A frame the
 * decoder could not read says why; its raw views stay in the other tabs.
 */
import type { DecodedFrame } from '../../lib/decoders/connection-decoding';
import type { LinkedMessage } from '../../lib/decoders/correlate';
import { formatDelta, plural } from '../format';
import { JsonTree } from './JsonTree';
import type { Json } from './payload';

interface Props {
  decoded: DecodedFrame;
  /** The decoder's label ("Socket.IO"). */
  protocol: string;
  onJump(seq: number): void;
  onCopy(text: string): void;
}

export function DecodedView({ decoded, protocol, onJump, onCopy }: Props) {
  if ('error' in decoded)
    return (
      <p class="detail-notice" role="note">
        Not readable as {protocol}: {decoded.error}
      </p>
    );
  if ('pending' in decoded)
    return (
      <p class="detail-notice" role="note">
        Part of a {protocol} message that continues in a later frame: {decoded.pending}
      </p>
    );
  return (
    <div class="decoded" aria-label="Decoded messages">
      {decoded.messages.map((message, i) => (
        <DecodedMessageView key={i} message={message} onJump={onJump} onCopy={onCopy} />
      ))}
    </div>
  );
}

function DecodedMessageView({
  message,
  onJump,
  onCopy,
}: {
  message: LinkedMessage;
  onJump(seq: number): void;
  onCopy(text: string): void;
}) {
  const body = message.body === undefined ? undefined : asJson(message.body, 0);
  return (
    <section class="decoded-message" data-kind={message.kind}>
      <header class="decoded-head">
        <span class="decoded-protocol">{message.protocol}</span> <strong>{message.kind}</strong>
        {message.name !== undefined && <span class="decoded-name"> {message.name}</span>}
        {message.id !== undefined && <span class="detail-muted"> · id {message.id}</span>}
        {message.control && <span class="badge">control</span>}
      </header>
      <Exchange message={message} onJump={onJump} />
      {body !== undefined &&
        (body !== null && typeof body === 'object' ? (
          <JsonTree value={body} onCopy={onCopy} />
        ) : (
          <pre class="decoded-scalar">{JSON.stringify(body)}</pre>
        ))}
    </section>
  );
}

function Exchange({ message, onJump }: { message: LinkedMessage; onJump(seq: number): void }) {
  const jump = (seq: number, label: string) => (
    <button type="button" class="link" onClick={() => onJump(seq)} title={`Select frame #${seq}`}>
      {label}
    </button>
  );
  return (
    <p class="decoded-exchange">
      {message.replyTo !== undefined && (
        <>
          {message.pair?.role === 'stream-item' ? 'Item of ' : 'Reply to '}
          {jump(message.replyTo, `#${message.replyTo}`)} after {formatDelta(message.latencyMs ?? 0)}{' '}
        </>
      )}
      {message.replies && (
        <>
          {plural(message.replies.length, 'reply', 'replies')}:{' '}
          {message.replies.slice(0, 20).map((seq) => (
            <span key={seq}>{jump(seq, `#${seq}`)} </span>
          ))}
          {message.replies.length > 20 && '…'}
        </>
      )}
      {message.unanswered && <span class="unanswered">Never answered: the connection closed or the id was reused</span>}
      {!message.replies && !message.unanswered && message.pair?.role === 'request' && 'Waiting for a reply'}
    </p>
  );
}

/** Decoded bodies may hold bytes, big integers and maps: shown as JSON values, bounded in depth. */
function asJson(value: unknown, depth: number): Json {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Uint8Array) return `<${plural(value.byteLength, 'byte')}>`;
  if (depth > 64) return '…';
  if (Array.isArray(value)) return value.map((v) => asJson(v, depth + 1));
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), asJson(v, depth + 1)]));
  if (typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asJson(v, depth + 1)]));
  return String(value);
}
