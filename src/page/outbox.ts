/**
 * Queues the hook's records and hands them to the relay in batches over the
 * private MessagePort. Until the relay's port has arrived (the two content
 * scripts start in no fixed order) everything waits here, so nothing recorded
 * before the handshake is lost. The relay answers on the same port when capture
 * is paused or resumed from the panel, and with commands and intercept rules
 * (`onInbound`); the hook posts their results and breakpoint pauses (`post`).
 */
import { BATCH_ACK_EVENT, CHANNEL_EVENT, HOOK_READY_EVENT, LAST_BATCHES_EVENT } from '../protocol/version';
import type { HookControl, HookRecord } from '../protocol/schema';
import type { HookInbound, HookOutbound } from '../protocol/actions';
import { bindings } from '../lib/platform';
import { bare, call, natives, ownArray, ownIterable } from './natives';
import { packed, sealBytes } from './byte-pool';
import { setPayloadLimit } from './payload';
import { openBatchWriter } from './batch-writer';
import type { HookBatch } from '../protocol/batch';
import { later } from './later';
import { openUnacked } from './unacked';

export interface Outbox {
  push(record: HookRecord): void;
  /** A plain text frame kept whole (what push takes most), without a record object. */
  pushText(sid: number, t: number, sent: boolean, text: string): void;
  /** A plain binary frame whose kept bytes byte-pool.ts packed (`packed`), of `size` bytes in all. */
  pushBinary(sid: number, t: number, sent: boolean, size: number): void;
  /** False while capture is paused: frames are then not recorded at all (lifecycle records still are). */
  framesWanted(): boolean;
  /** Sends a result or pause to the relay, after the records batched so far. */
  post(message: HookOutbound, transfer?: ArrayBuffer[]): void;
  /** Where commands and rules from the relay go. */
  onInbound(handler: (message: HookInbound) => void): void;
  /**
   * Recording one event failed (a bug of ours, or a page that found a way to
   * make us throw): counted and reported to the background, which shows it in
   * the panel. Recording goes on with the next event.
   */
  failed(): void;
}

/**
 * Records wait this long to travel together: every received frame is its own
 * task, so batching per microtask meant one message per frame through the
 * relay and the background (a 6x slowdown on a flood, see npm run bench).
 */
const FLUSH_DELAY_MS = 10;

