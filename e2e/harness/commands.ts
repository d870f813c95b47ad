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

/** A state of the tab's session that a request is done once the status shows. */
type Reached = { paused: boolean } | { ruleNames: string[] };

/** Replace the tab's intercept rules (done once the status names them). */
export const rulesArgs = (tabId: number, rules: Rule[]) =>
  [
    PANEL_PORT,
    PROTOCOL_VERSION,
    tabId,
    { type: 'set-rules', tabId, rules },
    { ruleNames: rules.map((rule) => rule.name) } as Reached,
  ] as const;

/** Pause or resume capture for the tab, as the panel's button does (done once the status says so). */
export const pauseArgs = (tabId: number, paused: boolean) =>
  [PANEL_PORT, PROTOCOL_VERSION, tabId, { type: 'pause', tabId, paused }, { paused } as Reached] as const;

/**
 * Runs in an extension page of either browser: sends a panel request (see
 * rulesArgs, pauseArgs) and resolves once the background has taken it: the
 * status it sends the tab's panels then shows the state the request asked for.
 */
export const requestInPage = ([portName, v, tab, request, reached]: ReturnType<typeof rulesArgs | typeof pauseArgs>) =>
  new Promise<void>((resolve) => {
    const port = chrome.runtime.connect({ name: portName });
    // No helper functions in here: a bundler may wrap named ones with code that does not exist in the page.
    port.onMessage.addListener(
      (message: { type?: string; status?: { paused?: boolean; rules?: { name: string }[] } }) => {
        const status = message.type === 'status' ? message.status : undefined;
        if (!status) return;
        if (
          'paused' in reached
            ? status.paused !== reached.paused
            : JSON.stringify(status.rules?.map((r) => r.name)) !== JSON.stringify(reached.ruleNames)
        )
          return;
        port.disconnect();
        resolve();
      },
    );
    port.postMessage({ type: 'subscribe', v, tabId: tab });
    port.postMessage(request);
  });
