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
  messageTimesOf(name: string): number[];
}

export interface ActionsFixture {
  connect(
    name: string,
    options?: { path?: 'echo' | 'sink' | 'counter'; binaryType?: 'blob' | 'arraybuffer' },
  ): Promise<void>;
  /** Sends from the page: strings as text, number arrays as bytes. */
  send(name: string, ...items: (string | number[])[]): Promise<void>;
  close(name: string, code?: number, reason?: string): Promise<void>;
  state(name: string): Promise<number>;
  seen(name: string): Promise<SeenEvent[]>;
  /** The data of the messages the page's listener (or onmessage) got. */
  messages(name: string, via?: 'listener' | 'onmessage'): Promise<string[]>;
  /** What the server received from socket `name`: text as strings, binary as byte arrays. */
  received(name: string): Promise<(string | number[])[]>;
  /** When the page's listener got each message, and when the server got each frame (Date.now()). */
  messageTimes(name: string): Promise<number[]>;
  receivedTimes(name: string): Promise<number[]>;
}

/** Runs `fn(arg)` in the page: Playwright's and puppeteer's `evaluate` both fit (see the adapters below). */
export type Evaluate = <R, A>(fn: (arg: A) => R | Promise<R>, arg: A) => Promise<R>;

export function actionsFixture(page: Page, server: TestServer): ActionsFixture {
  return actionsFixtureWith((fn, arg) => page.evaluate(fn as never, arg), server);
}

/** The driver for any browser: puppeteer's Firefox pages pass `(fn, arg) => page.evaluate(fn, arg)`. */
export function actionsFixtureWith(evaluate: Evaluate, server: TestServer): ActionsFixture {
  // The functions below run in the page: they name the fixture's window there, not through a closure.
  return {
    async connect(name, options = {}) {
      await evaluate(([n, o]) => (window as unknown as FixtureWindow).connect(n, o), [name, options] as const);
    },
    async send(name, ...items) {
      await evaluate(([n, i]) => (window as unknown as FixtureWindow).send(n, ...i), [name, items] as const);
    },
    async close(name, code, reason) {
      await evaluate(
        ([n, c, r]) => {
          if (c === undefined) (window as unknown as FixtureWindow).closeSocket(n);
          else (window as unknown as FixtureWindow).closeSocket(n, c, r);
        },
        [name, code, reason] as const,
      );
      for (const deadline = Date.now() + 5000; (await this.state(name)) !== 3;) {
        if (Date.now() > deadline) throw new Error(`socket ${name} did not close`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    state: (name) => evaluate((n) => (window as unknown as FixtureWindow).socketState(n), name),
    seen: (name) => evaluate((n) => (window as unknown as FixtureWindow).seen(n), name),
    messages: (name, via = 'listener') =>
      evaluate(([n, v]) => (window as unknown as FixtureWindow).messagesOf(n, v), [name, via] as const),
    received: async (name) =>
      server.received
        .filter((m) => new URL(m.path, 'http://x').searchParams.get('name') === name)
        .map((m) => (m.isBinary ? [...m.data] : m.data.toString())),
    messageTimes: (name) => evaluate((n) => (window as unknown as FixtureWindow).messageTimesOf(n), name),
    receivedTimes: async (name) =>
      server.received.filter((m) => new URL(m.path, 'http://x').searchParams.get('name') === name).map((m) => m.at),
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
