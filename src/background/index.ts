/**
 * Background service worker: the hub between every tab's relays and the
 * panels.
 *
 *   relay (per frame) ──runtime.Port──▶ SessionHub ──runtime.Port──▶ panel(s)
 *                                         │
 *                                         └── IndexedDB (survives worker restarts)
 *
 * Listeners are registered synchronously at the top level, so a worker woken
 * by a connection gets it; their work waits until the stored sessions are
 * loaded (`hub`), in arrival order.
 */
import browser from 'webextension-polyfill';
import { PANEL_PORT, RELAY_PORT } from '../protocol/version';
import type { RelayWake } from '../protocol/messages';
import { SessionHub } from './hub';
import { StoreDb } from './store-db';
import { holdPort } from './held-port';
import { loadSettings, onSettingsChanged, saveSettings } from './settings-store';

const hub = (async () => {
  // Opened lazily by its first use; a database that cannot open makes the hub memory-only (write-queue.ts).
  const db = new StoreDb();
  const [settings, tabs] = await Promise.all([loadSettings(), browser.tabs.query({})]);
  const liveTabs = tabs.flatMap((tab) => (tab.id === undefined ? [] : [tab.id]));
  return SessionHub.start({ extensionOrigin: browser.runtime.getURL(''), db, settings, liveTabs, saveSettings, wake });
})();
hub.catch((error: unknown) => console.error('WebSocket Lens: the session store failed to start', error));

/** Relays answer a wake by connecting (and saying hello) if they are not connected. */
function wake(tabId: number, frameId?: number, docId?: string): void {
  const message: RelayWake = { type: 'wake', ...(docId === undefined ? {} : { docId }) };
  browser.tabs.sendMessage(tabId, message, frameId === undefined ? undefined : { frameId }).catch(() => {}); // no relay in that frame (any more): the command times out, rules wait for a hello
}

browser.runtime.onConnect.addListener((port) => {
  if (port.name !== RELAY_PORT && port.name !== PANEL_PORT) return port.disconnect();
  const held = holdPort(port);
  void hub.then((h) => (port.name === RELAY_PORT ? h.acceptRelay(held) : h.acceptPanel(held)));
});

browser.tabs.onRemoved.addListener((tabId) => void hub.then((h) => h.dropTab(tabId)));
onSettingsChanged((settings) => void hub.then((h) => h.applySettings(settings)));
