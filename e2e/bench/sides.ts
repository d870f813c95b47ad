/**
 * The two browsers the bench compares in one run: Chromium with the built
 * extension, and the same Chromium, flags and launch path with no extension.
 *
 * The measured pages are driven over a raw CDP connection (src/cli/cdp.ts), not
 * by Playwright: Playwright enables the Network domain on every page it
 * manages, and then every WebSocket frame also becomes a CDP event built on the
 * page's thread and parsed in this process (it doubled the no-extension time
 * of the text echo here). That is also why neither browser is a persistent
 * context (launchWithExtension): Playwright attaches to every page of one.
 * Pages made with Target.createTarget in a non-persistent browser's default
 * context are left alone by Playwright, and the extension runs there.
 */
import { createServer, type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser, type CDPSession } from 'playwright-core';
import { browserArgs, findChromium, tabIdOf, type ExtensionBrowser } from '../../src/cli/chromium';
import { CdpClient } from '../../src/cli/cdp';

export interface Side {
  label: 'with' | 'without';
  /** The measured page, over raw CDP. */
  page: CdpClient;
  /** Loads the bench page afresh (with the extension: a new page session too) and waits for quiet. */
  reload(): Promise<void>;
  /** CPU the whole browser (every process) used since the last reload, after waiting for it to go quiet. */
  settledCpuMs(): Promise<number>;
  close(): Promise<void>;
}

export interface WithExtension extends Side {
  /**
   * Attaches Playwright for a moment (between timed runs only) to read what the
   * extension recorded with the shared tools: `use` gets an ExtensionBrowser and
   * the measured page's tab id.
   */
  inspect<T>(use: (extension: ExtensionBrowser, tabId: number) => Promise<T>): Promise<T>;
}

export async function launchSides(
  extensionDir: string,
  origin: string,
): Promise<{ withExt: WithExtension; without: Side }> {
  const extensionFlags = [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`];
  const without = await launchSide('without', [], origin);
  try {
    const withExt = await launchSide('with', extensionFlags, origin);
    return { withExt: { ...withExt, inspect: (use) => inspect(withExt.port, origin, use) }, without };
  } catch (error) {
    await without.close();
    throw error;
  }
}

async function launchSide(label: Side['label'], flags: string[], origin: string): Promise<Side & { port: number }> {
  const port = await freePort();
  const browser = await chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: browserArgs([...flags, `--remote-debugging-port=${port}`]),
  });
  try {
    const browserCdp = await browser.newBrowserCDPSession();
    const { targetId } = (await browserCdp.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const page = await CdpClient.connect(`ws://127.0.0.1:${port}/devtools/page/${targetId}`);
    return { label, page, port, ...pageControls(browserCdp, page, origin), close: () => closeAll(page, browser) };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

async function closeAll(page: CdpClient, browser: Browser): Promise<void> {
  page.close();
  await browser.close().catch(() => {});
}

function pageControls(browserCdp: CDPSession, page: CdpClient, origin: string) {
  // Every process of the browser (browser, renderers, the extension's worker, network service): the
  // extension's work off the page's thread still competes for this machine's cores.
  const cpuSeconds = async () => {
    const { processInfo } = (await browserCdp.send('SystemInfo.getProcessInfo' as never)) as {
      processInfo: { cpuTime: number }[];
    };
    return processInfo.reduce((sum, process) => sum + process.cpuTime, 0);
  };
  // Quiet: a 150 ms window with at most 10 ms of CPU (the counters' resolution); gives up after 15 s.
  const settle = async () => {
    let last = await cpuSeconds();
    for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
      await sleep(150);
      const now = await cpuSeconds();
      if (now - last <= 0.01) return now;
      last = now;
    }
    return last;
  };
  let since = 0;
  return {
    async reload() {
      await page.send('Page.navigate', { url: `${origin}/` });
      await page.evaluate(READY);
      since = await settle();
    },
    async settledCpuMs() {
      return ((await settle()) - since) * 1000;
    },
  };
}

/** Page.navigate answers at commit; the page script defines lensBench while the document loads. */
const READY = `new Promise((resolve) => {
  const check = () => (window.lensBench && document.readyState === 'complete' ? resolve(true) : setTimeout(check, 10));
  check();
})`;

async function inspect<T>(
  port: number,
  origin: string,
  use: (extension: ExtensionBrowser, tabId: number) => Promise<T>,
): Promise<T> {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  try {
    const context = browser.contexts()[0]!;
    const worker =
      context.serviceWorkers()[0] ??
      (await context.waitForEvent('serviceworker', { timeout: 10_000 }).catch(() => {
        throw new Error("The extension's service worker is not running: did the background fail to start?");
      }));
    const page = context.pages().find((p) => p.url().startsWith(origin));
    if (!page) throw new Error('The bench page is gone');
    const extension: ExtensionBrowser = {
      context,
      extensionId: new URL(worker.url()).host,
      worker,
      userDataDir: '', // Playwright's own temporary profile; it removes it
      close: () => browser.close(),
    };
    return await use(extension, await tabIdOf(extension, page));
  } finally {
    // For a browser reached over CDP this only disconnects: the browser and its pages stay.
    await browser.close();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
