/**
 * Background service worker: the session service between capture sources and
 * clients, wired to the browser.
 *
 *   relay (per frame) ──runtime.Port──▶ sources/relay-port ──▶ SessionService ◀── endpoints/panel-port ◀──runtime.Port── panel(s), CLI
 *   browser.webRequest ──────────────▶ sources/web-request ──▶ │ (handshakes)
 *   chrome.debugger (Chrome, opt-in) ─▶ sources/deep-capture ─▶ │ (workers' sockets)
 *                                                                 │
 *                                                                 └── IndexedDB (survives worker restarts)
 *
 * Listeners are registered synchronously at the top level, so a worker woken
 * by a connection gets it; their work waits until the stored sessions are
 * loaded (`service`), in arrival order.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { PANEL_PORT, RELAY_PORT } from '../protocol/version';
import type { RelayWake } from '../protocol/messages';
import { SessionService, type DebuggerDocument } from './session-service';
import { MAX_CAPTURED_BYTES } from '../protocol/limits';
import { acceptRelayPort } from './sources/relay-port';
import { observeHandshakes, type WebRequestEvents } from './sources/web-request';
import { DeepCapture, type DebuggerApi } from './sources/deep-capture';
import { BROWSER } from '../lib/platform';
import { acceptPanelPort } from './endpoints/panel-port';
import { StoreDb } from './store-db';
import { holdPort } from './held-port';
import { loadSettings, onSettingsChanged, saveSettings } from './settings-store';
import type { Settings } from '../protocol/settings';

const settingsLoaded = loadSettings();
const service = (async () => {
  // Opened lazily by its first use; a database that cannot open makes the service memory-only (write-queue.ts).
  const db = new StoreDb();
  const [settings, tabs] = await Promise.all([settingsLoaded, browser.tabs.query({})]);
  const liveTabs = tabs.flatMap((tab) => (tab.id === undefined ? [] : [tab.id]));
  return SessionService.start({
    db,
    settings,
    liveTabs,
    saveSettings: saveAndFollow,
    wake,
    deepCapture: deepCaptureControl(),
  });
})();
service.catch((error: unknown) => console.error('WebSocket Lens: the session store failed to start', error));

/** A client's switch applies before its answer; the options page's comes by onSettingsChanged. */
function saveAndFollow(settings: Settings): Promise<void> {
  followHeaders(settings);
  return saveSettings(settings);
}

/** Relays answer a wake by connecting (and saying hello) if they are not connected. */
function wake(tabId: number, frameId?: number, docId?: string): void {
  const message: RelayWake = { type: 'wake', ...(docId === undefined ? {} : { docId }) };
  browser.tabs.sendMessage(tabId, message, frameId === undefined ? undefined : { frameId }).catch(() => {}); // no relay in that frame (any more): the command times out, rules wait for a hello
}

browser.runtime.onConnect.addListener((port) => {
  if (port.name !== RELAY_PORT && port.name !== PANEL_PORT) return port.disconnect();
  if (port.name === PANEL_PORT) countLooker(port);
  const held = holdPort(port);
  const origin = browser.runtime.getURL('');
  void service.then((s) => (port.name === RELAY_PORT ? acceptRelayPort(s, held) : acceptPanelPort(s, origin, held)));
});

// The polyfill's types are narrower than the options both browsers take; the source checks what it reads.
const handshakes = observeHandshakes(
  browser.webRequest as unknown as WebRequestEvents,
  BROWSER,
  (tabId, frameId, handshake) => void service.then((s) => s.observeHandshake(tabId, frameId, handshake)),
);
/**
 * Chrome's extraHeaders (Cookie, Origin…) slow every handshake of the browser,
 * so they are asked for while someone looks (a client connected: a panel, the
 * CLI, an MCP server), or always when the setting says so. Until the settings
 * are read, only while someone looks. (DevTools open on another panel does
 * not count: its page holding a port would wake a stopped worker again and again.)
 */
let lookers = 0;
let alwaysAllHeaders = false;
function followHeaders(settings?: Settings): void {
  if (settings) alwaysAllHeaders = settings.allHandshakeHeaders;
  handshakes.showAllHeaders(alwaysAllHeaders || lookers > 0);
}
function countLooker(port: Runtime.Port): void {
  lookers += 1;
  followHeaders();
  port.onDisconnect.addListener(() => {
    lookers -= 1;
    followHeaders();
  });
}
void settingsLoaded.then(followHeaders);

/**
 * Chrome's debugger, called directly (the polyfill does not wrap it, and
 * Firefox has none). Its listeners are registered here, at the top level.
 */
const debuggerApi =
  BROWSER === 'chrome' ? (globalThis as { chrome?: { debugger?: DebuggerApi } }).chrome?.debugger : undefined;
const deepCapture =
  debuggerApi &&
  new DeepCapture(debuggerApi, {
    state: (tabId, state) => void service.then((s) => s.setDeepCaptureState(tabId, state)),
    open: (tabId) => {
      // Records wait for the service like everything else, in order.
      const document = service.then((s) => s.openDebuggerDocument(tabId));
      let opened: DebuggerDocument | undefined;
      void document.then((d) => (opened = d));
      return {
        ingest: (records) => void document.then((d) => d.ingest(records)),
        payloadLimit: () => opened?.payloadLimit() ?? MAX_CAPTURED_BYTES,
        close: () => void document.then((d) => d.close()),
      };
    },
  });

function deepCaptureControl() {
  if (!deepCapture) return undefined;
  return {
    start: async (tabId: number) => deepCapture.start(tabId, (await browser.tabs.get(tabId)).url ?? ''),
    stop: (tabId: number) => deepCapture.stop(tabId),
  };
}

browser.tabs.onRemoved.addListener((tabId) => void service.then((s) => s.dropTab(tabId)));
onSettingsChanged((settings) => {
  followHeaders(settings);
  void service.then((s) => s.applySettings(settings));
});
