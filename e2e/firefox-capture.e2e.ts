/**
 * The foundation's capture scenarios in Firefox (firefox-esr over WebDriver
 * BiDi, the add-on built by `npm run build:firefox`), read back through the
 * panel opened as a tab and over the panel port: first inline script, text and
 * binary frames in order, the server's close 4001 "bye", a failed connection,
 * iframes (a script-made about:blank one included), a flooded iframe that removes
 * itself, no page-visible messages,
 * the event page's IndexedDB store, and export and import in the panel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFirstInlineSocket, expectIframeSockets } from './harness/scenarios';
import { findFirefox } from '../src/cli/firefox';
import { startFirefoxLens, type FirefoxLens, type FirefoxPanel } from './harness/firefox-lens';
import { payloadText } from './harness/payload';
import { exportHarFromPanel, type Evaluator } from './harness/panel-export';

let lens: FirefoxLens;
beforeAll(async () => {
  findFirefox(); // fails with an install hint: never a silent skip
  lens = await startFirefoxLens();
});
afterAll(async () => {
  await lens?.shutdown();
});

const closeInfo = () => (window as unknown as { closeInfo: Promise<unknown> }).closeInfo;

describe('capture in Firefox', () => {
  let firstInline: { tabId: number; panel: FirefoxPanel };

  it('records the first inline script\'s socket: text, ArrayBuffer, view and Blob frames, and the server close 4001 "bye"', async () => {
    const { page, tabId } = await lens.openFixture('first-inline.html');
    expect(await page.evaluate(closeInfo)).toEqual({ code: 4001, reason: 'bye', wasClean: true });

    const panel = await lens.openPanel(tabId);
    firstInline = { tabId, panel };
    await expectFirstInlineSocket(panel);
  });

  it("keeps the exact bytes and the page stack, and stores the session in the event page's IndexedDB", async () => {
    const { session } = await lens.readSession(firstInline.tabId);
    const [socket] = [...session.connections.values()];
    expect(socket?.url).toContain('/echo?closeAfter=4&code=4001&reason=bye');
    // SpiderMonkey's stack format: the inline script's frame, with our own left out.
    expect(socket?.stack).toMatch(/^@http:\/\/127\.0\.0\.1:\d+\/first-inline\.html:\d+:\d+/);
    expect(socket?.stack).not.toContain('moz-extension:');
    const sent = socket!.records.flatMap((r) => (r.kind === 'frame' && r.dir === 'sent' ? [payloadText(r)] : []));
    expect(sent).toEqual(['hello', 'AQIDBA==', 'BwYF', 'yv66vgA=']);

    // Any page of the add-on shares the event page's origin, and so its database.
    const helper = await lens.openExtensionPage('src/panel/index.html');
    const stored = await helper.evaluate(async (tab) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('websocket-lens');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const range = IDBKeyRange.bound([tab, -Infinity], [tab, Infinity]);
      const count = (store: string) =>
        new Promise<number>((resolve) => {
          const request = db.transaction(store).objectStore(store).count(range);
          request.onsuccess = () => resolve(request.result);
        });
      const counts = [await count('frames'), await count('events')];
      db.close();
      return counts;
    }, firstInline.tabId);
    // The three lifecycle records and the browser's handshake one row each; the frames in however many rows the store packs them.
    expect(stored[1]).toBe(4);
    expect(stored[0]).toBeGreaterThan(0);
    await helper.close();
  });

  it('exports the session as HAR from the panel and imports it back as a read-only view', async () => {
    const { panel } = firstInline;
    const har = await exportHarFromPanel(panel.page as unknown as Evaluator);
    const entries = (JSON.parse(har) as { log: { entries: { _webSocketMessages?: unknown[] }[] } }).log.entries;
    expect(entries.map((e) => e._webSocketMessages?.length)).toEqual([8]);

    await panel.page.evaluate((text) => {
      const input = document.querySelector<HTMLInputElement>('input[aria-label="Import log file"]')!;
      const files = new DataTransfer();
      files.items.add(new File([text], 'firefox.har', { type: 'application/json' }));
      input.files = files.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }, har);
    await expect
      .poll(() => panel.page.evaluate(() => document.querySelector('[aria-label="Imported log"]')?.textContent ?? ''))
      .toContain('Viewing firefox.har (read-only)');
    await panel.select('/echo?closeAfter=4');
    await expect
      .poll(() => panel.messages().then((rows) => rows.filter((r) => r.kind === 'frame').map((r) => r.size)))
      .toEqual([5, 4, 3, 5, 5, 4, 3, 5]);
  });

  it('shows a socket that fails to connect as an error, closed with 1006', async () => {
    const { page, tabId } = await lens.openFixture('failed.html');
    expect(await page.evaluate(closeInfo)).toEqual({ code: 1006, wasClean: false });
    const panel = await lens.openPanel(tabId);
    await expect.poll(() => panel.connectionCells('127.0.0.1:1').then((c) => c.state)).toBe('error');
    await panel.select('127.0.0.1:1');
    await expect
      .poll(() => panel.messages().then((rows) => rows.map((r) => r.kind)))
      .toEqual(['create', 'error', 'close']);
    expect((await panel.messages()).at(-1)?.text).toBe('Closed 1006 by network, unclean');
  });

  it('captures sockets of a same-origin iframe and a script-made about:blank iframe, attributed to their frames', async () => {
    const { tabId } = await lens.openFixture('iframes.html');
    const panel = await lens.openPanel(tabId);
    await expect.poll(() => panel.connectionCount()).toBe(2);
    await expectIframeSockets(panel, lens.server.origin);
  });

  it("causes no message event on the page's window", async () => {
    const { page } = await lens.openFixture('first-inline.html');
    await page.evaluate(closeInfo);
    // A control message proves the listeners work: they must see it and nothing else.
    await page.evaluate(() => window.postMessage('control', '*'));
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { pageMessages: string[] }).pageMessages))
      .toEqual(['control', 'control']);
    const { page: framed } = await lens.openFixture('iframes.html');
    await new Promise((done) => setTimeout(done, 300));
    expect(await framed.evaluate(() => (window as unknown as { pageMessages: string[] }).pageMessages)).toEqual([]);
  });

  it('keeps every frame of a flooded iframe that removes itself in the handler of its last frame', async () => {
    const count = 3000;
    const { page, tabId } = await lens.openFixture(`frame-removed.html?count=${count}&remove=now`);
    await page.waitForFunction(() => !document.querySelector('iframe'), undefined, { timeout: 10_000 });
    const seqs = async () => {
      const { session } = await lens.readSession(tabId);
      const flood = [...session.connections.values()].find((c) => c.url.includes('/push'));
      return (flood?.records ?? []).flatMap((r) =>
        r.kind === 'frame' ? [(JSON.parse(payloadText(r)) as { seq: number }).seq] : [],
      );
    };
    await expect.poll(async () => (await seqs()).length, { timeout: 10_000 }).toBe(count);
    expect(await seqs()).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    await page.close();
  });
});
