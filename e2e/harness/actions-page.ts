/**
 * Drives e2e/fixtures/actions.html (sockets the test opens and uses) and reads
 * both sides: what the page's listeners saw, and what the test server got.
 */
import type { Page } from 'playwright-core';
import type { TestServer } from './server';
import { startLens, type Lens } from './lens';
import type { PanelView } from './panel-view';

export interface SeenEvent {
  via: 'onmessage' | 'listener' | 'onclose' | 'onerror';
  type: string;
  /** A message's data as `text:…`, `Blob:<hex>` or `ArrayBuffer:<hex>`. */
  data?: string;
  origin?: string;
  code?: number;
  reason?: string;
  wasClean?: boolean;
  readyState?: number;
  trusted: boolean;
}

interface FixtureWindow {
  connect(name: string, options: { path?: string; binaryType?: string }): Promise<string>;
  send(name: string, ...items: (string | number[])[]): void;
  closeSocket(name: string, code?: number, reason?: string): void;
  socketState(name: string): number;
  seen(name: string): Promise<SeenEvent[]>;
  messagesOf(name: string, via?: string): Promise<string[]>;
}

export interface ActionsFixture {
  connect(name: string, options?: { path?: 'echo' | 'sink'; binaryType?: 'blob' | 'arraybuffer' }): Promise<void>;
  /** Sends from the page: strings as text, number arrays as bytes. */
  send(name: string, ...items: (string | number[])[]): Promise<void>;
  close(name: string, code?: number, reason?: string): Promise<void>;
  state(name: string): Promise<number>;
  seen(name: string): Promise<SeenEvent[]>;
  /** The data of the messages the page's listener (or onmessage) got. */
  messages(name: string, via?: 'listener' | 'onmessage'): Promise<string[]>;
  /** What the server received from socket `name`: text as strings, binary as byte arrays. */
  received(name: string): Promise<(string | number[])[]>;
}

export function actionsFixture(page: Page, server: TestServer): ActionsFixture {
  return {
    async connect(name, options = {}) {
      await page.evaluate(([n, o]) => (window as unknown as FixtureWindow).connect(n, o), [name, options] as const);
    },
    async send(name, ...items) {
      await page.evaluate(([n, i]) => (window as unknown as FixtureWindow).send(n, ...i), [name, items] as const);
    },
    async close(name, code, reason) {
      await page.evaluate(
        ([n, c, r]) => {
          const w = window as unknown as FixtureWindow;
          if (c === undefined) w.closeSocket(n);
          else w.closeSocket(n, c, r);
        },
        [name, code, reason] as const,
      );
      await page.waitForFunction((n) => (window as unknown as FixtureWindow).socketState(n) === 3, name);
    },
    state: (name) => page.evaluate((n) => (window as unknown as FixtureWindow).socketState(n), name),
    seen: (name) => page.evaluate((n) => (window as unknown as FixtureWindow).seen(n), name),
    messages: (name, via = 'listener') =>
      page.evaluate(([n, v]) => (window as unknown as FixtureWindow).messagesOf(n, v), [name, via] as const),
    received: async (name) =>
      server.received
        .filter((m) => new URL(m.path, 'http://x').searchParams.get('name') === name)
        .map((m) => (m.isBinary ? [...m.data] : m.data.toString())),
  };
}

/** A browser with the extension, e2e/fixtures/actions.html in a tab, its driver, and the panel on that tab. */
export async function openActionsPage(): Promise<{
  lens: Lens;
  page: Page;
  fixture: ActionsFixture;
  panel: PanelView;
}> {
  const lens = await startLens();
  const opened = await lens.openFixture('actions.html');
  const fixture = actionsFixture(opened.page, lens.server);
  const panel = await lens.openPanel(opened.tabId);
  return { lens, page: opened.page, fixture, panel };
}
