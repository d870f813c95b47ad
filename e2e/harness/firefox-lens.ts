/**
 * One Firefox test file's world: the test server, Firefox (puppeteer-core
 * over WebDriver BiDi) with the built add-on, and the panel opened as a tab,
 * read through its accessible structure the way e2e/harness/panel-view.ts
 * reads it in Chromium. Everything here runs in the page with `evaluate`:
 * BiDi sends no load or input events for moz-extension:// tabs.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer-core';
import { launchFirefox, type FirefoxBrowser } from '../../src/cli/firefox';
import { startTestServer, type TestServer } from './server';
import type { MessageRow } from './panel-view';

/** The built Firefox add-on; LENS_DIST_FIREFOX points elsewhere (e.g. `vite build --mode firefox --outDir`). */
export const DIST_FIREFOX =
  process.env.LENS_DIST_FIREFOX ?? fileURLToPath(new URL('../../dist-firefox/', import.meta.url));

export interface FirefoxLens extends FirefoxBrowser {
  server: TestServer;
  /** Opens a fixture page (path under e2e/fixtures) in a new tab and returns it with its tab id. */
  openFixture(path: string): Promise<{ page: Page; tabId: number }>;
  /** Opens the panel as an ordinary tab inspecting `tabId`. */
  openPanel(tabId: number): Promise<FirefoxPanel>;
  shutdown(): Promise<void>;
}

export async function startFirefoxLens(): Promise<FirefoxLens> {
  if (!existsSync(`${DIST_FIREFOX}/manifest.json`))
    throw new Error('dist-firefox/ is missing: run `npm run build:firefox` first (npm run test:e2e does).');
  const server = await startTestServer();
  let firefox: FirefoxBrowser;
  try {
    firefox = await launchFirefox({ extensionDir: DIST_FIREFOX });
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    ...firefox,
    server,
    async openFixture(path) {
      const page = await firefox.browser.newPage();
      await page.goto(`${server.origin}/${path}`);
      return { page, tabId: await firefox.tabIdOf(page) };
    },
    async openPanel(tabId) {
      return new FirefoxPanel(await firefox.openExtensionPage(`src/panel/index.html?tabId=${tabId}`));
    },
    async shutdown() {
      await firefox.close();
      await server.close();
    },
  };
}

/** The panel in a tab, read and driven through the DOM (the same roles and data attributes as PanelView). */
export class FirefoxPanel {
  constructor(readonly page: Page) {}

  connectionCount(): Promise<number> {
    return this.page.evaluate(() => document.querySelectorAll('table[aria-label="Connections"] tbody tr').length);
  }

  async connectionCells(urlPart: string): Promise<{ state: string; text: string; title: string }> {
    return this.page.evaluate((part) => {
      const row = [...document.querySelectorAll('table[aria-label="Connections"] tbody tr')].find((tr) =>
        tr.textContent?.includes(part),
      );
      return {
        state: row?.getAttribute('data-state') ?? '',
        text: row?.textContent ?? '',
        title: row?.getAttribute('title') ?? '',
      };
    }, urlPart);
  }

  async select(urlPart: string): Promise<void> {
    const clicked = await this.page.evaluate((part) => {
      const row = [...document.querySelectorAll<HTMLElement>('table[aria-label="Connections"] tbody tr')].find((tr) =>
        tr.textContent?.includes(part),
      );
      row?.click();
      return Boolean(row);
    }, urlPart);
    if (!clicked) throw new Error(`No connection row contains ${urlPart}`);
  }

  /** The rendered rows of the messages table, in seq order. */
  messages(): Promise<MessageRow[]> {
    return this.page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('[aria-label="Messages"] .scroller [role="row"]')]
        .map((el) => ({
          seq: Number(el.dataset.seq),
          kind: el.dataset.kind ?? '',
          dir: el.dataset.dir,
          type: el.dataset.type,
          size: el.dataset.size === undefined ? undefined : Number(el.dataset.size),
          text: (el.querySelector('.data')?.textContent ?? '').trim(),
        }))
        .sort((a, b) => a.seq - b.seq)
        .map(({ seq: _seq, ...rest }) => rest),
    );
  }
}
