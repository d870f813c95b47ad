/**
 * Commands to a socket sent the way the panel sends them (a panel port from an
 * extension page), for tests of the command path itself, below the panel UI.
 */
import type { Page } from 'playwright-core';
import { PANEL_PORT, PROTOCOL_VERSION } from '../../src/protocol/version';
import type { Command, Rule } from '../../src/protocol/actions';

/** Runs one command; resolves with null when done, or the error the panel would show. */
export function sendCommand(
  extensionPage: Page,
  tabId: number,
  conn: string,
  command: Command,
): Promise<string | null> {
  return extensionPage.evaluate(commandInPage, commandArgs(tabId, conn, command));
}

export const commandArgs = (tabId: number, conn: string, command: Command) =>
  [PANEL_PORT, tabId, conn, command] as const;

/**
 * Runs in an extension page of either browser (Firefox has `chrome.runtime`
 * too): the command on a panel port, resolved with its error or null.
 */
export const commandInPage = ([portName, tab, connection, cmd]: ReturnType<typeof commandArgs>) =>
  new Promise<string | null>((resolve) => {
    const port = chrome.runtime.connect({ name: portName });
    port.onMessage.addListener((message: { type?: string; id?: number; error?: string }) => {
      if (message.type !== 'result' || message.id !== 7) return;
      port.disconnect();
      resolve(message.error ?? null);
    });
    port.postMessage({ type: 'command', id: 7, tabId: tab, conn: connection, command: cmd });
  });

export const rulesArgs = (tabId: number, rules: Rule[]) => [PANEL_PORT, PROTOCOL_VERSION, tabId, rules] as const;

/**
 * Runs in an extension page: replaces the tab's intercept rules and resolves
 * once the background has taken them (the status it sends the tab's panels
 * then names the rules in force).
 */
export const rulesInPage = ([portName, v, tab, rules]: ReturnType<typeof rulesArgs>) =>
  new Promise<void>((resolve) => {
    const port = chrome.runtime.connect({ name: portName });
    const names = JSON.stringify(rules.map((rule) => rule.name));
    port.onMessage.addListener((message: { type?: string; status?: { rules?: { name: string }[] } }) => {
      if (message.type !== 'status' || JSON.stringify(message.status?.rules?.map((r) => r.name)) !== names) return;
      port.disconnect();
      resolve();
    });
    port.postMessage({ type: 'subscribe', v, tabId: tab });
    port.postMessage({ type: 'set-rules', tabId: tab, rules });
  });
