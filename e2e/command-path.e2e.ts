/**
 * The command path itself (issue 7, step 1): session client → panel port →
 * service → the owning document's relay → hook, and back with a result or an
 * error code. Commands are sent as the panel sends them, through the session
 * client; the panel's controls are tested in actions.e2e.ts.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { SessionClient } from '../src/client/types';
import type { Command } from '../src/protocol/actions';
import { startLens, type Lens } from './harness/lens';
import type { PanelView } from './harness/panel-view';
import { sendCommand as commandOf } from './harness/commands';
import { stopServiceWorker } from './harness/worker';

let lens: Lens;
let page: Page;
let tabId: number;
let panel: PanelView;
let client: SessionClient;

const sendCommand = (tab: number, conn: string, command: Command) => commandOf(client, tab, conn, command);

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
  client = await lens.client();
});
afterAll(async () => {
  await lens?.shutdown();
});

it('sends text and binary on the socket a command names, and answers ok', async () => {
  await connect('one');
  await connect('two');
  await expect.poll(() => panel.connections.count()).toBe(2);
  const two = await panel.connId('name=two');
  expect(await sendCommand(tabId, two, { type: 'send', payload: { type: 'text', data: 'héllo' } })).toBeNull();
  expect(await sendCommand(tabId, two, { type: 'send', payload: { type: 'binary', data: 'AAEC/w==' } })).toBeNull();
  await expect.poll(() => received('two')).toEqual(['héllo', [0, 1, 2, 255]]);
  expect(received('one')).toEqual([]);
});

it('says with its code that a socket is closed, and that an unknown one does not exist', async () => {
  await connect('closing');
  await expect.poll(() => panel.connections.count()).toBe(3);
  const conn = await panel.connId('name=closing');
  expect(await sendCommand(tabId, conn, { type: 'close', code: 4000, reason: 'done' })).toBeNull();
  await expect.poll(() => panel.connectionCells('name=closing').then((c) => c.state)).toBe('closed');
  expect(await sendCommand(tabId, conn, { type: 'send', payload: { type: 'text', data: 'x' } })).toBe('closed');
  expect(await sendCommand(tabId, '99.1', { type: 'send', payload: { type: 'text', data: 'x' } })).toBe(
    'unknown-socket',
  );
  // Another tab's connection id, named with this tab: nothing of the other tab is reached.
  const other = await lens.openFixture('actions.html');
  await other.page.evaluate(() => (window as unknown as Fixture).connect('elsewhere', { path: 'sink' }));
  const otherPanel = await lens.openPanel(other.tabId);
  await expect.poll(() => otherPanel.connections.count()).toBe(1);
  const elsewhere = await otherPanel.connId('name=elsewhere');
  const missing = await sendCommand(tabId, `${elsewhere.split('.')[0]}9.1`, {
    type: 'send',
    payload: { type: 'text', data: 'x' },
  });
  expect(missing).toBe('unknown-socket');
  await other.page.close();
  await otherPanel.page.close();
});

it('refuses a malformed command with bad-request, naming the field', async () => {
  const malformed = { type: 'close', code: 1006 } as Command;
  const error = await client.command(tabId, '1.1', malformed).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'bad-request' });
  expect((error as Error).message).toMatch(/^command\.code: A close code must be 1000 or 3000–4999/);
});

it('says a socket is gone with its page (navigated away, its connections kept by Preserve log)', async () => {
  const other = await lens.openFixture('actions.html');
  const otherPanel = await lens.openPanel(other.tabId);
  await otherPanel.page.getByLabel('Preserve log').check();
  await other.page.evaluate(() => (window as unknown as Fixture).connect('left', { path: 'sink' }));
  await expect.poll(() => otherPanel.connections.count()).toBe(1);
  const left = await otherPanel.connId('name=left');
  await other.page.goto(`${lens.server.origin}/socket.html`);
  await expect
    .poll(() => sendCommand(other.tabId, left, { type: 'send', payload: { type: 'text', data: 'x' } }))
    .toBe('page-gone');
  await otherPanel.page.getByLabel('Preserve log').uncheck();
  await other.page.close();
  await otherPanel.page.close();
});

it('reaches a socket after the service worker restarted (its relay is woken)', async () => {
  const one = await panel.connId('name=one');
  await stopServiceWorker(lens, page);
  // A command posted before the client has seen its link drop fails with not-connected (it may not have
  // arrived); once the client knows, requests wait for the new link.
  await expect.poll(() => client.state).toBe('reconnecting');
  expect(await sendCommand(tabId, one, { type: 'send', payload: { type: 'text', data: 'after restart' } })).toBeNull();
  await expect.poll(() => received('one')).toEqual(['after restart']);
});
