/**
 * The tab's "Workers (debugger)" switch (Chrome only) and a line that always
 * says which capture is on: the page hook alone, or with the workers' sockets
 * from Chrome's debugger, and why deep capture ended when nobody turned it off.
 */
import type { DeepCaptureState } from '../../protocol/messages';
import { BROWSER } from '../../lib/platform';
import { usePanelStore } from '../store-context';

/** Chrome's reasons for a detach (chrome.debugger.DetachReason), in the user's words. */
function endedText(reason: string | undefined): string {
  if (reason === 'canceled_by_user') return 'you pressed Cancel on Chrome’s banner';
  if (reason === 'target_closed') return 'the tab closed';
  return reason ?? 'the debugger detached';
}

export function captureText(deep: DeepCaptureState | undefined): string {
  switch (deep?.state) {
    case 'on':
      return 'Capture: page hook + workers (debugger)';
    case 'starting':
      return 'Capture: page hook; attaching the debugger…';
    case 'ended':
      return `Capture: page hook only; deep capture ended: ${endedText(deep.reason)}`;
    default:
      return 'Capture: page hook';
  }
}

export function DeepCaptureSwitch() {
  const store = usePanelStore();
  const imported = store.viewSource.value.kind === 'import';
  const deep = store.tabStatus.value?.deepCapture;
  const on = deep?.state === 'on' || deep?.state === 'starting';
  return (
    <>
      {BROWSER === 'chrome' && (
        <label title="Chrome shows a banner (“… started debugging this browser”) while this is on; its Cancel turns it off.">
          <input
            type="checkbox"
            disabled={imported}
            checked={on}
            onChange={(event) => void store.setDeepCapture(event.currentTarget.checked)}
          />
          Workers (debugger)
        </label>
      )}
      {!imported && (
        <span class="capture-state" role="status" aria-label="Capture">
          {captureText(deep)}
        </span>
      )}
    </>
  );
}
