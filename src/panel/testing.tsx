/**
 * Renders the whole panel for component tests: a real client and a real
 * store (createPanelStore) over a scripted service (client/testing.ts), so
 * what shows is what the panel makes of a session, and what the user does
 * arrives at the service as requests.
 */
import { render, screen, waitFor } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach } from 'vitest';
import { createClient } from '../client/client';
import { scriptedService } from '../client/testing';
import { valid } from '../protocol/testing';
import { App } from './components/App';
import { createPanelStore } from './store';
import { PanelStoreContext } from './store-context';

export const TAB = 3;

const json = '{"type":"hello","user":"ada","tags":["a","b"]}';
/** 0a 1b ff, then "hi": a binary frame searchable by hex and by text. */
const bytes = new Uint8Array([0x0a, 0x1b, 0xff, 0x68, 0x69]);

/**
 * A session as a user meets it: /chat is open, with a JSON frame received, a
 * text frame sent 250 ms later and a binary frame received 50 ms after that;
 * /offline failed (an error, then close 1006). Connection ids: doc.1, doc.2.
 */
export const SESSION: object[] = [
  { ...valid.create, sid: 1, t: 1000, url: 'wss://x.test/chat' },
  { ...valid.open, sid: 1, t: 1010 },
  { ...valid.text, sid: 1, t: 1100, dir: 'received', data: json, size: json.length },
  { ...valid.text, sid: 1, t: 1350, dir: 'sent', data: 'ping', size: 4 },
  { ...valid.binary, sid: 1, t: 1400, dir: 'received', data: bytes, size: 5, truncated: false },
  { ...valid.create, sid: 2, t: 1500, url: 'wss://x.test/offline' },
  { ...valid.error, sid: 2, t: 1600 },
  { ...valid.close, sid: 2, t: 1601, code: 1006, reason: '', wasClean: false, by: 'network' },
];

const disposers: (() => void)[] = [];
afterEach(() => disposers.splice(0).forEach((dispose) => dispose()));

/** The panel showing `records` (wire records, see scriptedService); resolves once they are all applied. */
export async function renderPanel(records: object[] = SESSION) {
  const service = scriptedService(TAB, records);
  const client = createClient(service.transport, { reconnectDelayMs: 5 });
  const store = createPanelStore(client, TAB);
  disposers.push(() => {
    store.dispose();
    client.close();
  });
  store.connect();
  const user = userEvent.setup();
  render(
    <PanelStoreContext.Provider value={store}>
      <App tabId={TAB} />
    </PanelStoreContext.Provider>,
  );
  await waitFor(() => {
    if (store.records.value.length !== records.length) throw new Error('records still on their way');
  });
  return { service, store, user, screen };
}
