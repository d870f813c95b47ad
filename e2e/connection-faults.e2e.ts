/**
 * Connection faults of issue 23, each set through the panel, seen as a page
 * sees a real network: go offline and back with the real socket.io-client
 * reconnecting, drop every N ms under a reconnecting loop, refuse new
 * connections for a time that a reload does not restart, and delay open
 * (readyState, send() and the events held in order).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Lens } from './harness/lens';
import type { PanelView } from './harness/panel-view';
import { openActionsPage, type ActionsFixture } from './harness/actions-page';
import { setRules } from './harness/rules';
import { startSocketIo, type ProtocolServer } from './harness/protocol-servers';
import { stopServiceWorker } from './harness/worker';

let lens: Lens;
let page: Page;
let fixture: ActionsFixture;
let panel: PanelView;

beforeAll(async () => {
  ({ lens, page, fixture, panel } = await openActionsPage());
});
afterAll(async () => {
  await lens?.shutdown();
});

/** expect.poll with room for rule times and a shared machine (its default is 1 s). */
const poll = <T>(fn: () => T | Promise<T>, timeout = 8000) => expect.poll(fn, { timeout });
const rulesButton = () => panel.page.getByRole('button', { name: /^Rules/ });

beforeEach(async () => {
  if ((await rulesButton().textContent()) !== 'Rules') await setRules(panel, []);
});

interface LoopWindow {
  loops: Record<string, { log: string[]; stop(): void }>;
}

/**
 * A reconnecting-websocket-style loop in the page: on every close it opens
 * the socket again 50 ms later; its log says what the page saw, with
 * readyState at each event.
 */
async function startLoop(name: string): Promise<void> {
  await page.evaluate((n) => {
    const w = window as unknown as LoopWindow;
    w.loops ??= {};
    const log: string[] = [];
    let stopped = false;
    let ws: WebSocket;
    const open = () => {
      ws = new WebSocket(`ws://${location.host}/echo?name=${n}`);
      ws.onopen = () => log.push(`open ${ws.readyState}`);
      ws.onerror = () => log.push('error');
      ws.onclose = (e) => {
        log.push(`close ${e.code} ${e.wasClean ? 'clean' : 'unclean'} ${ws.readyState}`);
        if (!stopped) setTimeout(open, 50);
      };
    };
    open();
    w.loops[n] = {
      log,
      stop() {
        stopped = true;
        ws.close();
      },
    };
  }, name);
}
const loopLog = (name: string) => page.evaluate((n) => (window as unknown as LoopWindow).loops[n]!.log.slice(), name);
const stopLoop = (name: string) => page.evaluate((n) => (window as unknown as LoopWindow).loops[n]!.stop(), name);

describe('go offline with a reconnecting client library', () => {
  let server: ProtocolServer;
  afterAll(async () => {
    await server?.close();
  });

  it('socket.io-client loses its connection (1006), fails to reconnect while offline, and reconnects once online', async () => {
    server = await startSocketIo();
    const sio = await lens.context.newPage();
    await sio.goto(`${server.origin}/socketio-reconnect.html`);
    const view = await lens.openPanel(await lens.tabIdOf(sio));
    const log = () => sio.evaluate(() => (window as unknown as { log: string[] }).log.slice());
    await poll(log).toEqual(['connect', 'welcome']);

    await view.page.getByRole('button', { name: 'Go offline' }).click();
    // A lost transport, then attempts that fail as refused connections do.
    await poll(async () => (await log()).filter((e) => e === 'connect_error').length).toBeGreaterThanOrEqual(2);
    expect((await log()).slice(0, 3)).toEqual(['connect', 'welcome', 'disconnect transport close']);
    expect((await log()).filter((e) => e === 'connect')).toHaveLength(1);

    await view.page.getByRole('button', { name: 'Go online' }).click();
    await poll(async () => (await log()).slice(-2)).toEqual(['connect', 'welcome']);
    await view.page.close();
    await sio.close();
  });
});

describe('drop every N ms', () => {
  it("drops each open socket N ms after it opened (1006, unclean), so a page's reconnecting loop reconnects again and again", async () => {
    await setRules(panel, [
      {
        name: 'flaky',
        direction: 'both',
        url: 'name=loop-drop',
        action: 'drop-every',
        fields: { 'Drop every (ms)': 400 },
      },
    ]);
    const start = Date.now();
    await startLoop('loop-drop');
    await poll(
      async () => (await loopLog('loop-drop')).filter((e) => e.startsWith('open')).length,
    ).toBeGreaterThanOrEqual(3);
    const elapsed = Date.now() - start;
    await stopLoop('loop-drop');
    const log = await loopLog('loop-drop');
    // Each drop is a lost network: close 1006 unclean, readyState CLOSED, no error event.
    expect(log.slice(0, 4)).toEqual(['open 1', 'close 1006 unclean 3', 'open 1', 'close 1006 unclean 3']);
    expect(log).not.toContain('error');
    // Three opens took at least two lifetimes of 400 ms.
    expect(elapsed).toBeGreaterThanOrEqual(800);
  });
});

