/**
 * The session store (issue 5): nothing lost while the panel is closed or the
 * service worker stops, navigation and Preserve log, tab close, budgets, pause
 * and clear, several panels, and hostile pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSession } from '../src/cli/session-reader';
import type { Connection } from '../src/lib/session';
import { startLens, type Lens } from './harness/lens';
import { stopServiceWorker, storedRowCount } from './harness/worker';
import { payloadText } from './harness/payload';

let lens: Lens;
beforeAll(async () => {
  lens = await startLens();
});
afterAll(async () => {
  await lens?.shutdown();
});

const only = (connections: Map<string, Connection>) => {
  expect(connections.size).toBe(1);
  return [...connections.values()][0]!;
};
const frameSeqs = (connection: Connection) =>
  connection.records.flatMap((r) =>
    r.kind === 'frame' && r.type === 'text' ? [(JSON.parse(r.data) as { seq: number }).seq] : [],
  );

describe('nothing is lost', () => {
  it('has every frame since the page loaded when the panel opens later', async () => {
    const { page, tabId } = await lens.openFixture('flood.html?count=300&burst=30&interval=10');
    await expect.poll(() => page.evaluate(() => (window as unknown as { received: number }).received)).toBe(300);
    const panel = await lens.openPanel(tabId);
    await expect.poll(() => panel.connectionCells('/push').then((c) => c.text)).toContain('0 / 300');
    const { session } = await readSession(lens, tabId);
    expect(frameSeqs(only(session.connections))).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    await panel.page.close();
    await page.close();
  });

  it('keeps all 20,000 frames of a flood, in order and once each, when the worker is stopped twice during it', async () => {
    const { page, tabId } = await lens.openFixture('flood.html?count=20000&burst=100&interval=20');
    // A panel stays open through the restarts: it must reconnect and resume, not duplicate.
    const panel = await lens.openPanel(tabId);
    const received = () => page.evaluate(() => (window as unknown as { received: number }).received);
    await expect.poll(received, { interval: 50, timeout: 10_000 }).toBeGreaterThan(3000);
    await stopServiceWorker(lens, page);
    await expect.poll(received, { interval: 50, timeout: 10_000 }).toBeGreaterThan(10000);
    await stopServiceWorker(lens, page);
    expect(await received()).toBeLessThan(20000); // the second stop really was mid-flood
    await expect.poll(received, { timeout: 20_000 }).toBe(20000);

    await expect
      .poll(async () => frameSeqs(only((await readSession(lens, tabId)).session.connections)).length, {
        timeout: 15_000,
      })
      .toBe(20000);
    const { session } = await readSession(lens, tabId);
    expect(frameSeqs(only(session.connections))).toEqual(Array.from({ length: 20000 }, (_, i) => i + 1));
    await expect
      .poll(() => panel.connectionCells('/push').then((c) => c.text), { timeout: 10_000 })
      .toContain('0 / 20000');
    await panel.page.close();
    await page.close();
  });
});

describe('navigation, Preserve log and tab close', () => {
  it('keeps the frames a flood left waiting in the page when the page navigates away at its last frame', async () => {
    const setup = await lens.openFixture('socket.html?name=setup');
    const panel = await lens.openPanel(setup.tabId);
    await panel.page.getByLabel('Preserve log').check();
    await setup.page.close();
    try {
      // The relay holds a flood's records until 50 ms of quiet: here the page leaves first.
      const next = `${lens.server.origin}/socket.html?name=after-flood`;
      const { page, tabId } = await lens.openFixture(
        `flood.html?count=5000&burst=500&interval=5&then=${encodeURIComponent(next)}`,
      );
      await page.waitForURL(next);
      const flood = async () =>
        [...(await readSession(lens, tabId)).session.connections.values()].find((c) => c.url.includes('/push'));
      await expect.poll(async () => (await flood()) && frameSeqs((await flood())!).length).toBe(5000);
      expect(frameSeqs((await flood())!)).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
      await page.close();
    } finally {
      await panel.page.getByLabel('Preserve log').uncheck();
      await panel.page.close();
    }
  });

  // A posted message waits in the page's task queue, behind a flood's frames; a removed iframe never runs it.
  for (const [remove, when] of [
    ['now', 'in the handler of its last frame'],
    ['0', 'from a timer right after its last frame'],
  ] as const)
    it(`keeps every frame of a flooded iframe that removes itself ${when}`, async () => {
      const count = 3000;
      const { page, tabId } = await lens.openFixture(`frame-removed.html?count=${count}&remove=${remove}`);
      await page.waitForFunction(() => !document.querySelector('iframe'), undefined, { timeout: 10_000 });
      const flood = async () =>
        [...(await readSession(lens, tabId)).session.connections.values()].find((c) => c.url.includes('/push'));
      await expect.poll(async () => (await flood()) && frameSeqs((await flood())!).length).toBe(count);
      expect(frameSeqs((await flood())!)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      await page.close();
    });

  it('keeps every binary frame of an iframe that removes itself in the handler of its last frame', async () => {
    const count = 1000;
    const { page, tabId } = await lens.openFixture(`frame-removed.html?count=${count}&binary=1`);
    await page.waitForFunction(() => !document.querySelector('iframe'), undefined, { timeout: 10_000 });
    const frames = async () =>
      [...(await readSession(lens, tabId)).session.connections.values()]
        .find((c) => c.url.includes('/bulk'))
        ?.records.filter((r) => r.kind === 'frame') ?? [];
    await expect.poll(async () => (await frames()).length).toBe(count);
    // Each frame's bytes start with its number (harness/server.ts bulkFrame). A batch still queued in the
    // relay's port as the iframe went has its frames, cut at 0 bytes (docs/LIMITS.md).
    const numbers = (await frames()).map((r, i) => {
      if (r.kind !== 'frame' || r.type !== 'binary' || r.size !== 4096) return 'not a 4 KiB binary frame';
      if (r.data.length === 0) return r.truncated ? i : 'empty, not cut';
      return new DataView(r.data.buffer, r.data.byteOffset).getUint32(0);
    });
    expect(numbers).toEqual(Array.from({ length: count }, (_, i) => i));
    await page.close();
  });

  it('starts a new page session on navigation, keeps earlier pages with Preserve log, and frees a closed tab', async () => {
    const { page, tabId } = await lens.openFixture('socket.html?name=first');
    await page.evaluate(() => (window as unknown as { echoed: Promise<boolean> }).echoed);
    await page.goto(`${lens.server.origin}/socket.html?name=second`);
    await page.evaluate(() => (window as unknown as { echoed: Promise<boolean> }).echoed);
    const panel = await lens.openPanel(tabId);
    await expect.poll(() => panel.connections.allTextContents()).toEqual([expect.stringContaining('name=second')]);

    await panel.page.getByLabel('Preserve log').check();
    await page.goto(`${lens.server.origin}/socket.html?name=third`);
    await page.evaluate(() => (window as unknown as { echoed: Promise<boolean> }).echoed);
    await expect
      .poll(() => panel.page.locator('table[aria-label="Connections"] tbody tr').allTextContents())
      .toEqual([
        expect.stringContaining('name=second'),
        expect.stringContaining(`Navigated to ${lens.server.origin}/socket.html?name=third`),
        expect.stringContaining('name=third'),
      ]);
    await panel.page.getByLabel('Preserve log').uncheck();

    expect(await storedRowCount(lens, tabId)).toBeGreaterThan(0);
    await page.close();
    await expect.poll(() => storedRowCount(lens, tabId)).toBe(0);
    await panel.page.close();
  });
});

describe('budgets, pause, clear and several panels', () => {
  it('keeps a flood within a budget set on the options page and shows how many frames were dropped', async () => {
    const options = await lens.context.newPage();
    await options.goto(`chrome-extension://${lens.extensionId}/src/options/index.html`);
    await options.getByLabel('Frames kept per tab').fill('50');
    await options.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => options.getByRole('alert').textContent()).toContain('Frames per tab');
    await options.getByLabel('Frames kept per tab').fill('1000');
    await options.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => options.getByRole('status').textContent()).toContain('Saved');

    const { page, tabId } = await lens.openFixture('flood.html?count=5000&burst=100&interval=10');
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { received: number }).received), { timeout: 10_000 })
      .toBe(5000);
    await expect
      .poll(
        async () =>
          (await readSession(lens, tabId)).status.droppedFrames +
          frameSeqs(only((await readSession(lens, tabId)).session.connections)).length,
        { timeout: 10_000 },
      )
      .toBe(5000);
    const { session, status } = await readSession(lens, tabId);
    const kept = frameSeqs(only(session.connections));
    expect(kept.length).toBeLessThanOrEqual(1000);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => 5000 - kept.length + 1 + i));
    expect(status.droppedFrames).toBe(5000 - kept.length);
    // Storage holds no more than the budget (plus the connection's lifecycle records).
    expect(await storedRowCount(lens, tabId)).toBeLessThanOrEqual(1000 + 3);

    const panel = await lens.openPanel(tabId);
    await expect
      .poll(() => panel.page.getByLabel('Dropped frames').textContent())
      .toContain(`${status.droppedFrames.toLocaleString('en-US')} earlier frames dropped`);
    await panel.select('/push');
    await expect
      .poll(() => panel.droppedMarker.textContent())
      .toBe(`${status.droppedFrames.toLocaleString('en-US')} earlier frames dropped to stay within the per-tab budget`);
    await options.getByLabel('Frames kept per tab').fill('250000');
    await options.getByRole('button', { name: 'Save' }).click();
    await options.close();
    await panel.page.close();
    await page.close();
  });

  it('pauses and clears from one panel, and a second panel on the same tab stays consistent', async () => {
    const { page, tabId } = await lens.openFixture('flood.html?count=100000&burst=1&interval=20');
    const first = await lens.openPanel(tabId);
    const second = await lens.openPanel(tabId);
    const frames = async (panel: typeof first) =>
      Number(/(\d+) frames?/.exec((await panel.page.getByLabel('Summary').textContent()) ?? '')?.[1]);
    await expect.poll(() => frames(first)).toBeGreaterThan(5);

    await first.page.getByRole('button', { name: 'Pause capture' }).click();
    await expect.poll(() => second.page.getByRole('button', { name: 'Resume capture' }).count()).toBe(1);
    // The panel applies records on animation frames at most 100 ms apart during a flood:
    // let what was in flight when the switch crossed land first.
    await page.waitForTimeout(250);
    const pausedAt = await frames(first);
    await page.waitForTimeout(300); // the server keeps pushing 50 frames/s; none may be recorded now
    expect(await frames(first)).toBeLessThanOrEqual(pausedAt + 2); // frames already in flight when the switch crossed
    const settled = await frames(first);
    await page.waitForTimeout(300);
    expect(await frames(first)).toBe(settled);
    expect(await frames(second)).toBe(settled);

    await second.page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => frames(first)).toBe(0);
    // The live socket stays listed after a clear, and recording resumes with the button.
    // (Records are applied on the panel's next animation frame, so the list may be empty for one.)
    await expect.poll(() => first.connections.count()).toBe(1);
    await first.page.getByRole('button', { name: 'Resume capture' }).click();
    await expect.poll(() => frames(second)).toBeGreaterThan(3);
    // Both panels show the same session: compare them once the flood is paused again, since
    // at 50 frames/s two reads in a row can straddle a frame.
    await second.page.getByRole('button', { name: 'Pause capture' }).click();
    await expect.poll(async () => (await frames(first)) === (await frames(second))).toBe(true);
    await first.page.close();
    await second.page.close();
    await page.close();
  });
});

describe('trust', () => {
  it('ignores everything a hostile page forges and never touches another tab', async () => {
    const { page: other, tabId: otherTab } = await lens.openFixture('socket.html?name=bystander');
    await other.evaluate(() => (window as unknown as { echoed: Promise<boolean> }).echoed);
    const before = await readSession(lens, otherTab);

    const { page, tabId } = await lens.openFixture('hostile.html');
    await page.evaluate(() => (window as unknown as { echoed: Promise<boolean> }).echoed);
    await page.waitForTimeout(300);
    const { session } = await readSession(lens, tabId);
    const connection = only(session.connections);
    expect(connection.url).toBe(`${lens.server.wsOrigin}/echo?name=real`);
    const frames = connection.records
      .filter((r) => r.kind === 'frame')
      .map((r) => (r.kind === 'frame' ? `${r.dir} ${payloadText(r)}` : ''));
    expect(frames).toEqual(['sent the only real frame', 'received the only real frame']);
    expect(JSON.stringify(session)).not.toContain('forged');
    // The page's own ports only ever carried its own messages.
    const attempts = await page.evaluate(() => (window as unknown as { attempts: string[][] }).attempts);
    expect(attempts.filter(([what]) => what === 'port got').every(([, , data]) => data?.includes('forged'))).toBe(true);
    // Pages have no way to the extension's ports at all.
    expect(attempts).toContainEqual(['chrome.runtime', 'undefined']);

    const after = await readSession(lens, otherTab);
    expect(after.session).toEqual(before.session);
    await page.close();
    await other.close();
  });
});
