/**
 * What can be done with a captured frame on its connection: send it again as
 * it is, or edit it first (text with JSON help, bytes as hex or base64) and
 * send that; a received frame can also be replayed to the page.
 */
import { useState } from 'preact/hooks';
import { bytesToBase64 } from '../../lib/base64';
import type { Payload } from '../../protocol/actions';
import type { FrameRecordOfSession } from '../detail/payload';
import { usePanelStore } from '../store-context';
import { PayloadEditor, type EditorValue } from './PayloadEditor';
import { editorText, modeOf, parseEditor } from './payload-text';

/** Commands carry binary payloads as base64 (protocol/actions.ts), as rules and the composer's history store them. */
const payloadOf = (record: FrameRecordOfSession): Payload =>
  record.type === 'text' ? { type: 'text', data: record.data } : { type: 'binary', data: bytesToBase64(record.data) };
const CUT = 'Only the first part of this frame was captured: it cannot be sent again';

/** Where a worker socket's act controls would be (deep capture): the debugger only watches. */
export function ReadOnlyNote() {
  return (
    <span class="read-only-note" role="note">
      read-only (worker socket: the debugger cannot send)
    </span>
  );
}

/** The header buttons of the message detail. */
export function FrameButtons({
  record,
  editing,
  onEdit,
}: {
  record: FrameRecordOfSession;
  editing: boolean;
  onEdit(): void;
}) {
  const { act, nameOf } = usePanelStore();
  const target = nameOf(record.conn);
  return (
    <>
      <button
        type="button"
        class="resend"
        data-target={record.conn}
        disabled={record.truncated}
        title={record.truncated ? CUT : `Send this frame to the server again on ${target}`}
        onClick={() => void act(record.conn, { type: 'send', payload: payloadOf(record) }, `Resent on ${target}`)}
      >
        Resend to <span class="target">{target}</span>
      </button>
      <button
        type="button"
        disabled={record.truncated}
        aria-pressed={editing}
        title={record.truncated ? CUT : 'Edit the frame, then send it'}
        onClick={onEdit}
      >
        Edit & resend
      </button>
    </>
  );
}

/** The editor Edit & resend opens above the detail, filled with the frame. */
export function ResendEditor({ record, onDone }: { record: FrameRecordOfSession; onDone(): void }) {
  const { act, actionMessage, nameOf } = usePanelStore();
  const [value, setValue] = useState<EditorValue>(() => {
    const payload = payloadOf(record);
    return { mode: modeOf(payload), text: editorText(payload, modeOf(payload)) };
  });
  const submit = async (type: 'send' | 'simulate') => {
    const parsed = parseEditor(value.mode, value.text);
    if (!parsed.ok) return void (actionMessage.value = { error: true, text: parsed.error });
    const target = nameOf(record.conn);
    const done = type === 'send' ? `Sent the edited frame on ${target}` : `Replayed to the page on ${target}`;
    if (await act(record.conn, { type, payload: parsed.payload }, done)) onDone();
  };
  return (
    <section class="resend-editor" aria-label="Edit & resend">
      <PayloadEditor label="Edited payload" value={value} onChange={setValue} onSubmit={() => void submit('send')} />
      <div class="composer-actions">
        <button type="button" onClick={() => void submit('send')} title="Send to the server (Ctrl/Cmd+Enter)">
          Send edited
        </button>
        {record.dir === 'received' && (
          <button
            type="button"
            onClick={() => void submit('simulate')}
            title="Deliver to the page as if the server had sent it"
          >
            Replay to page
          </button>
        )}
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </section>
  );
}
