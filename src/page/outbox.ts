/**
 * Queues the hook's records and hands them to the relay in batches over the
 * private MessagePort. Until the relay's port has arrived (the two content
 * scripts start in no fixed order) everything waits here, so nothing recorded
 * before the handshake is lost. The relay answers on the same port when capture
 * is paused or resumed from the panel.
 */
import { BATCH_MAX_BYTES, BATCH_MAX_RECORDS } from '../protocol/limits';
import { CHANNEL_EVENT, HOOK_READY_EVENT } from '../protocol/version';
import type { HookControl, HookRecord } from '../protocol/schema';
import { call, natives } from './natives';

export interface Outbox {
  push(record: HookRecord): void;
  /** False while capture is paused: frames are then not recorded at all (lifecycle records still are). */
  framesWanted(): boolean;
}

export function openOutbox(): Outbox {
  let port: MessagePort | null = null;
  let batch: HookRecord[] = [];
  let transfers: ArrayBuffer[] = [];
  let batchBytes = 0;
  let scheduled = false;
  let paused = false;

  const flush = () => {
    scheduled = false;
    if (!port || batch.length === 0) return;
    const records = batch;
    const buffers = transfers;
    batch = [];
    transfers = [];
    batchBytes = 0;
    try {
      // Transfer our own copies of binary payloads instead of cloning them again.
      // (Blink reads a transfer array without calling the page's Array iterator.)
      call(natives.portPostMessage, port, records, buffers);
    } catch {
      // An error here would be reported on the page (we run in its microtask): drop the batch instead.
    }
  };

  const onChannel = (event: Event) => {
    const ports = call(natives.messageEventPorts, event);
    if (port || ports.length !== 1) return;
    port = ports[0]!;
    call(natives.stopImmediatePropagation, event);
    call(natives.preventDefault, event); // tells the relay its port was taken
    call(natives.removeEventListener, natives.document, CHANNEL_EVENT, onChannel, true);
    call(natives.addEventListener, port, 'message', onControl);
    call(natives.portStart, port);
    flush();
  };

  const onControl = (event: Event) => {
    const control = call(natives.messageEventData, event) as Partial<HookControl> | null;
    if (control && control.type === 'capture' && typeof control.paused === 'boolean') paused = control.paused;
  };

  call(natives.addEventListener, natives.document, CHANNEL_EVENT, onChannel, true);
  // If the relay started first it is waiting for this to hand its port over.
  if (!port) call(natives.dispatchEvent, natives.document, new natives.Event(HOOK_READY_EVENT));

  return {
    framesWanted: () => !paused,
    push(record) {
      call(natives.arrayPush, batch, record);
      if (record.kind === 'frame' && record.type === 'binary') call(natives.arrayPush, transfers, record.data);
      batchBytes += sizeOf(record);
      if (batch.length >= BATCH_MAX_RECORDS || batchBytes >= BATCH_MAX_BYTES) flush();
      else if (!scheduled) {
        scheduled = true;
        natives.queueMicrotask(flush);
      }
    },
  };
}

function sizeOf(record: HookRecord): number {
  if (record.kind !== 'frame') return 64;
  return record.type === 'text' ? record.data.length * 2 : call(natives.arrayBufferByteLength, record.data);
}