export function openOutbox(): Outbox {
  let port: MessagePort | null = null;
  /** The relay's private node, sent after the port: acknowledgements come and the last batches go there (unacked.ts). */
  let node: EventTarget | null = null;
  const writer = openBatchWriter();
  const unacked = openUnacked();
  /** Full batches still waiting for the relay's port. */
  let waiting = ownArray<{ batch: HookBatch; buffers: ArrayBuffer[] }>();
  /** Internal errors not yet reported. */
  let failures = 0;
  let scheduled = false;
  let paused = false;
  let inbound: ((message: HookInbound) => void) | null = null;

  const send = (batch: HookBatch, buffers: ArrayBuffer[]) => {
    unacked.posting(batch);
    // Blink reads a transfer array without calling the page's Array iterator;
    // Gecko reads it through @@iterator, so there it gets an iterable of ours.
    try {
      call(natives.portPostMessage, port, batch, bindings.arraysByIndex ? buffers : ownIterable(buffers));
    } catch {
      // An error here would be reported on the page (we run in its task): drop the batch instead.
    }
  };

  /** The batch so far joins those waiting; later bytes go to a new chunk. */
  const takeBatch = () => {
    if (writer.count === 0) return;
    // Binary payloads live in buffers of ours (byte-pool.ts): moved with the batch, not cloned.
    waiting[waiting.length] = writer.take();
    sealBytes();
  };

  /** Takes the batch so far; posts it, and anything waiting, once the relay is there. */
  const flush = () => {
    takeBatch();
    if (!port) return;
    // Taken out first: whatever happens while posting, the next flush starts clean.
    const ready = waiting;
    waiting = ownArray();
    for (let i = 0; i < ready.length; i++) send(ready[i]!.batch, ready[i]!.buffers);
    if (failures > 0) {
      const count = failures;
      failures = 0;
      postNow({ type: 'hook-errors', count }, ownArray());
    }
  };

  const postNow = (message: HookOutbound, transfer: ArrayBuffer[]) => {
    try {
      call(natives.portPostMessage, port, message, bindings.arraysByIndex ? transfer : ownIterable(transfer));
    } catch {
      // The relay is gone with its document.
    }
  };

  const schedule = () => {
    // One timer at a time: a batch that filled up went at once, and the timer takes what came after it.
    if (scheduled) return;
    scheduled = true;
    later(onTimer, FLUSH_DELAY_MS);
  };

  const onTimer = () => {
    scheduled = false;
    flush();
  };

  const onChannel = (event: Event) => {
    try {
      if (port) return takeNode(event);
      const ports = call(natives.messageEventPorts, event);
      if (ports.length !== 1) return;
      port = ports[0]!;
      call(natives.stopImmediatePropagation, event);
      call(natives.preventDefault, event); // tells the relay its port was taken
      call(natives.addEventListener, port, 'message', onControl);
      call(natives.portStart, port);
      flush();
    } catch {
      // Not the relay's event: nothing may throw into the page.
    }
  };

  /** The relay's private node follows the port, as a FocusEvent's relatedTarget; then the handshake is over. */
  const takeNode = (event: Event) => {
    const target = call(natives.focusEventRelatedTarget, event);
    call(natives.stopImmediatePropagation, event);
    call(natives.removeEventListener, natives.document, CHANNEL_EVENT, onChannel, true);
    if (!target) return;
    node = target;
    call(natives.addEventListener, node, BATCH_ACK_EVENT, onAck);
  };

  /** The relay took every batch below this number (dispatched by the relay alone: the node is private). */
  const onAck = (event: Event) => {
    try {
      const count = call(natives.customEventDetail, event);
      if (typeof count === 'number') unacked.acked(count);
    } catch {
      // Nothing may throw into the page.
    }
  };

  /**
   * The document goes away for good (a removed iframe, a closed tab, a navigation): what the
   * relay has not taken goes to it now, in one synchronous event, because a posted message
   * would wait in a queue that never runs again. A page kept in the back/forward cache runs
   * its queue again later.
   */
  const onPageHide = (event: Event) => {
    try {
      if (!node || call(natives.pageTransitionPersisted, event)) return flush();
      takeBatch();
      const more = ownArray<HookBatch>();
      for (let i = 0; i < waiting.length; i++) more[i] = waiting[i]!.batch;
      waiting = ownArray();
      const last = unacked.handOver(more);
      if (last.batches.length === 0) return;
      call(natives.dispatchEvent, node, new natives.CustomEvent(LAST_BATCHES_EVENT, bare({ detail: bare(last) })));
    } catch {
      // Nothing may throw into the page, even as it goes.
    }
  };

  const onControl = (event: Event) => {
    // Only the relay holds the other end of this port; still, nothing may throw into the page.
    try {
      const control = call(natives.messageEventData, event) as HookControl | null;
      if (!control || typeof control !== 'object') return;
      if (control.type === 'capture') {
        paused = control.paused === true;
        setPayloadLimit(control.maxPayloadBytes);
      } else if (inbound && (control.type === 'command' || control.type === 'rules')) inbound(control);
    } catch {
      // A command that failed here is answered by the service's timeout.
    }
  };

  call(natives.addEventListener, natives.document, CHANNEL_EVENT, onChannel, true);
  // A page that goes away sends what is still waiting for the timer: posted at beforeunload (a navigation
  // fires it when it starts, while tasks still run), handed over at pagehide (onPageHide).
  call(natives.addEventListener, natives.window, 'beforeunload', flush, true);
  call(natives.addEventListener, natives.window, 'pagehide', onPageHide, true);
  // If the relay started first it is waiting for this to hand its port over.
  if (!port) call(natives.dispatchEvent, natives.document, new natives.Event(HOOK_READY_EVENT));

  return {
    framesWanted: () => !paused,
    post(message, transfer = ownArray()) {
      flush();
      if (port) postNow(message, transfer);
    },
    onInbound(handler) {
      inbound = handler;
    },
    failed() {
      failures++;
      schedule();
    },
    push(record) {
      writer.add(record);
      if (writer.full()) flush();
      else if (!scheduled) schedule();
    },
    pushText(sid, t, sent, text) {
      writer.addText(sid, t, sent, text);
      if (writer.full()) flush();
      else if (!scheduled) schedule();
    },
    pushBinary(sid, t, sent, size) {
      writer.addBinary(sid, t, sent, size, packed.buffer, packed.offset, packed.length);
      if (writer.full()) flush();
      else if (!scheduled) schedule();
    },
  };
}
