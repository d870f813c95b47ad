import { usePanelStore } from '../store-context';

/** What the last action (send, simulate, close, rule change, breakpoint) did, or why it failed. */
export function ActionStatus() {
  const message = usePanelStore().actionMessage.value;
  if (!message) return null;
  return (
    <span class={message.error ? 'error' : 'note'} role={message.error ? 'alert' : 'status'} aria-label="Action result">
      {message.text}
    </span>
  );
}
