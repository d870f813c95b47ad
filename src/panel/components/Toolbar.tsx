import { send } from '../background-link';
import type { SessionRecord } from '../../protocol/schema';
import { lastError, linkStatus, tabStatus, viewSource } from '../store';
import { LogMenu } from './LogMenu';
import { RulesButton } from '../actions/RulesDialog';

/** Capture switches for the inspected tab: pause/resume, clear, preserve log. */
export function Toolbar({ tabId, shown }: { tabId: number; shown: readonly SessionRecord[] }) {
  const status = tabStatus.value;
  const imported = viewSource.value.kind === 'import';
  const paused = status?.paused ?? false;
  return (
    <div class="toolbar" role="toolbar" aria-label="Capture">
      <strong>WebSocket Lens</strong>
      <button
        type="button"
        disabled={imported}
        aria-pressed={paused}
        title={paused ? 'Frames are not being recorded; connections still are' : 'Stop recording frames'}
        onClick={() => send({ type: 'pause', tabId, paused: !paused })}
      >
        {paused ? 'Resume capture' : 'Pause capture'}
      </button>
      <button
        type="button"
        disabled={imported}
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
      <RulesButton tabId={tabId} disabled={imported} />
      <LogMenu shown={shown} />
      {lastError.value && (
        <span class="error" role="alert">
          {lastError.value}
        </span>
      )}
    </div>
  );
}
