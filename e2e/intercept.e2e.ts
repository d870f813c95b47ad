/**
 * Intercept rules and breakpoints (issue 7): block, replace and delay in both
 * directions, and breakpoints that edit an outgoing frame and drop an incoming
 * one, each checked at the test server (the wire), in the page (its
 * listeners) and in the timeline, with the order of frames kept. Rules are
 * set through the panel's Rules dialog.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Lens } from './harness/lens';
import type { PanelView } from './harness/panel-view';
import { actionsFixture, openActionsPage, type ActionsFixture } from './harness/actions-page';
import { setRules as setRulesOn, timelineFrames, type RuleSpec } from './harness/rules';

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

const ui = () => panel.page;
const rulesButton = () => ui().getByRole('button', { name: /^Rules/ });

/** Replaces the tab's rules through the Rules dialog (this test's panel unless another is named). */
const setRules = (rules: RuleSpec[], on: PanelView = panel) => setRulesOn(on, rules);

const frames = () => timelineFrames(panel);

beforeEach(async () => {
  if ((await rulesButton().textContent()) !== 'Rules') await setRules([]);
});

describe('block', () => {
  it('blocks an outgoing frame: the server never gets it, the frames around it go in order', async () => {
    await setRules([{ name: 'no pings', direction: 'sent', payload: 'ping', action: 'block' }]);
    await fixture.connect('block-out', { path: 'sink' });
    await fixture.send('block-out', 'a', 'ping', 'b');
    await expect.poll(() => fixture.received('block-out')).toEqual(['a', 'b']);
    await panel.select('name=block-out');
    await expect.poll(frames).toEqual(['sent a', 'sent ping [blocked by no pings]', 'sent b']);
  });

  it('blocks an incoming frame before onmessage and every listener', async () => {
    await setRules([
      { name: 'hide secrets', direction: 'received', url: 'block-in', payload: '/secret/i', action: 'block' },
    ]);
    await fixture.connect('block-in', { path: 'echo' });
    await fixture.send('block-in', 'x', 'SECRET stuff', 'y');
    await expect.poll(() => fixture.received('block-in')).toEqual(['x', 'SECRET stuff', 'y']);
    await expect.poll(() => fixture.messages('block-in', 'listener')).toEqual(['text:x', 'text:y']);
    expect(await fixture.messages('block-in', 'onmessage')).toEqual(['text:x', 'text:y']);
    await panel.select('name=block-in');
    await expect
      .poll(frames)
      .toEqual([
        'sent x',
        'sent SECRET stuff',
        'sent y',
        'received x',
        'received SECRET stuff [blocked by hide secrets]',
        'received y',
      ]);
  });
});

describe('replace', () => {
  it('replaces regex matches in outgoing text, and a whole incoming frame with bytes', async () => {
    await setRules([
      {
        name: 'free',
        direction: 'sent',
        url: 'name=replace',
        payload: '/"price":(\\d+)/',
        action: 'replace',
        replace: { mode: 'matches', text: '"price":0,"was":$1' },
      },
      {
        name: 'bytes',
        direction: 'received',
        url: 'name=replace',
        payload: 'swap me',
        action: 'replace',
        replace: { mode: 'whole', format: 'hex', text: 'ff ee 00' },
      },
    ]);
    await fixture.connect('replace', { path: 'echo', binaryType: 'arraybuffer' });
    await fixture.send('replace', '{"item":1,"price":250}', 'swap me');
    await expect.poll(() => fixture.received('replace')).toEqual(['{"item":1,"price":0,"was":250}', 'swap me']);
    await expect
      .poll(() => fixture.messages('replace'))
      .toEqual(['text:{"item":1,"price":0,"was":250}', 'ArrayBuffer:ff ee 00']);
    expect(await fixture.messages('replace', 'onmessage')).toEqual(await fixture.messages('replace'));
    await panel.select('name=replace');
    await expect
      .poll(frames)
      .toEqual([
        'sent {"item":1,"price":0,"was":250} [replaced by free]',
        'sent swap me',
        'received {"item":1,"price":0,"was":250}',
        expect.stringMatching(/^received .*ff ee 00 \[replaced by bytes\]$/),
      ]);
  });
});

