/**
 * Commands to a socket sent the way the panel sends them (a panel port from an
 * extension page), for tests of the command path itself, below the panel UI.
 */
import type { Page } from 'playwright-core';
import { PANEL_PORT } from '../../src/protocol/version';
import type { Command } from '../../src/protocol/actions';

/** Runs one command; resolves with null when done, or the error the panel would show. */
export function sendCommand(
  extensionPage: Page,
  tabId: number,
  conn: string,
  command: Command,
): Promise<string | null> {
  return extensionPage.evaluate(
    ([portName, tab, connection, cmd]) =>
      new Promise<string | null>((resolve) => {
        const port = chrome.runtime.connect({ name: portName });
        port.onMessage.addListener((message: { type?: string; id?: number; error?: string }) => {
          if (message.type !== 'result' || message.id !== 7) return;
          port.disconnect();
          resolve(message.error ?? null);
        });
        port.postMessage({ type: 'command', id: 7, tabId: tab, conn: connection, command: cmd });
      }),
    [PANEL_PORT, tabId, conn, command] as const,
  );
}
