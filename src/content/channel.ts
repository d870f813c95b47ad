/**
 * The relay's end of the private channel to the page hook: a MessageChannel
 * whose port is handed to the hook by a DOM event at document_start, before any
 * page script exists to see it. If the hook is already listening it takes the
 * port and calls preventDefault(); otherwise we wait for its "ready" event.
 */
import { CHANNEL_EVENT, HOOK_READY_EVENT } from '../protocol/version';
import type { HookControl } from '../protocol/schema';

/**
 * Returns a function that sends the hook a control message (capture switch,
 * command, rules), transferring any buffers in `transfer`. `onMessage` gets
 * what the hook posts: record batches (arrays) and command results and pauses.
 */
export function openHookChannel(
  onMessage: (data: unknown) => void,
): (control: HookControl, transfer?: ArrayBuffer[]) => void {
  const channel = new MessageChannel();
  channel.port1.onmessage = (event) => onMessage(event.data);

  const handOver = (): boolean => {
    const event = new MessageEvent(CHANNEL_EVENT, { ports: [channel.port2], cancelable: true });
    document.dispatchEvent(event);
    return event.defaultPrevented;
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
