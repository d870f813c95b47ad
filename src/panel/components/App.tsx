import { linkStatus, lastError, revision, selectedId, session } from '../store';
import { ConnectionList } from './ConnectionList';
import { MessageList } from './MessageList';

export function App({ tabId }: { tabId: number }) {
  const connections = [...session.value.connections.values()];
  const selected = selectedId.value ? session.value.connections.get(selectedId.value) : undefined;
  const frames = connections.reduce((n, c) => n + c.sent.count + c.received.count, 0);
  return (
    // Reading revision subscribes this component to every change of the session.
    <div class="app" data-revision={revision.value}>
      <header class="toolbar">
        <strong>WebSocket Lens</strong>
        <span class={`link link-${linkStatus.value}`} role="status" aria-label="Link status">
          {linkStatus.value}
        </span>
        {lastError.value && (
          <span class="error" role="alert">
            {lastError.value}
          </span>
        )}
      </header>
      <main class="panes">
        <section class="pane connections-pane" aria-label="Connections pane">
          <ConnectionList
            connections={connections}
            selectedId={selectedId.value}
            onSelect={(id) => (selectedId.value = id)}
          />
        </section>
        <section class="pane messages-pane" aria-label="Messages pane">
          <MessageList connection={selected} />
        </section>
      </main>
      <footer class="statusbar" aria-label="Summary">
        tab {tabId} · {connections.length} connection{connections.length === 1 ? '' : 's'} · {frames} frame
        {frames === 1 ? '' : 's'}
      </footer>
    </div>
  );
}
