import type { SessionRecord } from '../../protocol/schema';
import { usePanelStore } from '../store-context';
import { LogMenu } from './LogMenu';
import { DropNowButton, OfflineButton, RulesButton } from '../actions/RulesDialog';
import { DeepCaptureSwitch } from './DeepCaptureSwitch';

/** Capture switches for the inspected tab: pause/resume, clear, preserve log, deep capture. */
export function Toolbar({ shown }: { shown: readonly SessionRecord[] }) {
  const store = usePanelStore();
  const { lastError, linkStatus, tabStatus, viewSource } = store;
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
        onClick={() => void store.setPaused(!paused)}
      >
        {paused ? 'Resume capture' : 'Pause capture'}
      </button>
      <button
        type="button"
        disabled={imported}
        title="Drop captured frames and closed connections"
        onClick={() => void store.clear()}
      >
        Clear
      </button>
      <label title="Keep connections of earlier pages when the tab navigates">
        <input
          type="checkbox"
          checked={status?.preserveLog ?? false}
          onChange={(event) => void store.setPreserveLog(event.currentTarget.checked)}
        />
        Preserve log
      </label>
      <DeepCaptureSwitch />
      <span class={`link link-${linkStatus.value}`} role="status" aria-label="Link status">
        {paused ? 'paused' : linkStatus.value}
      </span>
      <button
        type="button"
        aria-pressed={store.view.statsOpen.value}
        title="Rates, message names and reply latencies of the shown messages"
        onClick={() => (store.view.statsOpen.value = !store.view.statsOpen.value)}
      >
        Statistics
      </button>
      <RulesButton disabled={imported} />
      <OfflineButton disabled={imported} />
      <DropNowButton disabled={imported} />
      <LogMenu shown={shown} />
      {lastError.value && (
        <span class="error" role="alert">
          {lastError.value}
        </span>
      )}
    </div>
  );
}
