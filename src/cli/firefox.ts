/**
 * Finding Firefox and launching it with the built add-on installed, over
 * WebDriver BiDi (puppeteer-core). Shared by `npm start -- --firefox` and the
 * Firefox e2e tests, as chromium.ts is for Chromium.
 *
 * Reading what the add-on captured goes through its own pages, as in
 * Chromium: an extension page (our panel page) opens the panel port and asks
 * the background, exactly as the panel does. Two launch settings make that
 * page reachable from a test, and neither is part of the add-on:
 *
 * - `extensions.webextensions.uuids` fixes the add-on's internal UUID, so its
 *   pages have a URL we know (`moz-extension://<uuid>/…`) before it installs.
 * - `--remote-allow-system-access` lets WebDriver BiDi navigate a tab to a
 *   moz-extension:// page and run scripts there (Firefox refuses both
 *   otherwise). BiDi still reports no load events for such tabs, so we poll the
 *   page until it is ready instead of waiting for them.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { firefoxTooOld, GECKO_ID } from './browsers';
import { findBrowser } from './find-browser';
import { readSessionWith, type SessionRead } from './session-reader';
import { bridgeClient, BRIDGE_PAGE } from './bridge-client';
import type { SessionClient } from '../client/types';

const CANDIDATES = [
  '/usr/bin/firefox-esr',
  '/usr/bin/firefox',
  '/snap/bin/firefox',
  '/Applications/Firefox.app/Contents/MacOS/firefox',
];

export const FIREFOX_INSTALL_HINT =
  'No Firefox found. Install one (Debian/Ubuntu: `sudo apt-get install -y firefox-esr`; macOS: `brew install --cask firefox`) or set FIREFOX_PATH to a Firefox binary.';

/** FIREFOX_PATH, else the usual install paths; throws with an install hint if none exists. */
export function findFirefox(): string {
  return findBrowser({ envVar: 'FIREFOX_PATH', candidates: CANDIDATES, installHint: FIREFOX_INSTALL_HINT });
}

export interface FirefoxLaunchOptions {
  /** The built add-on (dist-firefox/); omit for a plain Firefox without it. */
  extensionDir?: string;
  headless?: boolean;
  /** Open the DevTools toolbox with every new tab (`npm start -- --firefox`). */
  devtools?: boolean;
}

export interface FirefoxBrowser {
  browser: Browser;
  /** `moz-extension://<uuid>` of the installed add-on ('' without one). */
  extensionOrigin: string;
  /** Opens a page of the add-on (a path such as `src/panel/index.html?tabId=3`) in a new tab, ready to evaluate in. */
  openExtensionPage(path: string): Promise<Page>;
  /** The add-on's tab id of a page (asked from an extension page, as the panel would). */
  tabIdOf(page: Page): Promise<number>;
  /** A tab's captured session, read through the session client, as the panel does. */
  readSession(tabId: number): Promise<SessionRead>;
  /** The session client (over a polled bridge through an extension page of its own). */
  client(): Promise<SessionClient>;
  close(): Promise<void>;
}

/** Quiet on a closed network: no update checks, telemetry or first-run pages retrying in the background. */
const QUIET_PREFS: Record<string, unknown> = {
  'app.update.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'extensions.update.enabled': false,
  'toolkit.telemetry.enabled': false,
};

export async function launchFirefox({
  extensionDir,
  headless = true,
  devtools = false,
}: FirefoxLaunchOptions = {}): Promise<FirefoxBrowser> {
  const uuid = randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: findFirefox(),
    headless,
    args: [...(extensionDir ? ['--remote-allow-system-access'] : []), ...(devtools ? ['--devtools'] : [])],
    extraPrefsFirefox: {
      ...QUIET_PREFS,
      ...(extensionDir ? { 'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }) } : {}),
    },
    defaultViewport: headless ? { width: 1280, height: 800 } : null,
  });
  try {
    if (extensionDir) {
      const tooOld = firefoxTooOld((await browser.version()).replace(/^[^/]*\//, ''));
      if (tooOld) throw new Error(tooOld);
      await browser.installExtension(resolve(extensionDir));
    }
  } catch (error) {
    await browser.close().catch(() => {});
    throw error;
  }
  const extensionOrigin = extensionDir ? `moz-extension://${uuid}` : '';
  let helper: Promise<Page> | undefined;
  // The panel page without ?tabId= stays idle: an extension page to talk from that renders nothing.
  const extensionPage = () => (helper ??= openExtensionPage(BRIDGE_PAGE));
  let sessionClient: Promise<SessionClient> | undefined;
  // BiDi cannot expose a function to an extension page: the bridge polls.
  const client = () =>
    (sessionClient ??= openExtensionPage(BRIDGE_PAGE).then((page) =>
      bridgeClient(page, () => Promise.resolve(), { poll: true }),
    ));

  async function openExtensionPage(path: string): Promise<Page> {
    if (!extensionOrigin) throw new Error('This Firefox has no add-on installed');
    const page = await browser.newPage();
    const url = `${extensionOrigin}/${path}`;
    // BiDi sends no load events for extension tabs: this navigation never settles; poll instead.
    void page.goto(url, { timeout: 0 }).catch(() => {});
    const deadline = Date.now() + 15_000;
    for (;;) {
      const ready = await page
        .evaluate((expected) => location.href === expected && document.readyState === 'complete', url)
        .catch(() => false);
      if (ready) return page;
      if (Date.now() > deadline) throw new Error(`The add-on page ${url} did not load`);
      await new Promise((done) => setTimeout(done, 50));
    }
  }

  return {
    browser,
    extensionOrigin,
    openExtensionPage,
    async tabIdOf(page) {
      const asker = await extensionPage();
      await page.bringToFront();
      const url = page.url();
      const id = await asker.evaluate(async (expected) => {
        const api = (globalThis as unknown as { browser: typeof chrome }).browser;
        const tabs = await api.tabs.query({ active: true });
        return tabs.find((tab) => tab.url === expected)?.id;
      }, url);
      if (id === undefined) throw new Error(`No tab found for ${url}`);
      return id;
    },
    async readSession(tabId) {
      return readSessionWith(await client(), tabId);
    },
    client,
    async close() {
      await browser.close().catch(() => {});
    },
  };
}
