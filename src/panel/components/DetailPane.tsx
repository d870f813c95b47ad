import { useEffect, useState } from 'preact/hooks';
import type { SessionRecord } from '../../protocol/schema';
import { MessageDetail } from '../detail/MessageDetail';
import { FrameButtons, ReadOnlyNote, ResendEditor } from '../actions/FrameActions';
import { usePanelStore } from '../store-context';
import { layout, updateLayout } from '../layout';
import type { DecodedFrame } from '../../lib/decoders/connection-decoding';

type FrameRecord = Extract<SessionRecord, { kind: 'frame' }>;

/**
 * The selected frame in detail, below or beside the messages, with Resend and
 * Edit & resend while live (aimed at the frame's own connection, named by its
 * URL), the connection's initiator stack, and a button that moves the pane.
 */
interface Props {
  record: FrameRecord;
  beside: boolean;
  /** What the connection's decoder read of the frame, and the decoder's label. */
  decoded: DecodedFrame | undefined;
  protocol: string | undefined;
  onClose(): void;
}

export function DetailPane({ record, beside, decoded, protocol, onClose }: Props) {
  const [editing, setEditing] = useState(false);
  useEffect(() => setEditing(false), [record.seq]); // another frame: its own editor, if any
  const store = usePanelStore();
  const live = store.viewSource.value.kind === 'live';
  const connection = store.session.value.connections.get(record.conn);
  const place = (
    <button
      type="button"
      class="detail-place"
      title={beside ? 'Show the detail below the messages' : 'Show the detail beside the messages'}
      aria-label={beside ? 'Detail below' : 'Detail beside'}
      onClick={() => updateLayout({ detailPlacement: beside ? 'below' : 'beside' })}
    >
      {beside ? '⬓' : '◨'}
    </button>
  );
  void layout.value;
  return (
    <section class={`detail-pane${beside ? ' beside' : ''}`} aria-label="Message detail">
      {live && editing && !connection?.worker && (
        <ResendEditor key={record.seq} record={record} onDone={() => setEditing(false)} />
      )}
      <MessageDetail
        record={record}
        onClose={onClose}
        initiator={connection?.stack}
        decoded={
          decoded && protocol
            ? {
                result: decoded,
                protocol,
                onJump(seq) {
                  store.view.selectedSeq.value = seq;
                },
              }
            : undefined
        }
        actions={
          <>
            {live && !connection?.worker && (
              <FrameButtons record={record} editing={editing} onEdit={() => setEditing(!editing)} />
            )}
            {live && connection?.worker && <ReadOnlyNote />}
            {place}
          </>
        }
      />
    </section>
  );
}
