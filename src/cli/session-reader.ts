/**
 * Reads a tab's captured session the way a panel does: from an extension page,
 * over the panel port, validated by the protocol. Used by `npm start`'s
 * headless summary and the e2e tests (and usable by any tool that drives the
 * extension).
 */
import { PANEL_PORT, PROTOCOL_VERSION } from '../protocol/version';
import { parsePanelEvent, type PanelEvent, type TabStatus } from '../protocol/messages';
import { applyRecords, createSession, trimFrames, type Session } from '../lib/session';
import type { ExtensionBrowser } from './chromium';

export interface SessionRead {
  session: Session;
  status: TabStatus;
}

export async function readSession(browser: ExtensionBrowser, tabId: number): Promise<SessionRead> {
  const page = await browser.context.newPage();
  try {
    // The panel page without ?tabId= stays idle: an extension page to talk from that renders nothing.
    await page.goto(`chrome-extension://${browser.extensionId}/src/panel/index.html`);
    return foldSession(await page.evaluate(collectSession, [PANEL_PORT, PROTOCOL_VERSION, tabId] as const));
  } finally {
    await page.close();
  }
}

/**
 * Runs in an extension page (of either browser: Firefox has `chrome.runtime`
 * too): subscribes to the tab on the panel port and collects what the
 * background answers (reset, records pages, then status), unvalidated.
 */
export const collectSession = ([portName, v, tab]: readonly [string, number, number]) =>
  new Promise<unknown[]>((resolve) => {
    const events: unknown[] = [];
    const port = chrome.runtime.connect({ name: portName });
    port.onMessage.addListener((message: { type?: string }) => {
      events.push(message);
      if (message.type === 'status' || message.type === 'error') {
        port.disconnect();
        resolve(events);
      }
    });
    port.postMessage({ type: 'subscribe', v, tabId: tab });
  });

/** Validates what collectSession gathered and folds it into a session, as the panel does. */
export function foldSession(raw: unknown[]): SessionRead {
  const session = createSession();
  let status: TabStatus | undefined;
  for (const item of raw) {
    const parsed = parsePanelEvent(item);
    if (!parsed.ok) throw new Error(`The background answered something unexpected: ${parsed.error}`);
    const event: PanelEvent = parsed.value;
    if (event.type === 'error') throw new Error(event.message);
    if (event.type === 'records') applyRecords(session, event.records);
    if (event.type === 'status') status = event.status;
  }
  if (!status) throw new Error('The background sent no status');
  trimFrames(session, status.framesKeptFrom);
  return { session, status };
}