describe('refuse new connections for N ms', () => {
  it('fails new sockets as refused (error, then 1006) until the time from when the rule was set is up, through a reload', async () => {
    await fixture.connect('refuse-before', { path: 'echo' });
    const set = Date.now();
    await setRules(panel, [
      {
        name: 'no entry',
        direction: 'both',
        url: 'name=refuse',
        action: 'refuse',
        fields: { 'Refuse for (ms)': 3000 },
      },
    ]);
    const applied = Date.now();
    // Sockets already open stay open.
    await fixture.send('refuse-before', 'still');
    await poll(() => fixture.messages('refuse-before')).toEqual(['text:still']);

    await expect(fixture.connect('refuse-1', { path: 'echo' })).rejects.toThrow(/failed/);
    const seen = async (name: string) =>
      (await fixture.seen(name))
        .filter((e) => e.via === 'listener' || e.via === 'onerror')
        .map((e) => (e.type === 'close' ? `close ${e.code} ${e.wasClean ? 'clean' : 'unclean'}` : e.type));
    await poll(() => seen('refuse-1')).toEqual(['error', 'close 1006 unclean']);

    // A reload does not restart the time: the rule keeps when it was set.
    await page.reload();
    await page.waitForTimeout(300);
    if (Date.now() - set < 2500) await expect(fixture.connect('refuse-2', { path: 'echo' })).rejects.toThrow(/failed/);
    // The rule was applied between `set` and `applied`: by applied + 3 s its time is up.
    await page.waitForTimeout(Math.max(0, applied + 3000 - Date.now() + 100));
    await fixture.connect('refuse-3', { path: 'echo' });
    await fixture.send('refuse-3', 'in');
    await poll(() => fixture.messages('refuse-3')).toEqual(['text:in']);
  });
});

describe('delay open', () => {
  it('keeps the page CONNECTING for N ms after the real open, then delivers open and the messages that came meanwhile, in order', async () => {
    await setRules(panel, [
      {
        name: 'slow start',
        direction: 'both',
        url: 'name=slow-open',
        action: 'delay-open',
        fields: { 'Delay open (ms)': 800 },
      },
    ]);
    const seen = await page.evaluate(
      () =>
        new Promise<{
          events: string[];
          at300: number;
          sendError: string;
          openAfter: number;
          firstMessageAfter: number;
        }>((resolve) => {
          const start = Date.now();
          // The server pushes three messages 50 ms apart from its side of the open.
          const ws = new WebSocket(`ws://${location.host}/push?count=3&interval=50&name=slow-open`);
          const events: string[] = [];
          let at300 = -1;
          let sendError = '';
          let openAfter = -1;
          let firstMessageAfter = -1;
          ws.onopen = () => {
            openAfter = Date.now() - start;
            events.push(`open ${ws.readyState}`);
          };
          ws.onmessage = (e) => {
            if (firstMessageAfter < 0) firstMessageAfter = Date.now() - start;
            events.push(`message ${String(e.data)} ${ws.readyState}`);
            if (events.length === 4) resolve({ events, at300, sendError, openAfter, firstMessageAfter });
          };
          setTimeout(() => {
            at300 = ws.readyState;
            try {
              ws.send('too soon');
            } catch (error) {
              sendError = (error as DOMException).name;
            }
          }, 300);
        }),
    );
    expect(seen.at300).toBe(0);
    expect(seen.sendError).toBe('InvalidStateError');
    expect(seen.events).toEqual(['open 1', 'message {"seq":1} 1', 'message {"seq":2} 1', 'message {"seq":3} 1']);
    expect(seen.openAfter).toBeGreaterThanOrEqual(800);
    expect(seen.firstMessageAfter).toBeGreaterThanOrEqual(seen.openAfter);
    // Nothing went to the server while the page saw CONNECTING.
    expect(await fixture.received('slow-open')).toEqual([]);
  });
});

describe('delay open, closed by the page meanwhile', () => {
  it('fails as a connecting socket closed by its page: CLOSING at once, then error and close 1006, and no open', async () => {
    await setRules(panel, [
      {
        name: 'slow start',
        direction: 'both',
        url: 'name=closed-early',
        action: 'delay-open',
        fields: { 'Delay open (ms)': 600 },
      },
    ]);
    const seen = await page.evaluate(
      () =>
        new Promise<{ events: string[]; afterClose: number }>((resolve) => {
          const ws = new WebSocket(`ws://${location.host}/echo?name=closed-early`);
          const events: string[] = [];
          let afterClose = -1;
          ws.onopen = () => events.push('open');
          ws.onerror = () => events.push(`error ${ws.readyState}`);
          ws.onclose = (e) => {
            events.push(`close ${e.code} ${e.wasClean ? 'clean' : 'unclean'} ${ws.readyState}`);
            // Past the delay: an open would have come by now.
            setTimeout(() => resolve({ events, afterClose }), 800);
          };
          setTimeout(() => {
            ws.close();
            afterClose = ws.readyState;
          }, 200);
        }),
    );
    expect(seen.afterClose).toBe(2);
    expect(seen.events).toEqual(['error 3', 'close 1006 unclean 3']);
  });
});

describe('kept like every rule', () => {
  it('delay open acts after the service worker restarted and the page reloaded', async () => {
    await setRules(panel, [
      {
        name: 'slow start',
        direction: 'both',
        url: 'name=kept-open',
        action: 'delay-open',
        fields: { 'Delay open (ms)': 600 },
      },
    ]);
    await stopServiceWorker(lens, page);
    await page.reload();
    await page.waitForTimeout(300); // the hook gets the tab's rules after its relay's hello
    const seen = await page.evaluate(
      () =>
        new Promise<{ at200: number; openAfter: number }>((resolve) => {
          const start = Date.now();
          const ws = new WebSocket(`ws://${location.host}/echo?name=kept-open`);
          let at200 = -1;
          setTimeout(() => (at200 = ws.readyState), 200);
          ws.onopen = () => resolve({ at200, openAfter: Date.now() - start });
        }),
    );
    expect(seen.at200).toBe(0);
    expect(seen.openAfter).toBeGreaterThanOrEqual(600);
  });
});
