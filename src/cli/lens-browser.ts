/**
 * A Chromium with WebSocket Lens, for the tools that act on it over time (`mcp`,
 * `tail`, `list`, `export`): either launched here with the built extension
 * (headless unless told otherwise), or a browser the user started with
 * `--remote-debugging-port` and the extension loaded, reached at its URL.
 *
 *   launch:  launchWithExtension (a pipe, never a debugging port) ─┐
 *   connect: chromium.connectOverCDP(--browser-url) ───────────────┴─▶ bridge page ─▶ SessionClient
 *
 * Sessions are read and acted on only through the session client (a bridge
 * page of our own). The browser's own tab list (ids, URLs, titles) and
 * opening or navigating a page are browser matters: they go through
 * Playwright and the extension's worker (`chrome.tabs`), never the session
 * service's protocol. A connected browser is the user's: closing ours
 * disconnects and closes only the pages we opened.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { findChromium, launchWithExtension, tabIdOf, type ExtensionBrowser } from './chromium';
import { BRIDGE_PAGE, bridgeClient } from './bridge-client';
import { DEFAULT_DIST, ensureBuilt } from './extension-build';
import { CliError } from './cli-error';
import type { SessionClient } from '../client/types';

export interface LensBrowserOptions {
  /** A running Chromium's debugging URL (http://127.0.0.1:9222); launch one when absent. */
  browserUrl?: string;
  headed?: boolean;
  /** A built extension to load when launching (default dist/, built when stale). */
  extensionDir?: string;
  /** Where progress goes (stderr: stdout may be a protocol). */
  say?: (line: string) => void;
}

export interface BrowserTab {
  tabId: number;
  url: string;
  title: string;
}

export interface LensBrowser {
  readonly client: SessionClient;
  /** Whether this is the user's browser (connected), not one launched here. */
  readonly connected: boolean;
  /** Opens `url` in a new tab, waits for its load event; resolves with the tab. */
  open(url: string, timeoutMs?: number): Promise<BrowserTab>;
  /** Loads `url` in an existing tab and waits for its load event. */
  navigate(tabId: number, url: string, timeoutMs?: number): Promise<BrowserTab>;
  /** The browser's tabs (http, https and file pages; not our bridge page or DevTools). */
  tabs(): Promise<BrowserTab[]>;
  close(): Promise<void>;
}

const EXTENSION_NAME = 'WebSocket Lens';

export async function openLensBrowser(options: LensBrowserOptions): Promise<LensBrowser> {
  const say = options.say ?? (() => {});
  return options.browserUrl ? connectLens(options.browserUrl) : launchLens(options, say);
}

async function launchLens(options: LensBrowserOptions, say: (line: string) => void): Promise<LensBrowser> {
  try {
    findChromium();
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const extensionDir = await extension(options.extensionDir ?? process.env.LENS_DIST, say);
  const browser = await launchWithExtension({ extensionDir, headless: !options.headed, handleSIGINT: false });
  try {
    return await withBridge(browser.context, browser.extensionId, false, () => browser.close(), browser);
  } catch (error) {
    await browser.close();
    throw error;
  }
}

async function extension(dir: string | undefined, say: (line: string) => void): Promise<string> {
  if (dir) {
    const absolute = resolve(dir);
    if (!existsSync(join(absolute, 'manifest.json')))
      throw new CliError(`${absolute} holds no built extension (no manifest.json).`);
    return absolute;
  }
  await ensureBuilt(DEFAULT_DIST, say);
  return DEFAULT_DIST;
}

async function connectLens(browserUrl: string): Promise<LensBrowser> {
  let browser: Browser;
  try {
    browser = await chromium.connectOverCDP(browserUrl, { timeout: 10_000 });
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new CliError(
      `Could not connect to a browser at ${browserUrl} (${first}). Start Chromium with --remote-debugging-port=9222 and the extension loaded, then give --browser-url http://127.0.0.1:9222.`,
    );
  }
  try {
    const context = browser.contexts()[0];
    if (!context) throw new CliError(`The browser at ${browserUrl} has no default context.`);
    const worker = await findLensWorker(context);
    if (!worker)
      throw new CliError(
        `The browser at ${browserUrl} has no ${EXTENSION_NAME} extension running: load dist/ (chrome://extensions, Load unpacked, or --load-extension).`,
      );
    const extensionId = new URL(worker.url()).host;
    return await withBridge(context, extensionId, true, () => browser.close());
  } catch (error) {
    await browser.close().catch(() => {});
    throw error;
  }
}

/** The extension's service worker: the one whose manifest says our name. */
async function findLensWorker(context: BrowserContext): Promise<Worker | undefined> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    for (const worker of context.serviceWorkers()) {
      if (!worker.url().startsWith('chrome-extension://')) continue;
      const name = await worker.evaluate(() => chrome.runtime.getManifest().name).catch(() => undefined);
      if (name === EXTENSION_NAME) return worker;
    }
    if (Date.now() > deadline) return undefined;
    await context.waitForEvent('serviceworker', { timeout: 1_000 }).catch(() => {});
  }
}

