/**
 * Panel entry: the Preact UI of the inspected tab's sockets.
 *
 *   background ──runtime.Port──▶ client (src/client) ──▶ store (createPanelStore) ──context──▶ components
 */
import { render } from 'preact';
import browser from 'webextension-polyfill';
import { App } from './components/App';
import { inspectedTabId } from './tab-id';
import { followTheme } from './theme';
import { createClient } from '../client/client';
import { extensionPortTransport } from '../client/transports/extension-port';
import { PANEL_PORT } from '../protocol/version';
import { createPanelStore } from './store';
import { PanelStoreContext } from './store-context';
import { loadSchemaDecoders } from './protobuf-schemas';

const root = document.getElementById('root')!;
followTheme(document.documentElement);
const tabId = inspectedTabId();
if (tabId === null) {
  root.textContent = 'No tab to inspect: open this panel from DevTools, or add ?tabId=<id> to the URL.';
} else {
  const client = createClient(extensionPortTransport(() => browser.runtime.connect({ name: PANEL_PORT })));
  const store = createPanelStore(client, tabId);
  store.connect();
  void loadSchemaDecoders();
  render(
    <PanelStoreContext.Provider value={store}>
      <App tabId={tabId} />
    </PanelStoreContext.Provider>,
    root,
  );
}
