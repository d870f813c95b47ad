/**
 * Deep capture in Chromium: a page whose dedicated, shared and service
 * workers each open a socket to the echo server and send a text and a binary
 * frame (e2e/fixtures/deep-capture.html, deep-capture-worker.js). With deep
 * capture on, each socket is recorded from the debugger with its exact frames
 * and its worker; the page's own socket stays the hook's, listed once. Turning
 * it off detaches (later frames reach the server, not the session), and the
 * end Chrome reports for the banner's Cancel is shown as such.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importLog } from '../src/lib/logs';
import { DIST } from './harness/lens';
import type { Page } from 'playwright-core';
import { startLens, type Lens } from './harness/lens';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
import type { SessionClient } from '../src/client/types';
import type { TabStatus } from '../src/protocol/messages';
import type { SessionRecord } from '../src/protocol/schema';
import type { PanelView } from './harness/panel-view';
import { connectionRow } from './harness/handshakes';
import { stopServiceWorker } from './harness/worker';

const KINDS = ['dedicated', 'shared', 'service'] as const;
const CODES = { dedicated: 1, shared: 2, service: 3 };

let lens: Lens;
let page: Page;
let tabId: number;
let client: SessionClient;
let panel: PanelView;
let status: TabStatus | undefined;

beforeAll(async () => {
  lens = await startLens();
  ({ page, tabId } = await lens.openFixture('deep-capture.html'));
  client = await lens.client();
  client.subscribe(tabId, { status: (s) => (status = s) });
  panel = await lens.openPanel(tabId);
});
afterAll(async () => {
  await lens?.shutdown();
});

const records = async () => (await client.readAll(tabId)).records;
const workerCreate = (all: SessionRecord[], kind: string) =>
  all.find((r) => r.kind === 'create' && r.source === 'debugger' && r.url.endsWith(`from=${kind}`));
const framesOf = (all: SessionRecord[], conn: string) =>
  all.flatMap((r) =>
    r.kind === 'frame' && r.conn === conn
      ? [{ dir: r.dir, data: typeof r.data === 'string' ? r.data : [...r.data], size: r.size }]
      : [],
  );
const serverGot = (kind: string) =>
  lens.server.received
    .filter((m) => m.path === `/echo?from=${kind}`)
    .map((m) => (m.isBinary ? [...m.data] : m.data.toString()));

it("records the sockets of a dedicated, a shared and a service worker with exact frames, named by their worker; the page's socket once", async () => {
  await client.setDeepCapture(tabId, true);
  await expect.poll(() => status?.deepCapture).toEqual({ state: 'on' });
  await page.evaluate(() => (window as unknown as { startWorkers(): void }).startWorkers());
  for (const kind of KINDS) {
    const sent = [`hello from ${kind}`, [CODES[kind], 0, 255, 128]];
    await expect.poll(() => serverGot(kind), { timeout: 10_000 }).toEqual(sent);
    await expect
      .poll(async () => {
        const all = await records();
        const create = workerCreate(all, kind);
        return create ? framesOf(all, create.conn).map(({ dir, data }) => [dir, data]) : [];
      })
      .toEqual([
        ['sent', sent[0]],
        ['sent', sent[1]],
        ['received', sent[0]],
        ['received', sent[1]],
      ]);
    const all = await records();
    const create = workerCreate(all, kind)!;
    expect(create.kind === 'create' && create.worker).toEqual({
      type: kind,
      url: `${lens.server.origin}/deep-capture-worker.js?kind=${kind}`,
    });
    expect(framesOf(all, create.conn)[1]!.size).toBe(4);
  }
  const all = await records();
  const creates = all.filter((r) => r.kind === 'create');
  // One socket each: the page's from the hook, the workers' from the debugger, none from a handshake alone.
  expect(creates.map((r) => `${r.source} ${r.url.split('from=')[1]}`).sort()).toEqual([
    'debugger dedicated',
    'debugger service',
    'debugger shared',
    'hook page',
  ]);
  // The dedicated worker's handshake, which Chrome files under the page, joined its socket.
  const handshake = all.find((r) => r.kind === 'handshake' && r.url.endsWith('from=dedicated'));
  expect(handshake?.conn).toBe(workerCreate(all, 'dedicated')!.conn);
  expect(handshake).toMatchObject({ context: 'worker', status: 101 });
  // Shared and service workers' handshakes, which webRequest files under no tab, come from the debugger: one each.
  for (const kind of KINDS) {
    const handshakes = all.filter((r) => r.kind === 'handshake' && r.conn === workerCreate(all, kind)!.conn);
    expect(handshakes).toMatchObject([
      { status: 101, context: 'worker', source: kind === 'dedicated' ? 'webrequest' : 'debugger' },
    ]);
  }

  // The panel: which capture is on, each worker socket named by its worker, read-only where the composer would be.
  const captureText = () => panel.page.getByRole('status', { name: 'Capture' }).textContent();
  expect(await captureText()).toBe('Capture: page hook + workers (debugger)');
  expect(await panel.page.getByLabel('Workers (debugger)').isChecked()).toBe(true);
  for (const kind of KINDS)
    await expect
      .poll(() => connectionRow(panel.page, `from=${kind}`).then((row) => row?.badges))
      .toEqual([`${kind} worker /deep-capture-worker.js?kind=${kind}`]);
  await panel.page.locator('table[aria-label="Connections"] tr', { hasText: 'from=shared' }).click();
  await expect
    .poll(() => panel.page.getByRole('note').allTextContents())
    .toEqual([
      "Replay is not available for a shared worker's socket: the debugger only watches, no hook can open a socket there.",
      'read-only (worker socket: the debugger cannot send)',
    ]);
  expect(await panel.page.locator('[aria-label="Composer"]').count()).toBe(0);
});

it('turning deep capture off detaches: open worker sockets end, later frames reach the server but not the session', async () => {
  await client.setDeepCapture(tabId, false);
  await expect.poll(() => status?.deepCapture).toEqual({ state: 'off' });
  const closes = (all: SessionRecord[]) =>
    KINDS.map((kind) =>
      all
        .filter((r) => r.kind === 'close' && r.conn === workerCreate(all, kind)!.conn)
        .map((r) => r.kind === 'close' && r.by),
    );
  await expect.poll(async () => closes(await records())).toEqual([['detached'], ['detached'], ['detached']]);
  const before = await records();
  for (const kind of KINDS)
    await expect.poll(() => connectionRow(panel.page, `from=${kind}`).then((row) => row?.state)).toBe('unwatched');
  await page.evaluate(() => (window as unknown as { again(): Promise<void> }).again());
  for (const kind of KINDS)
    await expect.poll(() => serverGot(kind).includes(`again from ${kind}`), { timeout: 10_000 }).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect((await records()).length).toBe(before.length);
  const attached = await lens.worker.evaluate(async () =>
    (await chrome.debugger.getTargets()).filter((t) => t.url.includes('deep-capture-worker.js')).map((t) => t.url),
  );
  expect(attached.length).toBeGreaterThan(0); // the workers live on
});

it("ends deep capture when Chrome detaches for the banner's Cancel, and says so", async () => {
  await client.setDeepCapture(tabId, true);
  await expect.poll(() => status?.deepCapture).toEqual({ state: 'on' });
  // Headless Chromium shows no banner to press. Stand-in: what its Cancel does, in the
  // extension's worker: the debugger detaches, and onDetach fires with 'canceled_by_user'.
  const dispatched = await lens.worker.evaluate(async (tab) => {
    await chrome.debugger.detach({ tabId: tab });
    const event = chrome.debugger.onDetach as unknown as { dispatch?: (...args: unknown[]) => void };
    if (typeof event.dispatch !== 'function') return false;
    event.dispatch({ tabId: tab }, 'canceled_by_user');
    return true;
  }, tabId);
  expect(dispatched).toBe(true);
  await expect.poll(() => status?.deepCapture).toEqual({ state: 'ended', reason: 'canceled_by_user' });
  const before = (await records()).length;
  await page.evaluate(() => (window as unknown as { again(): Promise<void> }).again());
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect((await records()).length).toBe(before);
  await expect
    .poll(() => panel.page.getByRole('status', { name: 'Capture' }).textContent())
    .toBe('Capture: page hook only; deep capture ended: you pressed Cancel on Chrome’s banner');
  expect(await panel.page.getByLabel('Workers (debugger)').isChecked()).toBe(false);
});

it('ends cleanly when the tab closes: its session is gone, not brought back by the end', async () => {
  const second = await lens.openFixture('deep-capture.html');
  await client.setDeepCapture(second.tabId, true);
  await expect.poll(async () => (await client.tabs()).some((t) => t.tabId === second.tabId)).toBe(true);
  await second.page.close();
  await expect.poll(async () => (await client.tabs()).some((t) => t.tabId === second.tabId)).toBe(false);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect((await client.tabs()).some((t) => t.tabId === second.tabId)).toBe(false);
});

it("npm run record --workers writes a log with the workers' sockets and their worker", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-record-workers-'));
  try {
    const out = join(dir, 'workers.json');
    const url = `${lens.server.origin}/deep-capture.html?auto`;
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(
        'npm',
        ['run', '--silent', 'record', '--', url, '--workers', '--json', '--duration', '3', '-o', out],
        {
          cwd: ROOT,
          env: { ...process.env, LENS_DIST: DIST },
          stdio: 'ignore',
        },
      );
      child.on('close', resolve);
    });
    expect(code).toBe(0);
    const log = importLog(readFileSync(out, 'utf8'));
    if (!log.ok) throw new Error(log.error);
    const creates = log.records.filter((r) => r.kind === 'create');
    expect(
      creates.map((r) => (r.kind === 'create' ? `${r.worker?.type ?? 'page'} ${r.url.split('from=')[1]}` : '')).sort(),
    ).toEqual(['dedicated dedicated', 'page page', 'service service', 'shared shared']);
    for (const create of creates.filter((r) => r.kind === 'create' && r.worker))
      expect(log.records.filter((r) => r.kind === 'frame' && r.conn === create.conn)).toHaveLength(4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

// Last: it stops the extension's worker, whose handle the tests above use.
it('a worker that restarts lets go of the debugger its predecessor left attached: deep capture starts again, and says it was off', async () => {
  await client.setDeepCapture(tabId, true);
  await expect.poll(() => status?.deepCapture).toEqual({ state: 'on' });
  await stopServiceWorker(lens, page);
  // The client reconnects to a new worker, which knows nothing of deep capture.
  await expect.poll(() => status?.deepCapture, { timeout: 10_000 }).toBeUndefined();
  // Attaching again would fail ("Another debugger is already attached") had the old session stayed.
  await client.setDeepCapture(tabId, true);
  await expect.poll(() => status?.deepCapture).toEqual({ state: 'on' });
  await client.setDeepCapture(tabId, false);
});
