/**
 * The three browsers the bench compares in one run: Chromium with the built
 * extension; the same Chromium, flags and launch path with no extension; and
 * that again with Chrome DevTools' own recording on (devtools-recorder.ts).
 *
 * The measured pages are driven over a raw CDP connection (src/cli/cdp.ts), not
 * by Playwright: Playwright enables the Network domain on every page it
 * manages, and then every WebSocket frame also becomes a CDP event built on the
 * page's thread and parsed in this process (it doubled the no-extension time
 * of the text echo here; the DevTools side pays that on purpose). That is also
 * why neither browser is a persistent context (launchWithExtension): Playwright
 * attaches to every page of one. Pages made with Target.createTarget in a
 * non-persistent browser's default context are left alone by Playwright, and
 * the extension runs there.
 */
import { createServer, type AddressInfo } from 'node:net';
import { chromium, type Browser, type CDPSession } from 'playwright-core';
import { browserArgs, findChromium, tabIdOf, type ExtensionBrowser } from '../../src/cli/chromium';
import { CdpClient } from '../../src/cli/cdp';
import { openBridgeClient } from '../../src/cli/bridge-client';
import type { SessionClient } from '../../src/client/types';
import { cpuMeter, type CpuUse } from './browser-cpu';
import { DevToolsRecorder } from './devtools-recorder';

export type Label = 'without' | 'with' | 'devtools';

export interface Side {
  label: Label;
  /** The measured page, over raw CDP. */
  page: CdpClient;
  /**
   * Loads the bench page afresh (with the extension: a new page session too) and waits until
   * the browser is quiet; `settle: false` goes on as soon as the page is ready (back to back).
   */
  reload(settle?: boolean): Promise<void>;
  /** CPU the whole browser used since the last reading or settled reload, once it is quiet. */
  settledCpu(): Promise<CpuUse>;
  /** The same without waiting: work still under way counts in the next reading. */
  cpuNow(): Promise<CpuUse>;
  /** Waits until the browser is quiet; what it did meanwhile counts in the next reading. */
  quiet(): Promise<void>;
  close(): Promise<void>;
}

export interface WithDevTools extends Side {
  /** The CDP Network events DevTools' recording received since the last reload. */
  recorder: DevToolsRecorder;
}

export interface WithExtension extends Side {
  /**
   * Attaches Playwright for a moment (between timed runs only) to read what the
   * extension recorded with the shared tools: `use` gets an ExtensionBrowser and
   * the measured page's tab id.
   */
  inspect<T>(use: (extension: ExtensionBrowser, tabId: number) => Promise<T>): Promise<T>;
}

export interface Sides {
  without: Side;
  withExt: WithExtension;
  devtools: WithDevTools;
}

/** `workers`: DevTools' recording records the page's dedicated workers, not the page (devtools-recorder.ts). */
export async function launchSides(extensionDir: string, origin: string, { workers = false } = {}): Promise<Sides> {
  const extensionFlags = [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`];
  const launched: Side[] = [];
  try {
    const without = await launchSide('without', [], origin);
    launched.push(without);
    const withExt = await launchSide('with', extensionFlags, origin);
    launched.push(withExt);
    const devtools = await launchSide('devtools', [], origin);
    launched.push(devtools);
    const recorder = await DevToolsRecorder.attach(devtools.pageUrl, { workers });
    return {
      without,
      withExt: { ...withExt, inspect: (use) => inspect(withExt.port, origin, use) },
      devtools: {
        ...devtools,
        recorder,
        async reload(settle) {
          recorder.reset();
          await devtools.reload(settle);
        },
        async close() {
          recorder.close();
          await devtools.close();
        },
      },
    };
  } catch (error) {
    for (const side of launched) await side.close();
    throw error;
  }
}

async function launchSide(
  label: Label,
  flags: string[],
  origin: string,
): Promise<Side & { port: number; pageUrl: string }> {
  const port = await freePort();
  const browser = await chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: browserArgs([...flags, `--remote-debugging-port=${port}`]),
  });
  try {
    const browserCdp = await browser.newBrowserCDPSession();
    const { targetId } = (await browserCdp.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const pageUrl = `ws://127.0.0.1:${port}/devtools/page/${targetId}`;
    const page = await CdpClient.connect(pageUrl);
    return {
      label,
      page,
      port,
      pageUrl,
      ...pageControls(browserCdp, page, origin),
      close: () => closeAll(page, browser),
    };
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
  const cpu = cpuMeter(browserCdp);
  return {
    async reload(settle = true) {
      await page.send('Page.navigate', { url: `${origin}/` });
      await page.evaluate(READY);
      if (settle) await cpu.settled();
    },
    settledCpu: cpu.settled,
    cpuNow: cpu.now,
    quiet: cpu.quiet,
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

/** `use` with the session service's client and the measured tab, between timed runs (through the panel port). */
export async function withLensClient(
  sides: Sides,
  use: (client: SessionClient, tabId: number) => Promise<void>,
): Promise<void> {
  await sides.withExt.inspect(async (extension, tabId) => {
    const bridge = await openBridgeClient(extension);
    try {
      await use(bridge.client, tabId);
    } finally {
      await bridge.close();
    }
  });
}
