/**
 * What the store does when it cannot keep everything (issue 15): a database that
 * fails under it, a budget smaller than the page's sockets, and a page left
 * while its sockets were open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worker } from 'playwright-core';
import { readSession } from '../src/cli/session-reader';
import { startLens, type Lens } from './harness/lens';
import { storedRowCount, workerHeapUsed } from './harness/worker';

let lens: Lens;
beforeAll(async () => {
  lens = await startLens();
});
afterAll(async () => {
  await lens?.shutdown();
});

const serviceWorker = async (): Promise<Worker> =>
  lens.context.serviceWorkers()[0] ?? (await lens.context.waitForEvent('serviceworker'));

/** Runs in the service worker: opens the extension's database at `version` and closes it again. */
const openDatabaseAt = (version: number) =>
  new Promise<void>((resolve, reject) => {
    const request = indexedDB.open('websocket-lens', version);
    request.onsuccess = () => {
      request.result.close();
      resolve();
    };
    request.onerror = () => reject(request.error);
  });

describe('storage faults', () => {
  it('shows a database that fails under it in the panel, keeps every frame live, and stores everything once it can', async () => {
    const { page, tabId } = await lens.openFixture('socket.html?name=storage');
    await page.evaluate(() => (window as unknown as { echoed: Promise<boolean> }).echoed);
    const panel = await lens.openPanel(tabId);
    await expect.poll(() => panel.connectionCells('name=storage').then((c) => c.text)).toContain('1 / 1');

    // Another context upgrades the database past ours (as a newer build would): the extension closes
    // its connection to let it, and cannot open its own version any more.
    const worker = await serviceWorker();
    await worker.evaluate(openDatabaseAt, 99);

    // The fixture's socket is a top-level `const` of the page: reachable by name from a script.
    const send = (count: number) =>
      page.evaluate(`for (let i = 0; i < ${count}; i++) socket.send('while broken ' + i)`);
    await send(50);
    const alert = panel.page.getByRole('alert', { name: 'Storage error' });
    await expect.poll(() => alert.textContent(), { timeout: 10_000 }).toContain('Recording is not being saved');
    // First the write that finds its connection closed (broken), then the reopen that fails (unavailable).
    await expect.poll(() => alert.getAttribute('data-code'), { timeout: 10_000 }).toBe('unavailable');
    expect(await alert.getAttribute('title')).toMatch(/VersionError/);

    // Nothing the page does breaks, and the live session shows every frame: 1 + 50 each way.
    await send(50);
    await expect.poll(() => panel.connectionCells('name=storage').then((c) => c.text)).toContain('101 / 101');
    expect(lens.server.received.filter((m) => m.path.includes('name=storage'))).toHaveLength(101);
    const { status } = await readSession(lens, tabId);
    expect(status.storage).toMatchObject({ code: 'unavailable' });
    expect(status.storage!.unstored).toBeGreaterThan(0);

    // The database goes away: the extension's retry opens a new one and writes every session whole.
    await worker.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.deleteDatabase('websocket-lens');
          request.onsuccess = () => resolve();
          request.onerror = () => reject(request.error);
        }),
    );
    await expect.poll(() => alert.count(), { timeout: 20_000 }).toBe(0);
    const { session, status: after } = await readSession(lens, tabId);
    const [socket] = [...session.connections.values()];
    // Everything the session holds: create, open, the frames and the browser's handshake.
    expect(socket?.handshake?.status).toBe(101);
    await expect.poll(() => storedRowCount(lens, tabId), { timeout: 10_000 }).toBe(1 + 1 + 202 + 1);
    expect(after.storage).toBeUndefined();
    await panel.page.close();
    await page.close();
  });
});

