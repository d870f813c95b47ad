/**
 * Finding Chromium and launching it with the extension loaded. Shared by
 * `npm start`, the screenshot script and the e2e harness, so they all run the
 * browser the same way.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { findBrowser } from './find-browser';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

export const INSTALL_HINT =
  'No Chromium found. Install one (Debian/Ubuntu: `sudo apt-get install -y chromium`; macOS: `brew install --cask chromium`) or set CHROMIUM_PATH to a Chromium or Chrome binary.';

/** CHROMIUM_PATH, else the usual install paths; throws with an install hint if none exists. */
export function findChromium(): string {
  return findBrowser({ envVar: 'CHROMIUM_PATH', candidates: CANDIDATES, installHint: INSTALL_HINT });
}

/**
 * Flags for a quiet browser: on a closed network Chromium's background
 * services (sync, component updates, QUIC probes) would flood it with retries.
 */
export function browserArgs(extra: string[] = []): string[] {
  // Chromium refuses to run as root with its sandbox; elsewhere keep it (and spare users the warning bar).
  const asRoot = process.getuid?.() === 0;
  return [
    ...(asRoot ? ['--no-sandbox'] : []),
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    ...extra,
  ];
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  userDataDir: string;
  /** The DevTools protocol port, when launched with `devtools: true`. */
  debuggingPort?: number;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** The built extension (dist/). */
  extensionDir: string;
  headless?: boolean;
  /** Open DevTools on every tab and expose the debugging port (for the real-panel tests and `npm start`). */
  devtools?: boolean;
  /** Let Playwright close the browser and exit on Ctrl+C (default); `record` handles Ctrl+C itself. */
  handleSIGINT?: boolean;
}

export async function launchWithExtension({
  extensionDir,
  headless = true,
  devtools = false,
  handleSIGINT = true,
}: LaunchOptions): Promise<ExtensionBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'wsl-profile-'));
  const extra = [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`];
  if (devtools) extra.push('--auto-open-devtools-for-tabs', '--remote-debugging-port=0');
  let context: BrowserContext | undefined;
  let worker: Worker;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: findChromium(),
      headless,
      handleSIGINT,
      args: browserArgs(extra),
      viewport: headless ? { width: 1280, height: 800 } : null,
    });
    worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    // The worker is listed before its script has run: a page loaded now could make sockets before the
    // background listens (webRequest events of a first start are not queued for it; handshakes were lost).
    await worker.evaluate(() => true);
  } catch (error) {
    // Leave no browser or profile behind when the launch fails.
    await context?.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
  const extensionId = new URL(worker.url()).host;
  const debuggingPort = devtools ? readDebuggingPort(userDataDir) : undefined;
  return {
    context,
    extensionId,
    worker,
    userDataDir,
    debuggingPort,
    async close() {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

function readDebuggingPort(userDataDir: string): number {
  const file = join(userDataDir, 'DevToolsActivePort');
  return Number(readFileSync(file, 'utf8').split('\n')[0]);
}

/** The extension's tab id of a Playwright page: bring it to the front and ask the background for the active tab. */
export async function tabIdOf(browser: ExtensionBrowser, page: Page): Promise<number> {
  await page.bringToFront();
  // The worker that started with the browser may have been stopped and replaced since.
  const worker =
    browser.context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${browser.extensionId}/`)) ??
    browser.worker;
  const id = await worker.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    return tab?.id;
  });
  if (id === undefined) throw new Error('No active tab found');
  return id;
}

export function panelUrl(browser: ExtensionBrowser, tabId: number): string {
  return `chrome-extension://${browser.extensionId}/src/panel/index.html?tabId=${tabId}`;
}
