/**
 * Background service worker: the hub between every tab's relays and the
 * panels.
 *
 *   relay (per frame) ──runtime.Port──▶ SessionHub ──runtime.Port──▶ panel(s)
 *
 * Listeners are registered at the top level so that a worker woken by a
 * connection gets it.
 */
import browser from 'webextension-polyfill';
import { PANEL_PORT, RELAY_PORT } from '../protocol/version';
import { SessionHub } from './hub';

const hub = new SessionHub(browser.runtime.getURL(''));

browser.runtime.onConnect.addListener((port) => {
  if (port.name === RELAY_PORT) hub.acceptRelay(port);
  else if (port.name === PANEL_PORT) hub.acceptPanel(port);
  else port.disconnect();
});

browser.tabs.onRemoved.addListener((tabId) => hub.dropTab(tabId));
