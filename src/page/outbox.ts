/**
 * Queues the hook's records and hands them to the relay in batches over the
 * private MessagePort. Until the relay's port has arrived (the two content
 * scripts start in no fixed order) everything waits here, so nothing recorded
 * before the handshake is lost.
 */
import { BATCH_MAX_BYTES, BATCH_MAX_RECORDS } from '../protocol/limits';
import { CHANNEL_EVENT, HOOK_READY_EVENT } from '../protocol/version';
import type { HookRecord } from '../protocol/schema';
import { call, natives } from './natives';

export interface Outbox {
  push(record: HookRecord, bytes: number): void;
}

export function openOutbox(): Outbox {
  let port: MessagePort | null = null;
  let batch: HookRecord[] = [];
  let transfers: ArrayBuffer[] = [];
  let batchBytes = 0;
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    if (!port || batch.length === 0) return;
    const records = batch;
    const buffers = transfers;
    batch = [];
    transfers = [];
    batchBytes = 0;
    // Transfer our own copies of binary payloads instead of cloning them again.
    call(natives.portPostMessage, port, records, buffers);
  };

  const onChannel = (event: Event) => {
    const ports = call(natives.messageEventPorts, event);
    if (port || ports.length !== 1) return;
    port = ports[0]!;
    call(natives.stopImmediatePropagation, event);
    call(natives.preventDefault, event); // tells the relay its port was taken
    call(natives.removeEventListener, natives.document, CHANNEL_EVENT, onChannel, true);
    flush();
  };

  call(natives.addEventListener, natives.document, CHANNEL_EVENT, onChannel, true);
  // If the relay started first it is waiting for this to hand its port over.
  if (!port) call(natives.dispatchEvent, natives.document, new natives.Event(HOOK_READY_EVENT));

  return {
    push(record, bytes) {
      call(natives.arrayPush, batch, record);
      if (record.kind === 'frame' && record.type === 'binary') call(natives.arrayPush, transfers, record.data);
      batchBytes += bytes;
      if (batch.length >= BATCH_MAX_RECORDS || batchBytes >= BATCH_MAX_BYTES) flush();
      else if (!scheduled) {
        scheduled = true;
        natives.queueMicrotask(flush);
      }
    },
  };
}
