import { useEffect, useState } from 'preact/hooks';
import type { SessionRecord } from '../../protocol/schema';
import { MessageDetail } from '../detail/MessageDetail';
import { FrameButtons, ResendEditor } from '../actions/FrameActions';
import { usePanelStore } from '../store-context';

type FrameRecord = Extract<SessionRecord, { kind: 'frame' }>;

/** The bottom pane of the messages column: the selected frame in detail, with Resend and Edit & resend while live. */
export function DetailPane({ record, onClose }: { record: FrameRecord; onClose(): void }) {
  const [editing, setEditing] = useState(false);
  useEffect(() => setEditing(false), [record.seq]); // another frame: its own editor, if any
  const live = usePanelStore().viewSource.value.kind === 'live';
  return (
    <section class="detail-pane" aria-label="Message detail">
      {live && editing && <ResendEditor key={record.seq} record={record} onDone={() => setEditing(false)} />}
      <MessageDetail
        record={record}
        onClose={onClose}
        actions={live && <FrameButtons record={record} editing={editing} onEdit={() => setEditing(!editing)} />}
      />
    </section>
  );
}
