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
import type { Lens } from './harness/lens';
import type { PanelView } from './harness/panel-view';
import { openActionsPage, type ActionsFixture } from './harness/actions-page';
import { setRules } from './harness/rules';

interface CallFrame {
  functionName: string;
  url: string;
  location: { lineNumber: number };
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
  await setRules(panel, [
    { name: 'stop buy', direction: 'sent', url: 'name=dbg', payload: 'buy', action: 'debugger' },
    { name: 'stop price', direction: 'received', url: 'name=dbg', payload: 'price', action: 'debugger' },
  ]);
});
afterAll(async () => {
  await lens?.shutdown();
});

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 8000 });
const fromPage = (frame: CallFrame) => frame.url.endsWith('/actions.js');

/** The next Debugger.paused of `cdp`. */
const nextPause = (cdp: CDPSession) => new Promise<Paused>((resolve) => cdp.once('Debugger.paused', resolve));

it('does nothing the page can see while no debugger is attached', async () => {
  await fixture.connect('dbg-none', { path: 'echo' });
  await fixture.send('dbg-none', 'buy 1', 'price 2');
  await poll(() => fixture.messages('dbg-none')).toEqual(['text:buy 1', 'text:price 2']);
});

describe('with a debugger attached (CDP Debugger domain, as DevTools)', () => {
  let cdp: CDPSession;
  beforeAll(async () => {
    cdp = await page.context().newCDPSession(page);
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
    expect(caller, callFrames.map((f) => `${f.functionName} ${f.url}`).join('\n')).toBeGreaterThan(0);
    expect(callFrames[caller]!.functionName).toMatch(/send/);
    // Stopped before the native send: the server has nothing yet.
    expect(await fixture.received('dbg')).toEqual([]);
    await cdp.send('Debugger.resume');
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
    for (let step = 0; step < 50 && !fromPage(top); step++) {
      const next = nextPause(cdp);
      await cdp.send('Debugger.stepInto');
      top = (await next).callFrames[0]!;
    }
    expect(top.url).toMatch(/\/actions\.js$/);
    await cdp.send('Debugger.resume');
    await poll(() => fixture.messages('dbg-in')).toEqual(['text:price 4']);
    expect(await fixture.messages('dbg-in', 'onmessage')).toEqual(['text:price 4']);
  });
});