async function withBridge(
  context: BrowserContext,
  extensionId: string,
  connected: boolean,
  closeBrowser: () => Promise<void>,
  launched?: ExtensionBrowser,
): Promise<LensBrowser> {
  const bridgePage = await context.newPage();
  const client = await bridgeClient(bridgePage, () =>
    bridgePage.goto(`chrome-extension://${extensionId}/${BRIDGE_PAGE}`),
  );
  /** Pages we opened, by tab id: we close them when done with a connected browser. */
  const opened = new Map<number, Page>();
  const origin = `chrome-extension://${extensionId}/`;
  /** The worker may have stopped and been replaced since: look it up each time. */
  const worker = async (): Promise<Worker> => {
    const found = context.serviceWorkers().find((w) => w.url().startsWith(origin));
    if (found) return found;
    // Stopped while idle: a request over the client's port starts it again.
    const started = context.waitForEvent('serviceworker', { timeout: 5_000 });
    await client.tabs().catch(() => {});
    const again = context.serviceWorkers().find((w) => w.url().startsWith(origin));
    if (again) {
      started.catch(() => {});
      return again;
    }
    return started;
  };
  const asExtension: ExtensionBrowser = launched ?? {
    context,
    extensionId,
    get worker() {
      return context.serviceWorkers().find((w) => w.url().startsWith(origin))!;
    },
    userDataDir: '',
    close: closeBrowser,
  };
  const tabs = async (): Promise<BrowserTab[]> => {
    const all = await (
      await worker()
    ).evaluate(async () =>
      (await chrome.tabs.query({})).map((tab) => ({ tabId: tab.id ?? -1, url: tab.url ?? '', title: tab.title ?? '' })),
    );
    return all.filter((tab) => tab.tabId >= 0 && !tab.url.startsWith(origin) && !tab.url.startsWith('devtools:'));
  };
  const load = async (page: Page, url: string, timeoutMs: number) => {
    try {
      await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
    } catch (error) {
      throw new CliError(`Could not open ${url}: ${pageError(error, timeoutMs)}`);
    }
  };
  const pageOf = async (tabId: number): Promise<Page> => {
    const known = opened.get(tabId);
    if (known && !known.isClosed()) return known;
    // A tab we did not open: its URL narrows the pages down; bringing a candidate to the front and asking
    // which tab is active tells them apart (only pages showing that URL are touched).
    const url = (await tabs()).find((tab) => tab.tabId === tabId)?.url;
    if (url === undefined) throw new CliError(`No tab ${tabId} in this browser.`);
    for (const page of context.pages()) {
      if (page === bridgePage || page.url() !== url) continue;
      if ((await tabIdOf(asExtension, page).catch(() => -1)) === tabId) return page;
    }
    throw new CliError(`No tab ${tabId} in this browser.`);
  };
  const describe = async (tabId: number, page: Page): Promise<BrowserTab> => ({
    tabId,
    url: page.url(),
    title: await page.title().catch(() => ''),
  });
  return {
    client,
    connected,
    async open(url, timeoutMs = 30_000) {
      const page = await context.newPage();
      // Timers of a background tab are throttled: the page we open is the one in front.
      const tabId = await tabIdOf(asExtension, page);
      opened.set(tabId, page);
      await load(page, url, timeoutMs);
      return describe(tabId, page);
    },
    async navigate(tabId, url, timeoutMs = 30_000) {
      const page = await pageOf(tabId);
      await page.bringToFront();
      await load(page, url, timeoutMs);
      return describe(tabId, page);
    },
    tabs,
    async close() {
      client.close();
      if (connected) {
        for (const page of [...opened.values(), bridgePage]) await page.close().catch(() => {});
      }
      await closeBrowser().catch(() => {});
    },
  };
}

function pageError(error: unknown, timeoutMs: number): string {
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  if (/Timeout \d+ms exceeded/.test(message)) return `it did not finish loading within ${timeoutMs / 1000} s.`;
  const reason = /net::ERR_[A-Z_]+/.exec(message)?.[0] ?? message.replace(/^page\.goto:\s*/, '');
  return /ERR_CONNECTION_REFUSED|ERR_NAME_NOT_RESOLVED/.test(reason)
    ? `${reason}. Is the server running, and the address right?`
    : reason;
}
