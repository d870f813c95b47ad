/**
 * Follows a tab's session live, the way a panel does (subscribe on the panel
 * port, then every record as it is stored), so `record --until-idle` knows
 * when every socket has closed and the page has gone quiet. The log itself is
 * read afterwards with readSession, from the stored session.
 */
import type { Page } from 'playwright-core';
import { parsePanelEvent } from '../protocol/messages';
import { PANEL_PORT, PROTOCOL_VERSION } from '../protocol/version';
import { applyRecords, createSession, type Session } from '../lib/session';
import type { ExtensionBrowser } from './chromium';

export interface SessionWatch {
  /** The session as the panel port has told it so far. */
  readonly session: Session;
  /**
   * Resolves 'idle' once every connection is closed and nothing arrived for
   * `idleMs` (counted from `since` at the earliest), 'cap' after `maxMs`,
   * 'stopped' when `signal` aborts.
   */
  untilIdle(options: {
    idleMs: number;
    maxMs: number;
    since: number;
    signal?: AbortSignal;
  }): Promise<'idle' | 'cap' | 'stopped'>;
  close(): Promise<void>;
}

const BINDING = '__wslWatchEvent';

/**
 * Runs in the extension page. A string, not a function: tsx compiles named
 * functions with a `__name` helper that does not exist in the page. After a
 * service worker restart the port drops; subscribing again starts with a reset.
 */
const SUBSCRIBE = `([portName, v, tabId, binding]) => {
  const connect = () => {
    const port = chrome.runtime.connect({ name: portName });
    port.onMessage.addListener((message) => window[binding](message));
    port.onDisconnect.addListener(() => setTimeout(connect, 100));
    port.postMessage({ type: 'subscribe', v, tabId });
  };
  connect();
}`;

export async function watchSession(browser: ExtensionBrowser, tabId: number): Promise<SessionWatch> {
  let session = createSession();
  let lastActivity = 0;
  const page: Page = await browser.context.newPage();
  await page.exposeFunction(BINDING, (raw: unknown) => {
    const parsed = parsePanelEvent(raw);
    if (!parsed.ok) return;
    const event = parsed.value;
    if (event.type === 'reset') session = createSession();
    if (event.type === 'records') {
      applyRecords(session, event.records);
      lastActivity = Date.now();
    }
  });
  // The panel page without ?tabId= stays idle: an extension page to hold the port.
  await page.goto(`chrome-extension://${browser.extensionId}/src/panel/index.html`);
  await page.evaluate(`(${SUBSCRIBE})(${JSON.stringify([PANEL_PORT, PROTOCOL_VERSION, tabId, BINDING])})`);
  return {
    get session() {
      return session;
    },
    async untilIdle({ idleMs, maxMs, since, signal }) {
      const deadline = since + maxMs;
      for (;;) {
        if (signal?.aborted) return 'stopped';
        const now = Date.now();
        const allClosed = [...session.connections.values()].every((c) => c.state === 'closed');
        if (allClosed && now - Math.max(lastActivity, since) >= idleMs) return 'idle';
        if (now >= deadline) return 'cap';
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async close() {
      await page.close().catch(() => {});
    },
  };
}
