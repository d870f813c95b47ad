/**
 * One test file's world: the test server, Chromium with the built extension,
 * and helpers to find a page's tab id and open our panel on it as a tab.
 */
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchWithExtension, panelUrl, tabIdOf, type ExtensionBrowser } from '../../src/cli/chromium';
import { startTestServer, type TestServer } from './server';
import { PanelView } from './panel-view';
import { openBridgeClient, type BridgeClient } from '../../src/cli/bridge-client';
import type { SessionClient } from '../../src/client/types';

/** The built extension; LENS_DIST points elsewhere (e.g. a parallel build with `vite build --outDir`). */
export const DIST = process.env.LENS_DIST ?? fileURLToPath(new URL('../../dist/', import.meta.url));

export interface Lens extends ExtensionBrowser {
  server: TestServer;
  /** Opens a fixture page (path under e2e/fixtures) and returns it with its tab id. */
  openFixture(path: string): Promise<{ page: Page; tabId: number }>;
  /** Opens the panel as an ordinary tab inspecting `tabId`. */
  openPanel(tabId: number): Promise<PanelView>;
  tabIdOf(page: Page): Promise<number>;
  /** The session client, as the panel has it (over a bridge page of its own, opened on first use). */
  client(): Promise<SessionClient>;
  shutdown(): Promise<void>;
}

export async function startLens(options: { devtools?: boolean } = {}): Promise<Lens> {
  if (!existsSync(join(DIST, 'manifest.json')))
    throw new Error('dist/ is missing: run `npm run build` first (npm run test:e2e does).');
  const server = await startTestServer();
  const browser = await launchWithExtension({ extensionDir: DIST, devtools: options.devtools });
  let bridge: Promise<BridgeClient> | undefined;
  return {
    ...browser,
    server,
    tabIdOf: (page) => tabIdOf(browser, page),
    async openFixture(path) {
      const page = await browser.context.newPage();
      await page.goto(`${server.origin}/${path}`);
      return { page, tabId: await tabIdOf(browser, page) };
    },
    async openPanel(tabId) {
      const page = await browser.context.newPage();
      await page.goto(panelUrl(browser, tabId));
      return new PanelView(page);
    },
    async client() {
      return (await (bridge ??= openBridgeClient(browser))).client;
    },
    async shutdown() {
      await bridge?.then((b) => b.close()).catch(() => {});
      await browser.close();
      await server.close();
    },
  };
}
