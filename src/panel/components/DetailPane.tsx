import type { SessionRecord } from '../../protocol/schema';
import { MessageDetail } from '../detail/MessageDetail';

type FrameRecord = Extract<SessionRecord, { kind: 'frame' }>;

/** The bottom pane of the messages column: the selected frame in detail. */
export function DetailPane({ record, onClose }: { record: FrameRecord; onClose(): void }) {
  return (
    <section class="detail-pane" aria-label="Message detail">
      <MessageDetail record={record} onClose={onClose} />
    </section>
  );
}
