/**
 * The command path itself (issue 7, step 1): panel port → hub → the owning
 * document's relay → hook, and back with a result. Commands are sent as the
 * panel sends them, from an extension page; the panel's controls are tested
 * in actions.e2e.ts.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startLens, type Lens } from './harness/lens';
import type { PanelView } from './harness/panel-view';
import { sendCommand } from './harness/commands';
import { stopServiceWorker } from './harness/worker';

let lens: Lens;
let page: Page;
let tabId: number;
let panel: PanelView;

const received = (name: string) =>
  lens.server.received
    .filter((m) => m.path.endsWith(`name=${name}`))
    .map((m) => (m.isBinary ? [...m.data] : m.data.toString()));
const connect = (name: string) =>
  page.evaluate((n) => (window as unknown as Fixture).connect(n, { path: 'sink' }), name);

interface Fixture {
  connect(name: string, options?: { path?: string; binaryType?: string }): Promise<string>;
}

beforeAll(async () => {
  lens = await startLens();
  ({ page, tabId } = await lens.openFixture('actions.html'));
  panel = await lens.openPanel(tabId);
});
afterAll(async () => {
  await lens?.shutdown();
});

it('sends text and binary on the socket a command names, and answers ok', async () => {
  await connect('one');
  await connect('two');
  await expect.poll(() => panel.connections.count()).toBe(2);
  const two = await panel.connId('name=two');
  expect(
    await sendCommand(panel.page, tabId, two, { type: 'send', payload: { type: 'text', data: 'héllo' } }),
  ).toBeNull();
  expect(
    await sendCommand(panel.page, tabId, two, { type: 'send', payload: { type: 'binary', data: 'AAEC/w==' } }),
  ).toBeNull();
  await expect.poll(() => received('two')).toEqual(['héllo', [0, 1, 2, 255]]);
  expect(received('one')).toEqual([]);
});

it('says which socket is closed, and that an unknown one does not exist', async () => {
  await connect('closing');
  await expect.poll(() => panel.connections.count()).toBe(3);
  const conn = await panel.connId('name=closing');
  expect(await sendCommand(panel.page, tabId, conn, { type: 'close', code: 4000, reason: 'done' })).toBeNull();
  await expect.poll(() => panel.connectionCells('name=closing').then((c) => c.state)).toBe('closed');
  expect(await sendCommand(panel.page, tabId, conn, { type: 'send', payload: { type: 'text', data: 'x' } })).toBe(
    `socket ${conn} is closed`,
  );
  expect(await sendCommand(panel.page, tabId, '99.1', { type: 'send', payload: { type: 'text', data: 'x' } })).toBe(
    'no such socket in this tab',
  );
  // Another tab's connection id, named with this tab: nothing of the other tab is reached.
  const other = await lens.openFixture('actions.html');
  await other.page.evaluate(() => (window as unknown as Fixture).connect('elsewhere', { path: 'sink' }));
  const otherPanel = await lens.openPanel(other.tabId);
  await expect.poll(() => otherPanel.connections.count()).toBe(1);
  const elsewhere = await otherPanel.connId('name=elsewhere');
  const missing = await sendCommand(panel.page, tabId, `${elsewhere.split('.')[0]}9.1`, {
    type: 'send',
    payload: { type: 'text', data: 'x' },
  });
  expect(missing).toBe('no such socket in this tab');
  await other.page.close();
  await otherPanel.page.close();
});

it('refuses a malformed command with a clear error', async () => {
  const error = await panel.page.evaluate(
    (tab) =>
      new Promise<string>((resolve) => {
        const port = chrome.runtime.connect({ name: 'wsl-panel' });
        port.onMessage.addListener((m: { type: string; message?: string }) => {
          if (m.type === 'error') resolve(m.message ?? '');
        });
        port.postMessage({ type: 'command', id: 1, tabId: tab, conn: '1.1', command: { type: 'close', code: 1006 } });
      }),
    tabId,
  );
  expect(error).toMatch(/^Bad request: command\.code: A close code must be 1000 or 3000–4999/);
});

it('says a socket is closed once its page is gone (navigated away, its connections kept by Preserve log)', async () => {
  const other = await lens.openFixture('actions.html');
  const otherPanel = await lens.openPanel(other.tabId);
  await otherPanel.page.getByLabel('Preserve log').check();
  await other.page.evaluate(() => (window as unknown as Fixture).connect('left', { path: 'sink' }));
  await expect.poll(() => otherPanel.connections.count()).toBe(1);
  const left = await otherPanel.connId('name=left');
  await other.page.goto(`${lens.server.origin}/socket.html`);
  await expect
    .poll(() => sendCommand(panel.page, other.tabId, left, { type: 'send', payload: { type: 'text', data: 'x' } }))
    .toBe(`socket ${left} is closed: its page is gone`);
  await otherPanel.page.getByLabel('Preserve log').uncheck();
  await other.page.close();
  await otherPanel.page.close();
});

it('reaches a socket after the service worker restarted (its relay is woken)', async () => {
  const one = await panel.connId('name=one');
  await stopServiceWorker(lens, page);
  expect(
    await sendCommand(panel.page, tabId, one, { type: 'send', payload: { type: 'text', data: 'after restart' } }),
  ).toBeNull();
  await expect.poll(() => received('one')).toEqual(['after restart']);
});
