/**
 * Break into the debugger (issue 23, acceptance 3): a debugger rule set
 * through the panel stops the page's JavaScript, for a debugger attached over
 * CDP as DevTools attaches, at the send() of a matching frame with the page's
 * caller on the stack, and just before the page's handlers get a matching
 * message (a step goes into them). Without a debugger the rule does nothing
 * the page could see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import { startLens, type Lens } from './harness/lens';
import type { PanelView } from './harness/panel-view';
import { actionsFixture, openActionsPage, type ActionsFixture } from './harness/actions-page';
import { CdpClient, listTargets, waitFor } from '../src/cli/cdp';
import { setRules } from './harness/rules';

interface CallFrame {
  functionName: string;
  location: { scriptId: string; lineNumber: number };
}
interface Paused {
  reason: string;
  callFrames: CallFrame[];
}

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

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 8000 });
/** Script URLs by id, from Debugger.scriptParsed (a call frame's own `url` is deprecated and empty). */
const scripts = new Map<string, string>();
const urlOf = (frame: CallFrame) => scripts.get(frame.location.scriptId) ?? '';
const fromPage = (frame: CallFrame) => urlOf(frame).endsWith('/actions.js');
const describeStack = (frames: CallFrame[]) => frames.map((f) => `${f.functionName} ${urlOf(f)}`).join('\n');

/** The next Debugger.paused of `cdp`. */
const nextPause = (cdp: CDPSession) => new Promise<Paused>((resolve) => cdp.once('Debugger.paused', resolve));

it('does nothing the page can see while no debugger is attached', async () => {
  // The rules of every test on this page (set through the panel, as a user does).
  await setRules(panel, [
    { name: 'stop buy', direction: 'sent', url: 'name=dbg', payload: 'buy', action: 'debugger' },
    { name: 'stop price', direction: 'received', url: 'name=dbg', payload: 'price', action: 'debugger' },
  ]);
  await fixture.connect('dbg-none', { path: 'echo' });
  await fixture.send('dbg-none', 'buy 1', 'price 2');
  await poll(() => fixture.messages('dbg-none')).toEqual(['text:buy 1', 'text:price 2']);
});

describe('with a debugger attached (CDP Debugger domain, as DevTools)', () => {
  let cdp: CDPSession;
  beforeAll(async () => {
    cdp = await page.context().newCDPSession(page);
    cdp.on('Debugger.scriptParsed', ({ scriptId, url }) => scripts.set(scriptId, url));
    await cdp.send('Debugger.enable');
  });
  afterAll(async () => {
    await cdp?.send('Debugger.disable').catch(() => {});
    await cdp?.detach().catch(() => {});
  });

  it("pauses at a matching send() with the page's caller on the stack; the frame goes once resumed", async () => {
    await fixture.connect('dbg', { path: 'sink' });
    const paused = nextPause(cdp);
    // Not awaited: the page stops inside this call until resumed.
    const sending = fixture.send('dbg', 'buy 3');
    const { reason, callFrames } = await paused;
    expect(reason).toBe('other'); // a debugger statement
    const caller = callFrames.findIndex(fromPage);
    // Stopped before the native send: the server has nothing yet (read at the server; the page is stopped).
    const whilePaused = await fixture.received('dbg');
    await cdp.send('Debugger.resume').catch(() => {}); // checked below: a failed check must not leave the page stopped
    expect(caller, describeStack(callFrames)).toBeGreaterThan(0);
    expect(callFrames[caller]!.functionName).toMatch(/send/);
    expect(whilePaused).toEqual([]);
    await sending;
    await poll(() => fixture.received('dbg')).toEqual(['buy 3']);
  });

  it("pauses before the page's handlers get a matching message; stepping goes into them", async () => {
    await fixture.connect('dbg-in', { path: 'echo' });
    const paused = nextPause(cdp);
    await fixture.send('dbg-in', 'price 4');
    const first = await paused;
    expect(first.callFrames.some(fromPage)).toBe(false); // no page handler has run yet
    // Step into until the page's onmessage handler is on top.
    let top = first.callFrames[0]!;
    try {
      for (let step = 0; step < 50 && !fromPage(top); step++) {
        const next = nextPause(cdp);
        await cdp.send('Debugger.stepInto');
        top = (await next).callFrames[0]!;
      }
    } finally {
      await cdp.send('Debugger.resume').catch(() => {});
    }
    expect(urlOf(top)).toMatch(/\/actions\.js$/);
    await poll(() => fixture.messages('dbg-in')).toEqual(['text:price 4']);
    expect(await fixture.messages('dbg-in', 'onmessage')).toEqual(['text:price 4']);
  });
});

