/**
 * The relay's link to the background: a runtime.Port that is reopened when the
 * service worker goes away (idle stop, update) and greeted again with the same
 * document id, so the background files later records under the same document.
 */
import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';
import { PROTOCOL_VERSION, RELAY_PORT } from '../protocol/version';
import type { RelayMessage, WireRecord } from '../protocol/schema';
import { BATCH_MAX_RECORDS } from '../protocol/limits';

export function openBackgroundLink(docId: string) {
  let port: Runtime.Port | null = null;

  const connect = (): Runtime.Port => {
    const opened = browser.runtime.connect({ name: RELAY_PORT });
    opened.onDisconnect.addListener(() => {
      if (port === opened) port = null;
    });
    const hello: RelayMessage = { type: 'hello', v: PROTOCOL_VERSION, docId };
    opened.postMessage(hello);
    return opened;
  };

  // The top frame says hello at once, so the background starts a new page session
  // before any iframe of this page can report a socket.
  if (window.top === window) port = connect();

  return {
    send(records: WireRecord[]) {
      for (let i = 0; i < records.length; i += BATCH_MAX_RECORDS) {
        const message: RelayMessage = { type: 'records', records: records.slice(i, i + BATCH_MAX_RECORDS) };
        port ??= connect();
        try {
          port.postMessage(message);
        } catch {
          // The worker went away between our check and the post: reconnect once and retry.
          port = connect();
          port.postMessage(message);
        }
      }
    },
  };
}
