/**
 * The panel's port to the background: subscribe to one tab, take the snapshot,
 * then live records. When the service worker restarts the port drops; we
 * reconnect and subscribe again, and the new snapshot replaces the old state.
 */
import browser from 'webextension-polyfill';
import { PANEL_PORT, PROTOCOL_VERSION } from '../protocol/version';
import { parsePanelEvent, type PanelRequest } from '../protocol/schema';
import { applyPanelEvent, lastError, linkStatus } from './store';

const RECONNECT_DELAY_MS = 250;

export function linkToBackground(tabId: number): void {
  const port = browser.runtime.connect({ name: PANEL_PORT });
  port.onMessage.addListener((raw: unknown) => {
    const parsed = parsePanelEvent(raw);
    if (!parsed.ok) {
      lastError.value = `Unexpected message from the background: ${parsed.error}`;
      return;
    }
    linkStatus.value = 'live';
    applyPanelEvent(parsed.value);
  });
  port.onDisconnect.addListener(() => {
    linkStatus.value = 'reconnecting';
    setTimeout(() => linkToBackground(tabId), RECONNECT_DELAY_MS);
  });
  const subscribe: PanelRequest = { type: 'subscribe', v: PROTOCOL_VERSION, tabId };
  port.postMessage(subscribe);
}