describe('in the real DevTools, open on the tab', () => {
  let devLens: Lens;
  let devFixture: ActionsFixture;
  let frontend: CdpClient;
  beforeAll(async () => {
    devLens = await startLens({ devtools: true });
    const opened = await devLens.openFixture('actions.html');
    devFixture = actionsFixture(opened.page, devLens.server);
    if (devLens.debuggingPort === undefined) throw new Error('launched without a debugging port');
    const titlePart = opened.page.url().replace(/^http:\/\//, '');
    const devtools = await waitFor('the DevTools window of the page', async () =>
      (await listTargets(devLens.debuggingPort!)).find(
        (t) => t.type === 'page' && t.url.startsWith('devtools://') && t.title.includes(titlePart),
      ),
    );
    frontend = await CdpClient.connect(devtools.webSocketDebuggerUrl);
    const rule = { enabled: true, url: 'name=dev', delayMs: 1000, action: 'debugger' as const };
    await (
      await devLens.client()
    ).setRules(opened.tabId, [
      { ...rule, id: 'out', name: 'stop buy', direction: 'sent', payload: 'buy' },
      { ...rule, id: 'in', name: 'stop price', direction: 'received', payload: 'price' },
    ]);
    await opened.page.waitForTimeout(300); // the hook gets them over two more hops
  });
  afterAll(async () => {
    frontend?.close();
    await devLens?.shutdown();
  });

  /** DevTools' own view of the page: the paused call frames (function and script URL), or null while running. */
  const pausedInDevtools = () =>
    frontend.evaluate<{ fn: string; url: string }[] | null>(`(async () => {
      const SDK = await import('./core/sdk/sdk.js');
      const models = SDK.TargetManager.TargetManager.instance().models(SDK.DebuggerModel.DebuggerModel);
      const paused = models.find((m) => m.isPaused());
      const details = paused?.debuggerPausedDetails();
      return details ? details.callFrames.map((f) => ({ fn: f.functionName, url: f.script.sourceURL })) : null;
    })()`);
  const resumeInDevtools = () =>
    frontend.evaluate(`(async () => {
      const SDK = await import('./core/sdk/sdk.js');
      for (const m of SDK.TargetManager.TargetManager.instance().models(SDK.DebuggerModel.DebuggerModel))
        if (m.isPaused()) m.resume();
    })()`);

  it("stops the page in DevTools at a matching send, with the page's caller on the stack", async () => {
    await devFixture.connect('dev', { path: 'echo' });
    const sending = devFixture.send('dev', 'buy 5');
    await expect.poll(pausedInDevtools, { timeout: 10_000 }).not.toBe(null);
    const frames = (await pausedInDevtools())!;
    expect(
      frames.some((f) => f.url.endsWith('/actions.js')),
      JSON.stringify(frames),
    ).toBe(true);
    expect(await devFixture.received('dev')).toEqual([]);
    await resumeInDevtools();
    await sending;
    // The echo of 'buy 5' does not match the received rule ('price'): it goes on as usual.
    await poll(() => devFixture.received('dev')).toEqual(['buy 5']);
  });

  it("stops the page in DevTools before a matching message's handlers; they run once resumed", async () => {
    await devFixture.send('dev', 'price 6');
    await expect.poll(pausedInDevtools, { timeout: 10_000 }).not.toBe(null);
    const frames = (await pausedInDevtools())!;
    expect(
      frames.some((f) => f.url.endsWith('/actions.js')),
      JSON.stringify(frames),
    ).toBe(false);
    await resumeInDevtools();
    await poll(() => devFixture.messages('dev')).toEqual(['text:buy 5', 'text:price 6']);
  });
});
