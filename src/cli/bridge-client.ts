/**
 * A session client for Node: the one client library (src/client/) over a
 * bridge through an idle extension page (the panel page without ?tabId=
 * renders nothing). Used by `npm start`'s summary, `npm run record`, the
 * e2e harness, in Chromium (Playwright) and Firefox (Puppeteer, polling).
 */
import { createClient } from '../client/client';
import { pageBridgeTransport, type BridgePage } from '../client/transports/page-bridge';
import type { ClientOptions, SessionClient } from '../client/types';
import { PANEL_PORT } from '../protocol/version';
import type { ExtensionBrowser } from './chromium';

export interface BridgeClient {
  client: SessionClient;
  close(): Promise<void>;
}

/** The idle extension page a bridge talks from. */
export const BRIDGE_PAGE = 'src/panel/index.html';

/** A client over `page`, which `load` brings to an extension page. */
export async function bridgeClient(
  page: BridgePage,
  load: () => Promise<unknown>,
  options: ClientOptions & { poll?: boolean } = {},
): Promise<SessionClient> {
  return createClient(await pageBridgeTransport(page, PANEL_PORT, load, { poll: options.poll }), options);
}

/** A client of a Chromium with the extension, on a page of its own (closed by `close`). */
export async function openBridgeClient(browser: ExtensionBrowser, options: ClientOptions = {}): Promise<BridgeClient> {
  const page = await browser.context.newPage();
  try {
    const client = await bridgeClient(
      page,
      () => page.goto(`chrome-extension://${browser.extensionId}/${BRIDGE_PAGE}`),
      options,
    );
    return {
      client,
      async close() {
        client.close();
        await page.close().catch(() => {});
      },
    };
  } catch (error) {
    await page.close().catch(() => {});
    throw error;
  }
}
