/**
 * The relay's end of the private channel to the page hook: a MessageChannel
 * whose port is handed to the hook by a DOM event at document_start, before any
 * page script exists to see it. If the hook is already listening it takes the
 * port and calls preventDefault(); otherwise we wait for its "ready" event. A
 * private node follows the port: when its document goes away for good, the
 * hook hands over its last batches there, synchronously (LAST_BATCHES_EVENT).
 */
import { BATCH_ACK_EVENT, CHANNEL_EVENT, HOOK_READY_EVENT, LAST_BATCHES_EVENT } from '../protocol/version';
import type { HookControl } from '../protocol/schema';

/**
 * Returns a function that sends the hook a control message (capture switch,
 * command, rules), transferring any buffers in `transfer`. `onMessage` gets
 * what the hook posts: record batches (arrays) and command results and pauses.
 */
export function openHookChannel(
  /** Which of the hook's messages are record batches: numbered, acknowledged, taken once. */
  isBatch: (data: unknown) => boolean,
  onMessage: (data: unknown) => void,
  /** After the hook's last batches (each through `onMessage`): its document is going away. */
  onLast: () => void,
): (control: HookControl, transfer?: ArrayBuffer[]) => void {
  const channel = new MessageChannel();
  // Detached and ours: no page script can reach it, or see what we and the hook dispatch on it.
  const node = document.createElement('span');
  /** The number (`seq`) of the next record batch to take, by the port or from the hook's hand-over. */
  let next = 0;
  const take = (batch: unknown) => {
    const seq = (batch as { seq?: unknown }).seq;
    if (typeof seq === 'number' && seq < next) return false; // taken the other way already
    if (typeof seq === 'number') next = seq + 1;
    onMessage(batch);
    return true;
  };

  channel.port1.onmessage = (event) => {
    const data: unknown = event.data;
    if (!isBatch(data)) return onMessage(data);
    if (take(data)) node.dispatchEvent(new CustomEvent(BATCH_ACK_EVENT, { detail: next }));
  };

  node.addEventListener(LAST_BATCHES_EVENT, (event) => {
    try {
      // Dispatched synchronously from the page's world: Chrome hands us a structured clone.
      const { first, batches } = ((event as CustomEvent<unknown>).detail ?? {}) as {
        first?: unknown;
        batches?: unknown;
      };
      if (typeof first !== 'number' || !Array.isArray(batches)) return;
      for (const batch of batches as unknown[]) if (isBatch(batch)) take(batch);
      next = Math.max(next, first + batches.length);
    } finally {
      onLast();
    }
  });

  const handOver = (): boolean => {
    const event = new MessageEvent(CHANNEL_EVENT, { ports: [channel.port2], cancelable: true });
    document.dispatchEvent(event);
    if (!event.defaultPrevented) return false;
    // Then the node, which only a FocusEvent can carry (relatedTarget).
    document.dispatchEvent(new FocusEvent(CHANNEL_EVENT, { relatedTarget: node }));
    return true;
  };

  const toHook = (control: HookControl, transfer: ArrayBuffer[] = []) => channel.port1.postMessage(control, transfer);
  if (handOver()) return toHook;
  const onReady = (event: Event) => {
    event.stopImmediatePropagation();
    if (handOver()) document.removeEventListener(HOOK_READY_EVENT, onReady, true);
  };
  document.addEventListener(HOOK_READY_EVENT, onReady, true);
  return toHook;
}
