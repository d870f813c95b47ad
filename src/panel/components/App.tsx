import { revision, selectedId, session, tabStatus } from '../store';
import { ConnectionList } from './ConnectionList';
import { MessageList } from './MessageList';
import { Toolbar } from './Toolbar';

export function App({ tabId }: { tabId: number }) {
  const connections = [...session.value.connections.values()];
  const selected = selectedId.value ? session.value.connections.get(selectedId.value) : undefined;
  const frames = connections.reduce((n, c) => n + c.sent.count + c.received.count, 0);
  const status = tabStatus.value;
  return (
    // Reading revision subscribes this component to every change of the session.
    <div class="app" data-revision={revision.value}>
      <Toolbar tabId={tabId} />
      <main class="panes">
        <section class="pane connections-pane" aria-label="Connections pane">
          <ConnectionList
            connections={connections}
            navigations={status?.navigations ?? []}
            selectedId={selectedId.value}
            onSelect={(id) => (selectedId.value = id)}
          />
        </section>
        <section class="pane messages-pane" aria-label="Messages pane">
          <MessageList connection={selected} dropped={selected ? (status?.droppedByConnection[selected.id] ?? 0) : 0} />
        </section>
      </main>
      <footer class="statusbar" aria-label="Summary">
        <span>
          {connections.length} connection{connections.length === 1 ? '' : 's'} · {frames} frame{frames === 1 ? '' : 's'}
        </span>
        {status && status.droppedFrames > 0 && (
          <span class="dropped" aria-label="Dropped frames">
            {status.droppedFrames} earlier frames dropped (budget {status.settings.maxFramesPerTab.toLocaleString('en')}{' '}
            frames)
          </span>
        )}
        {status && status.rejected > 0 && (
          <span class="error" title="Messages from the page that failed validation and were discarded">
            {status.rejected} invalid records refused
          </span>
        )}
        <span class="tab">tab {tabId}</span>
      </footer>
    </div>
  );
}
