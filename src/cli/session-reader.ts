/**
 * Reads a tab's captured session the way a panel does: from an extension page,
 * over the panel port, validated by the protocol. Used by `npm start`'s
 * headless summary (and usable by any tool that drives the extension).
 */
import { PANEL_PORT, PROTOCOL_VERSION } from '../protocol/version';
import { parsePanelEvent, type SessionRecord } from '../protocol/schema';
import { applyRecords, createSession, type Session } from '../lib/session';
import { panelUrl, type ExtensionBrowser } from './chromium';

export async function readSession(browser: ExtensionBrowser, tabId: number): Promise<Session> {
  const page = await browser.context.newPage();
  try {
    await page.goto(panelUrl(browser, tabId));
    const raw = await page.evaluate(
      ([portName, v, tab]) =>
        new Promise<unknown>((resolve) => {
          const port = chrome.runtime.connect({ name: portName });
          port.onMessage.addListener((message: { type?: string }) => {
            if (message.type === 'snapshot' || message.type === 'error') {
              port.disconnect();
              resolve(message);
            }
          });
          port.postMessage({ type: 'subscribe', v, tabId: tab });
        }),
      [PANEL_PORT, PROTOCOL_VERSION, tabId] as const,
    );
    const parsed = parsePanelEvent(raw);
    if (!parsed.ok) throw new Error(`The background answered something unexpected: ${parsed.error}`);
    if (parsed.value.type === 'error') throw new Error(parsed.value.message);
    return applyRecords(createSession(), parsed.value.records as SessionRecord[]);
  } finally {
    await page.close();
  }
}
