import { useEffect, useState } from 'preact/hooks';
import type { SessionRecord } from '../../protocol/schema';
import { MessageDetail } from '../detail/MessageDetail';
import { FrameButtons, ResendEditor } from '../actions/FrameActions';
import { viewSource } from '../store';

type FrameRecord = Extract<SessionRecord, { kind: 'frame' }>;

/** The bottom pane of the messages column: the selected frame in detail, with Resend and Edit & resend while live. */
export function DetailPane({ record, onClose, tabId }: { record: FrameRecord; onClose(): void; tabId: number }) {
  const [editing, setEditing] = useState(false);
  useEffect(() => setEditing(false), [record.seq]); // another frame: its own editor, if any
  const live = viewSource.value.kind === 'live';
  return (
    <section class="detail-pane" aria-label="Message detail">
      {live && editing && (
        <ResendEditor key={record.seq} tabId={tabId} record={record} onDone={() => setEditing(false)} />
      )}
      <MessageDetail
        record={record}
        onClose={onClose}
        actions={
          live && <FrameButtons tabId={tabId} record={record} editing={editing} onEdit={() => setEditing(!editing)} />
        }
      />
    </section>
  );
}
