/**
 * The inspector panel (issue 6), opened as a tab on a page with three sockets
 * and mixed JSON, text and binary traffic: selecting and merging connections,
 * filters (text, regex, direction), JSON and hex details, keyboard use, pause
 * and clear.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startLens, type Lens } from './harness/lens';
import type { PanelView } from './harness/panel-view';

let lens: Lens;
let page: Page;
let panel: PanelView;
beforeAll(async () => {
  lens = await startLens();
  const opened = await lens.openFixture('mixed.html');
  page = opened.page;
  panel = await lens.openPanel(opened.tabId);
});
afterAll(async () => {
  await lens?.shutdown();
});

const frames = async () => (await panel.messages()).filter((r) => r.kind === 'frame');
const filterBox = () => panel.page.getByLabel('Filter messages');
const matches = () => panel.page.getByRole('status', { name: 'Matches' }).textContent();

it('lists the three sockets with their traffic', async () => {
  await expect.poll(() => panel.connections.count()).toBe(3);
  // Every echo has arrived: json 2/2, text 2/2, bin 1/1.
  for (const [name, counts] of [
    ['json', '2 / 2'],
    ['text', '2 / 2'],
    ['bin', '1 / 1'],
  ]) {
    await expect.poll(() => panel.connectionCells(`name=${name}`).then((c) => c.text)).toContain(counts);
  }
});

it('shows one connection, then several merged in capture order', async () => {
  await panel.select('name=json');
  expect((await frames()).map((r) => `${r.dir} ${r.text}`)).toEqual([
    'sent {"type":"order","id":7,"items":[{"sku":"A1","qty":2}],"user":{"name":"ada"}}',
    'sent {"type":"ping"}',
    'received {"type":"order","id":7,"items":[{"sku":"A1","qty":2}],"user":{"name":"ada"}}',
    'received {"type":"ping"}',
  ]);
  expect(await matches()).toBe('4 frames');
  await panel.connection('name=text').click({ modifiers: ['Control'] });
  const merged = await frames();
  expect(merged).toHaveLength(8);
  expect(merged.map((r) => r.text)).toEqual(
    // Rows of several connections carry the connection's path as a badge before the data.
    expect.arrayContaining(['/echo?name=textplain hello', '/echo?name=json{"type":"ping"}']),
  );
  expect(await panel.page.getByLabel('Summary').textContent()).toContain('2 selected');
});

it('filters by text, by /regex/ and by direction, with a hit count and highlights', async () => {
  await filterBox().fill('ping');
  await expect
    .poll(async () => (await frames()).map((r) => `${r.dir} ${r.text}`))
    .toEqual(['sent /echo?name=json{"type":"ping"}', 'received /echo?name=json{"type":"ping"}']);
  expect(await matches()).toBe('2 matching frames');
  expect(await panel.page.locator('[aria-label="Messages"] mark').allTextContents()).toEqual(['ping', 'ping']);

  await filterBox().fill('/"qty":\\d|timeout after \\d+/');
  await expect.poll(async () => (await frames()).length).toBe(4);
  await panel.page.getByLabel('Direction').selectOption('received');
  await expect.poll(async () => (await frames()).map((r) => r.dir)).toEqual(['received', 'received']);
  expect(await matches()).toBe('2 matching frames');

  await filterBox().fill('/(unclosed/');
  await expect.poll(() => panel.page.getByRole('alert').textContent()).toMatch(/^Invalid regular expression/);
  await filterBox().press('Escape');
  await panel.page.getByLabel('Direction').selectOption('all');
  await expect.poll(async () => (await frames()).length).toBe(8);
});

it('opens a JSON frame as a tree and a binary frame as a hex dump', async () => {
  await panel.select('name=json');
  await panel.page.locator('[aria-label="Messages"] [role="row"][data-dir="received"]').first().click();
  const detail = panel.page.getByRole('region', { name: 'Message detail' });
  await expect.poll(() => detail.getByRole('tab', { selected: true }).textContent()).toBe('JSON');
  const tree = detail.getByRole('group', { name: 'JSON tree' });
  // Two levels start expanded; the item inside the array is the third.
  await detail.getByRole('button', { name: 'Expand items[0]' }).click();
  await expect.poll(() => tree.textContent()).toContain('sku');
  const text = (await tree.textContent()) ?? '';
  for (const part of ['type', '"order"', 'id', '7', 'items', 'user', 'name', '"ada"']) expect(text).toContain(part);
  await detail.getByRole('button', { name: 'Collapse user' }).click();
  await expect.poll(() => tree.textContent()).not.toContain('"ada"');

  await panel.select('name=bin');
  await panel.page.locator('[aria-label="Messages"] [role="row"][data-type="binary"]').first().click();
  await expect.poll(() => detail.getByRole('tab', { selected: true }).textContent()).toBe('Hex');
  const hex = detail.getByRole('region', { name: 'Hex dump' }).locator('.hex-line:not(.hex-head)');
  await expect
    .poll(() => hex.first().textContent())
    .toBe('00000000  de ad be ef 41 42 00 7f                           |....AB..|');
  await detail.getByRole('tab', { name: 'Base64' }).click();
  await expect.poll(() => detail.getByRole('tabpanel').textContent()).toContain('3q2+70FCAH8=');
  await detail.getByRole('button', { name: 'Close detail' }).click();
  expect(await panel.page.getByRole('region', { name: 'Message detail' }).count()).toBe(0);
});

it('moves through messages with the keyboard and opens the detail with Enter', async () => {
  await panel.select('name=text');
  const rows = panel.page.getByLabel('Message rows');
  await rows.focus();
  // Down past create, open and the handshake (in the order they arrived) to the first frame.
  for (let i = 0; i < 5; i++) {
    await rows.press('ArrowDown');
    if ((await panel.page.locator('[aria-selected="true"][data-kind]').getAttribute('data-kind')) === 'frame') break;
  }
  await rows.press('Enter');
  const detail = panel.page.getByRole('region', { name: 'Message detail' });
  await expect.poll(() => detail.getByRole('tabpanel').textContent()).toContain('plain hello');
  await rows.press('Escape');
  expect(await detail.count()).toBe(0);
  await panel.page.keyboard.press('Control+f');
  expect(await panel.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Filter messages');
});

it('pauses capture and clears', async () => {
  await panel.select('name=text');
  await panel.page.getByRole('button', { name: 'Pause capture' }).click();
  await expect.poll(() => panel.page.getByRole('button', { name: 'Resume capture' }).count()).toBe(1);
  await page.evaluate(() => (window as unknown as { sockets: { text: WebSocket } }).sockets.text.send('while paused'));
  await page.waitForTimeout(300);
  expect((await frames()).map((r) => r.text)).not.toContain('while paused');

  await panel.page.getByRole('button', { name: 'Resume capture' }).click();
  await expect.poll(() => panel.page.getByRole('button', { name: 'Pause capture' }).count()).toBe(1);
  await page.evaluate(() => (window as unknown as { sockets: { text: WebSocket } }).sockets.text.send('after resume'));
  await expect.poll(async () => (await frames()).map((r) => r.text)).toContain('after resume');

  await panel.page.getByRole('button', { name: 'Clear' }).click();
  await expect.poll(async () => (await frames()).length).toBe(0);
  // The sockets are still open, so still listed (once the panel applies the records after the clear).
  await expect.poll(() => panel.connections.count()).toBe(3);
});

it('follows new messages at the bottom, stops when scrolled up, and resumes at the bottom', async () => {
  const { tabId } = await lens.openFixture('live.html');
  const live = await lens.openPanel(tabId);
  await live.page.setViewportSize({ width: 1200, height: 500 });
  const scroller = live.page.getByLabel('Message rows');
  const lastVisibleSeq = () =>
    scroller.evaluate((el) => {
      const bottom = el.getBoundingClientRect().bottom;
      const rows = [...el.querySelectorAll<HTMLElement>('[role="row"]')].filter(
        (r) => r.getBoundingClientRect().top < bottom - 10,
      );
      return Math.max(...rows.map((r) => Number(r.dataset.seq)));
    });
  const newestSeq = () =>
    scroller.evaluate((el) =>
      Math.max(...[...el.querySelectorAll<HTMLElement>('[role="row"]')].map((r) => Number(r.dataset.seq))),
    );
  await expect
    .poll(
      () =>
        live.page
          .getByRole('status', { name: 'Matches' })
          .textContent()
          .then((t) => parseInt(t ?? '0', 10)),
      { timeout: 10_000 },
    )
    .toBeGreaterThan(60);
  // Following: the newest row is in view.
  await expect.poll(async () => (await lastVisibleSeq()) === (await newestSeq()), { timeout: 5_000 }).toBe(true);

  await scroller.evaluate((el) => (el.scrollTop = 0));
  // The virtual list renders the rows for the new position on its next update.
  await expect
    .poll(() => scroller.evaluate((el) => el.querySelector('[role="row"][data-kind="create"]') !== null))
    .toBe(true);
  const pinned = await lastVisibleSeq();
  expect(Number.isFinite(pinned)).toBe(true);
  await live.page.waitForTimeout(400); // frames keep arriving every 50 ms
  expect(await lastVisibleSeq()).toBe(pinned);

  await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await live.page.waitForTimeout(400);
  await expect.poll(async () => (await lastVisibleSeq()) > pinned + 5, { timeout: 5_000 }).toBe(true);
  await live.page.close();
});
