/**
 * Handshakes in Chromium, from the browser's webRequest (no debugger): the
 * request's and the response's headers in the panel's Headers tab and in the
 * exported HAR, checked against what the server received (Cookie and Origin
 * only while a panel is open, or always once asked); failed sockets say
 * so in the connection list; a dedicated worker's socket, which the page hook
 * never sees, is listed from its handshake alone.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startLens, type Lens } from './harness/lens';
import type { PanelView } from './harness/panel-view';
import {
  COOKIE,
  SERVER_HEADER,
  SUBPROTOCOL,
  connectionRow,
  harEntry,
  harHeader,
  loadHandshakePage,
  PAGE_EVENTS,
  readHeaders,
  startHandshakeServer,
  type HandshakeServer,
} from './harness/handshakes';
import { exportHarFromPanel } from './harness/panel-export';
import type { Har } from '../src/lib/logs/har-types';

let lens: Lens;
let server: HandshakeServer;
let page: Page;
let panel: PanelView;

beforeAll(async () => {
  lens = await startLens();
  server = await startHandshakeServer();
  page = await lens.context.newPage();
  expect(await loadHandshakePage(page, server)).toEqual(PAGE_EVENTS);
  panel = await lens.openPanel(await lens.tabIdOf(page));
});
afterAll(async () => {
  await lens?.shutdown();
  await server?.close();
});

/** Loads the page again with no panel open (a panel asks Chrome for every header), then opens one. */
async function loadWithoutPanel(): Promise<void> {
  await panel.page.close();
  expect(await loadHandshakePage(page, server)).toEqual(PAGE_EVENTS);
  panel = await lens.openPanel(await lens.tabIdOf(page));
  await expect.poll(() => connectionRow(panel.page, '/ok').then((row) => row?.state)).toBe('open');
}

/** The /ok row's headers once its handshake is there (the hook's open may reach the panel first). */
async function okHeaders(): Promise<Record<string, Record<string, string>>> {
  await expect.poll(() => readHeaders(panel.page, '/ok').then((h) => h.General?.['Status Code'])).toBeTruthy();
  return readHeaders(panel.page, '/ok');
}

async function expectHidden(): Promise<void> {
  const headers = await okHeaders();
  expect(headers['Request Headers']).toHaveProperty('User-Agent');
  expect(headers['Request Headers']).not.toHaveProperty('Cookie');
  expect(headers['Request Headers']).not.toHaveProperty('Origin');
}

it('leaves out the Cookie and Origin that Chrome hides while no panel is open, and says so', async () => {
  // beforeAll loaded the page before the panel opened.
  expect(server.seen.get('/ok')!.cookie).toBe(COOKIE); // the page did send it
  await expect.poll(() => connectionRow(panel.page, '/ok').then((row) => row?.state)).toBe('open');
  await expectHidden();
  const note = panel.page.getByRole('note', { name: 'Hidden headers' });
  expect(await note.textContent()).toContain('no WebSocket Lens panel was open');
  // With the panel open, the page's sockets again: the tests below read these.
  expect(await loadHandshakePage(page, server)).toEqual(PAGE_EVENTS);
});

it('shows the request and response headers of a handshake, as the server saw them', async () => {
  const seen = server.seen.get('/ok')!;
  expect(seen.cookie).toBe(COOKIE);
  expect(seen['sec-websocket-protocol']).toBe(SUBPROTOCOL);
  await expect.poll(() => connectionRow(panel.page, '/ok').then((row) => row?.state)).toBe('open');
  const headers = await okHeaders();
  expect(headers.General).toMatchObject({
    'Request URL': `${server.origin.replace('http', 'ws')}/ok`,
    'Request Method': 'GET',
    'Status Code': '101 Switching Protocols',
    'Requested subprotocols': SUBPROTOCOL,
  });
  expect(headers['Request Headers']).toMatchObject({ Cookie: seen.cookie, Origin: seen.origin });
  expect(headers['Response Headers']).toMatchObject({
    [SERVER_HEADER.name]: SERVER_HEADER.value,
    'Sec-WebSocket-Protocol': SUBPROTOCOL,
  });
});

it('says in the connection list that the 403 and the unreachable server failed (Chrome gives one reason for both)', async () => {
  expect(server.seen.has('/forbidden')).toBe(true);
  for (const part of ['/forbidden', '/down']) {
    await expect
      .poll(() => connectionRow(panel.page, part).then((row) => row?.failure))
      .toBe('Handshake failed (net::ERR_FAILED)');
    // The failure comes from webRequest, the state from the hook's error and close, which may come later.
    await expect.poll(() => connectionRow(panel.page, part).then((row) => row?.state)).toBe('error');
  }
  const headers = await readHeaders(panel.page, '/forbidden');
  expect(headers.General!.Failure).toContain('a refusing status (403…) and an unreachable server alike');
});

it("lists a dedicated worker's socket from its handshake alone, read-only", async () => {
  expect(server.seen.get('/from-worker')?.cookie).toBe(COOKIE);
  await expect
    .poll(() => connectionRow(panel.page, '/from-worker'), { timeout: 10_000 })
    .toEqual({ state: 'open', failure: '', badges: ['handshake only'] });
  const headers = await readHeaders(panel.page, '/from-worker');
  expect(headers.General!['Seen by']).toContain('no frames are recorded');
  expect(headers['Response Headers']).toMatchObject({ [SERVER_HEADER.name]: SERVER_HEADER.value });
  expect(await panel.page.locator('[aria-label="Composer"]').count()).toBe(0);
});

it('exports the handshakes in the HAR: real headers and statuses', async () => {
  await expect.poll(() => connectionRow(panel.page, '/from-worker').then(Boolean), { timeout: 10_000 }).toBe(true);
  const har = JSON.parse(await exportHarFromPanel(panel.page)) as Har;
  const entry = (part: string) => harEntry(har, part);
  expect(harHeader(entry('/ok').request.headers, 'Cookie')).toBe(COOKIE);
  expect(harHeader(entry('/ok').request.headers, 'Sec-WebSocket-Protocol')).toBe(SUBPROTOCOL);
  expect(entry('/ok').response.status).toBe(101);
  expect(harHeader(entry('/ok').response.headers, SERVER_HEADER.name)).toBe(SERVER_HEADER.value);
  expect(entry('/forbidden')._error).toBe('net::ERR_FAILED');
  expect(entry('/from-worker').response.status).toBe(101);
});

it('asks Chrome for every header with no panel open too, once the Headers tab was told to always ask', async () => {
  await loadWithoutPanel();
  await expectHidden();
  const note = panel.page.getByRole('note', { name: 'Hidden headers' });
  await note.getByRole('button', { name: 'Always ask Chrome for every header' }).click();
  await expect.poll(() => note.textContent()).toContain('Every handshake from now on has them.');

  await loadWithoutPanel();
  const seen = server.seen.get('/ok')!;
  const headers = await okHeaders();
  expect(headers['Request Headers']).toMatchObject({ Cookie: seen.cookie, Origin: seen.origin });
  expect(await panel.page.getByRole('note', { name: 'Hidden headers' }).count()).toBe(0);
});