describe('the budget bounds everything a tab keeps', () => {
  it(
    'keeps 2,000 sockets with long URLs within the smallest budget and says how many were dropped',
    { timeout: 300_000 },
    async () => {
      const worker = await serviceWorker();
      const smallest = { maxFramesPerTab: 100, maxBytesPerTab: 64 * 1024 };
      await worker.evaluate((settings) => chrome.storage.local.set({ settings }), smallest);
      try {
        // Chromium connects one socket to a host at a time (its endpoint lock) and delays new sockets the more
        // are waiting for it: 50 at a time took ~125 s here, with or without the extension; 10 take ~30 s.
        const { page, tabId } = await lens.openFixture('many-sockets.html?count=2000&parallel=10&pad=2000');
        await expect
          .poll(() => page.evaluate(() => (window as unknown as { done: number }).done), { timeout: 240_000 })
          .toBe(2000);
        await expect
          .poll(
            async () => {
              const { session, status } = await readSession(lens, tabId);
              return session.connections.size + status.droppedConnections;
            },
            { timeout: 10_000 },
          )
          .toBe(2000);
        const { session, status } = await readSession(lens, tabId);
        // Within the budget: what is kept of 2,000 URLs of 2 KB each fits in 64 KiB.
        const kept = [...session.connections.values()];
        expect(kept.length).toBeGreaterThan(0);
        expect(kept.length).toBeLessThan(32);
        expect(kept.reduce((n, c) => n + c.url.length, 0)).toBeLessThan(smallest.maxBytesPerTab);
        // Whole connections only, the newest ones, and storage holds no more than memory.
        for (const c of kept) expect(c.state).toBe('closed');
        expect(await storedRowCount(lens, tabId)).toBe(kept.reduce((n, c) => n + c.records.length, 0));
        expect(status.droppedConnections).toBe(2000 - kept.length);
        // The worker's heap stays small (it grew to 239 MB when lifecycle records were outside the budget).
        expect(await workerHeapUsed(lens, page)).toBeLessThan(20 * 1024 * 1024);

        const panel = await lens.openPanel(tabId);
        await expect
          .poll(() => panel.page.getByLabel('Dropped connections').textContent())
          .toContain(`${status.droppedConnections.toLocaleString('en-US')} closed connections dropped`);
        expect(await panel.connections.count()).toBe(kept.length);
        await panel.page.close();
        await page.close();
      } finally {
        await worker.evaluate(() => chrome.storage.local.remove('settings'));
      }
    },
  );
});

describe('navigation', () => {
  it('shows a socket of a page left with Preserve log on as ended by the navigation, with the time', async () => {
    const { page, tabId } = await lens.openFixture('socket.html?name=left-behind');
    await page.evaluate(() => (window as unknown as { echoed: Promise<boolean> }).echoed);
    const panel = await lens.openPanel(tabId);
    await panel.page.getByLabel('Preserve log').check();
    try {
      const before = Date.now();
      await page.goto(`${lens.server.origin}/socket.html?name=arrived`);
      await page.evaluate(() => (window as unknown as { echoed: Promise<boolean> }).echoed);
      // The server really got the browser's close 1001 ("going away").
      await expect.poll(() => lens.server.closes.find((c) => c.path.includes('name=left-behind'))?.code).toBe(1001);

      await expect.poll(() => panel.connectionCells('name=left-behind').then((c) => c.state)).toBe('navigated');
      // (The navigation marker's row names the new page's URL too: match the socket's.)
      await expect.poll(() => panel.connectionCells('echo?name=arrived').then((c) => c.state)).toBe('open');
      const { session } = await readSession(lens, tabId);
      const left = [...session.connections.values()].find((c) => c.url.includes('name=left-behind'))!;
      expect(left.state).toBe('closed');
      expect(left.close).toEqual({ code: 1001, reason: '', wasClean: false, by: 'navigation' });
      expect(left.closedAt).toBeGreaterThanOrEqual(before - 1);
      expect(left.closedAt).toBeLessThanOrEqual(Date.now());
      // Its duration stops at the navigation: the row no longer grows.
      const duration = async () =>
        (await panel.connection('name=left-behind').locator('td.num').first().textContent()) ?? '';
      const first = await duration();
      await panel.page.waitForTimeout(1100);
      expect(await duration()).toBe(first);
      await panel.select('name=left-behind');
      await expect
        .poll(() => panel.page.locator('[aria-label="Messages"]').textContent())
        .toContain('Ended by navigation');
    } finally {
      await panel.page.getByLabel('Preserve log').uncheck();
      await panel.page.close();
      await page.close();
    }
  });
});
