/**
 * Handshakes in Firefox (firefox-esr over WebDriver BiDi, dist-firefox/), from
 * the browser's webRequest: the Headers tab and the exported HAR against what
 * the server received; Firefox names why a socket failed (the 403's status,
 * a refused connection); a dedicated worker's socket is listed as a worker's.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { findFirefox } from '../src/cli/firefox';
import { startFirefoxLens, type FirefoxLens, type FirefoxPanel } from './harness/firefox-lens';
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
import { exportHarFromPanel, type Evaluator } from './harness/panel-export';
import type { Har } from '../src/lib/logs/har-types';

let lens: FirefoxLens;
let server: HandshakeServer;
let panel: FirefoxPanel;
let ui: Evaluator;

beforeAll(async () => {
  findFirefox(); // fails with an install hint: never a silent skip
  lens = await startFirefoxLens();
  server = await startHandshakeServer();
  const page: Page = await lens.browser.newPage();
  expect(await loadHandshakePage(page as unknown as Evaluator & Pick<Page, 'goto'>, server)).toEqual(PAGE_EVENTS);
  panel = await lens.openPanel(await lens.tabIdOf(page));
  ui = panel.page as unknown as Evaluator;
});
afterAll(async () => {
  await lens?.shutdown();
  await server?.close();
});

it('shows the request and response headers of a handshake, as the server saw them', async () => {
  const seen = server.seen.get('/ok')!;
  expect(seen.cookie).toBe(COOKIE);
  await expect.poll(() => connectionRow(ui, '/ok').then((row) => row?.state)).toBe('open');
  const headers = await readHeaders(ui, '/ok');
  expect(headers.General).toMatchObject({ 'Request Method': 'GET', 'Status Code': '101 Switching Protocols' });
  // Firefox reports every header it sent, the subprotocol and key among them.
  expect(headers['Request Headers']).toMatchObject({
    Cookie: seen.cookie,
    Origin: seen.origin,
    'Sec-WebSocket-Protocol': seen['sec-websocket-protocol'],
    'Sec-WebSocket-Key': seen['sec-websocket-key'],
  });
  expect(headers['Response Headers']).toMatchObject({
    [SERVER_HEADER.name]: SERVER_HEADER.value,
    'Sec-WebSocket-Protocol': SUBPROTOCOL,
  });
});

it('says why the 403 and the unreachable server failed', async () => {
  await expect.poll(() => connectionRow(ui, '/forbidden').then((row) => row?.failure)).toBe('Refused: 403 Forbidden');
  await expect
    .poll(() => connectionRow(ui, '/down').then((row) => row?.failure))
    .toBe('Connection refused (NS_ERROR_CONNECTION_REFUSED)');
  const headers = await readHeaders(ui, '/forbidden');
  expect(headers['Response Headers']).toMatchObject({ 'X-Why': 'members-only' });
});

it("lists a dedicated worker's socket as a worker's, read-only", async () => {
  expect(server.seen.get('/from-worker')?.cookie).toBe(COOKIE);
  await expect
    .poll(() => connectionRow(ui, '/from-worker'), { timeout: 10_000 })
    .toEqual({ state: 'open', failure: '', badges: ['worker'] });
  const headers = await readHeaders(ui, '/from-worker');
  expect(headers.General!['Seen by']).toContain('opened by a worker');
});

it('exports the handshakes in the HAR: real headers and statuses', async () => {
  await expect.poll(() => connectionRow(ui, '/from-worker').then(Boolean), { timeout: 10_000 }).toBe(true);
  const har = JSON.parse(await exportHarFromPanel(ui)) as Har;
  const entry = (part: string) => harEntry(har, part);
  expect(harHeader(entry('/ok').request.headers, 'Cookie')).toBe(COOKIE);
  expect(harHeader(entry('/ok').response.headers, SERVER_HEADER.name)).toBe(SERVER_HEADER.value);
  expect(entry('/forbidden').response).toMatchObject({ status: 403, statusText: 'Forbidden' });
  expect(entry('/down')._error).toBe('NS_ERROR_CONNECTION_REFUSED');
});