describe('delay', () => {
  it('holds an outgoing frame and every later one behind it, then sends them in order', async () => {
    await setRules([{ name: 'slow', direction: 'sent', payload: 'slow', action: 'delay', delayMs: 600 }]);
    await fixture.connect('delay-out', { path: 'sink' });
    const start = Date.now();
    await fixture.send('delay-out', 'first', 'slow', 'fast');
    await expect.poll(() => fixture.received('delay-out')).toEqual(['first']);
    await page.waitForTimeout(300);
    expect(await fixture.received('delay-out')).toEqual(['first']); // 'fast' waits behind 'slow'
    await expect.poll(() => fixture.received('delay-out')).toEqual(['first', 'slow', 'fast']);
    expect(Date.now() - start).toBeGreaterThanOrEqual(600);
    await panel.select('name=delay-out');
    await expect.poll(frames).toEqual(['sent first', 'sent slow [delayed by slow]', 'sent fast']);
  });

  it('holds an incoming frame and the ones after it; the page gets them in order, and the page was never blocked', async () => {
    await setRules([
      { name: 'lag', direction: 'received', url: 'delay-in', payload: 'd1', action: 'delay', delayMs: 500 },
    ]);
    await fixture.connect('delay-in', { path: 'echo' });
    await fixture.send('delay-in', 'd1', 'd2');
    await expect.poll(() => fixture.received('delay-in')).toEqual(['d1', 'd2']);
    // The page's thread runs meanwhile: evaluate answers at once while the frames wait.
    await page.waitForTimeout(200);
    expect(await fixture.messages('delay-in')).toEqual([]);
    await expect.poll(() => fixture.messages('delay-in')).toEqual(['text:d1', 'text:d2']);
    expect(await fixture.messages('delay-in', 'onmessage')).toEqual(['text:d1', 'text:d2']);
  });

  it('keeps a simulated message behind frames held for the page', async () => {
    await setRules([
      { name: 'lag', direction: 'received', url: 'delay-sim', payload: 'held', action: 'delay', delayMs: 400 },
    ]);
    await fixture.connect('delay-sim', { path: 'echo' });
    await fixture.send('delay-sim', 'held');
    await expect.poll(() => fixture.received('delay-sim')).toEqual(['held']);
    await panel.select('name=delay-sim');
    const composer = ui().getByRole('region', { name: 'Composer' });
    await composer.getByRole('button', { name: 'Composer' }).click();
    await composer.getByLabel('Message to send').fill('simulated after');
    await composer.getByRole('button', { name: 'Simulate incoming' }).click();
    await expect.poll(() => fixture.messages('delay-sim')).toEqual(['text:held', 'text:simulated after']);
  });
});

