import { send } from '../background-link';
import { lastError, linkStatus, tabStatus } from '../store';

/** Capture switches for the inspected tab: pause/resume, clear, preserve log. */
export function Toolbar({ tabId }: { tabId: number }) {
  const status = tabStatus.value;
  const paused = status?.paused ?? false;
  return (
    <div class="toolbar" role="toolbar" aria-label="Capture">
      <strong>WebSocket Lens</strong>
      <button
        type="button"
        aria-pressed={paused}
        title={paused ? 'Frames are not being recorded; connections still are' : 'Stop recording frames'}
        onClick={() => send({ type: 'pause', tabId, paused: !paused })}
      >
        {paused ? 'Resume capture' : 'Pause capture'}
      </button>
      <button
        type="button"
        title="Drop captured frames and closed connections"
        onClick={() => send({ type: 'clear', tabId })}
      >
        Clear
      </button>
      <label title="Keep connections of earlier pages when the tab navigates">
        <input
          type="checkbox"
          checked={status?.preserveLog ?? false}
          onChange={(event) => send({ type: 'preserve-log', value: event.currentTarget.checked })}
        />
        Preserve log
      </label>
      <span class={`link link-${linkStatus.value}`} role="status" aria-label="Link status">
        {paused ? 'paused' : linkStatus.value}
      </span>
      {lastError.value && (
        <span class="error" role="alert">
          {lastError.value}
        </span>
      )}
    </div>
  );
}
