/**
 * The panel's port to the background: subscribe to one tab, take the session
 * (in pages), then live records and status. When the service worker restarts
 * the port drops; we reconnect and resume from the last record we hold.
 * Commands (pause, clear, preserve log) go out on the same port.
 */
import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';
import { PANEL_PORT, PROTOCOL_VERSION } from '../protocol/version';
import { parsePanelEvent, type PanelRequest } from '../protocol/messages';
import { applyPanelEvent, lastError, linkStatus, resumePoint } from './store';
import { settleCommand } from './actions/commands';

const RECONNECT_DELAY_MS = 250;
let port: Runtime.Port | null = null;
let inspected: number | null = null;

export function linkToBackground(tabId: number): void {
  inspected = tabId;
  const opened = browser.runtime.connect({ name: PANEL_PORT });
  port = opened;
  opened.onMessage.addListener((raw: unknown) => {
    const parsed = parsePanelEvent(raw);
    if (!parsed.ok) {
      lastError.value = `Unexpected message from the background: ${parsed.error}`;
      return;
    }
    linkStatus.value = 'live';
    if (parsed.value.type === 'result') return settleCommand(parsed.value.id, parsed.value.error);
    applyPanelEvent(parsed.value);
  });
  opened.onDisconnect.addListener(() => {
    port = null;
    linkStatus.value = 'reconnecting';
    setTimeout(() => linkToBackground(tabId), RECONNECT_DELAY_MS);
  });
  send({ type: 'subscribe', v: PROTOCOL_VERSION, tabId, resume: resumePoint() });
}

/** Sends a request; while reconnecting it is dropped with a visible error rather than silently. Returns whether it went. */
export function send(request: PanelRequest): boolean {
  if (!port) {
    lastError.value = 'Not connected to the extension; try again in a moment.';
    return false;
  }
  port.postMessage(request);
  return true;
}

/** Asks for the inspected tab's session again, from where the store says it is (nothing held: the whole session). */
export function resubscribe(): void {
  if (inspected !== null) send({ type: 'subscribe', v: PROTOCOL_VERSION, tabId: inspected, resume: resumePoint() });
}