describe('breakpoints', () => {
  it('pauses an outgoing frame (later ones wait), edits it, and forwards it', async () => {
    await setRules([{ name: 'inspect b', direction: 'sent', url: 'name=bp-out', payload: '/^b$/', action: 'break' }]);
    await fixture.connect('bp-out', { path: 'sink' });
    await fixture.send('bp-out', 'a', 'b', 'c');
    const bar = ui().getByRole('region', { name: 'Breakpoints' });
    await expect.poll(() => bar.textContent()).toContain('by the rule "inspect b"');
    expect(await fixture.received('bp-out')).toEqual(['a']);
    // The page is not frozen: it keeps running and sending.
    await fixture.send('bp-out', 'd');
    expect(await fixture.received('bp-out')).toEqual(['a']);
    const editor = bar.getByLabel('Paused payload');
    expect(await editor.inputValue()).toBe('b');
    await editor.fill('B (edited)');
    await bar.getByRole('button', { name: 'Forward' }).click();
    await expect.poll(() => fixture.received('bp-out')).toEqual(['a', 'B (edited)', 'c', 'd']);
    await expect.poll(() => bar.count()).toBe(0);
    await panel.select('name=bp-out');
    await expect.poll(frames).toEqual(['sent a', 'sent B (edited) [edited by inspect b]', 'sent c', 'sent d']);
  });

  it('pauses an incoming frame (later ones wait) and drops it: the page never sees it', async () => {
    await setRules([{ name: 'catch x2', direction: 'received', url: 'name=bp-in', payload: 'x2', action: 'break' }]);
    await fixture.connect('bp-in', { path: 'echo' });
    await fixture.send('bp-in', 'x1', 'x2', 'x3');
    const bar = ui().getByRole('region', { name: 'Breakpoints' });
    await expect.poll(() => bar.textContent()).toContain('on its way to the page');
    await expect.poll(() => fixture.received('bp-in')).toEqual(['x1', 'x2', 'x3']);
    expect(await fixture.messages('bp-in')).toEqual(['text:x1']); // x3 waits behind x2
    await bar.getByRole('button', { name: 'Drop' }).click();
    await expect.poll(() => fixture.messages('bp-in')).toEqual(['text:x1', 'text:x3']);
    expect(await fixture.messages('bp-in', 'onmessage')).toEqual(['text:x1', 'text:x3']);
    await panel.select('name=bp-in');
    await expect
      .poll(async () => (await frames()).filter((f) => f.startsWith('received')))
      .toEqual(['received x1', 'received x2 [dropped by catch x2]', 'received x3']);
  });

  it('keeps the close event behind a paused incoming frame', async () => {
    await setRules([
      { name: 'hold', direction: 'received', url: 'name=bp-close', payload: 'last words', action: 'break' },
    ]);
    await fixture.connect('bp-close', { path: 'echo' });
    await fixture.send('bp-close', 'last words');
    const bar = ui().getByRole('region', { name: 'Breakpoints' });
    await expect.poll(() => bar.textContent()).toContain('on its way to the page');
    await page.evaluate(() => (window as unknown as { closeSocket(n: string): void }).closeSocket('bp-close'));
    await page.waitForTimeout(200);
    expect((await fixture.seen('bp-close')).map((e) => e.type)).toEqual([]); // neither the message nor the close yet
    await bar.getByRole('button', { name: 'Forward' }).click();
    await expect
      .poll(async () => (await fixture.seen('bp-close')).filter((e) => e.via === 'listener').map((e) => e.type))
      .toEqual(['message', 'close']);
  });
});

describe('what the page can see', () => {
  it('runs rules without calling anything the page replaced', async () => {
    const { page: poisoned, tabId } = await lens.openFixture('actions.html');
    const other = actionsFixture(poisoned, lens.server);
    const view = await lens.openPanel(tabId);
    await poisoned.evaluate(() => (window as unknown as { poison(marker: string): void }).poison('marker'));
    await setRules(
      [
        {
          name: 'rewrite',
          direction: 'sent',
          payload: '/marker-(\\d)/',
          action: 'replace',
          replace: { mode: 'matches', text: 'M$1' },
        },
        { name: 'marker pause', direction: 'received', payload: 'marker-stop', action: 'delay', delayMs: 50 },
      ],
      view,
    );
    await other.connect('poisoned', { path: 'echo' });
    await other.send('poisoned', 'marker-1', 'marker-stop');
    await expect.poll(() => other.received('poisoned')).toEqual(['M1', 'marker-stop']);
    await expect.poll(() => other.messages('poisoned')).toEqual(['text:M1', 'text:marker-stop']);
    expect(await poisoned.evaluate(() => (window as unknown as { poisonHits: string[] }).poisonHits)).toEqual([]);
    await poisoned.close();
    await view.page.close();
  });
});
