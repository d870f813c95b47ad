/**
 * Fault rules (issue 23): jitter, duplicate, reorder, a seeded drop, rate and
 * bandwidth limits, each checked at the test server for sent frames and in
 * the page's listeners for received ones, and in the timeline with the rule
 * that did it; and the rules kept through a reload and a worker restart.
 * Rules are set through the panel's Rules dialog (harness/rules.ts). Times
 * are Date.now() at the server and in the page (one machine, one clock).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Lens } from './harness/lens';
import type { PanelView } from './harness/panel-view';
import { actionsFixture, openActionsPage, type ActionsFixture } from './harness/actions-page';
import { setRules, timelineFrames, type RuleSpec } from './harness/rules';
import { stopServiceWorker } from './harness/worker';
import { dropsFrame, seededRandom, shuffledOrder } from '../src/page/faults';

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

const rules = (specs: RuleSpec[]) => setRules(panel, specs);
const rulesButton = () => panel.page.getByRole('button', { name: /^Rules/ });
/** expect.poll with room for the seconds a fault may hold frames on a busy machine (its default is 1 s). */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 5000 });
/** Timers fire a little late, never early; a frame's way over loopback adds a few ms either side. */
const SLACK_MS = 40;

beforeEach(async () => {
  if ((await rulesButton().textContent()) !== 'Rules') await rules([]);
});

/** The frames of connection `name` in the timeline. */
async function timeline(name: string): Promise<string[]> {
  await panel.select(`name=${name}`);
  return timelineFrames(panel);
}

const numbered = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const texts = (items: string[]) => items.map((item) => `text:${item}`);

describe('jitter', () => {
  it('holds each outgoing frame a drawn time in the range, in order', async () => {
    await rules([
      {
        name: 'shaky',
        direction: 'sent',
        url: 'name=jitter-out',
        action: 'jitter',
        fields: { 'Jitter from (ms)': 200, 'Jitter to (ms)': 400, Seed: 7 },
      },
    ]);
    await fixture.connect('jitter-out', { path: 'sink' });
    const start = Date.now();
    await fixture.send('jitter-out', 'j0', 'j1', 'j2');
    await poll(() => fixture.received('jitter-out')).toEqual(['j0', 'j1', 'j2']);
    const [first] = await fixture.receivedTimes('jitter-out');
    expect(first! - start).toBeGreaterThanOrEqual(200);
    expect(first! - start).toBeLessThan(400 + 1000);
    await poll(() => timeline('jitter-out')).toEqual(numbered('j', 3).map((f) => `sent ${f} [jittered by shaky]`));
  });

  it('holds each incoming frame before the page sees it', async () => {
    await rules([
      {
        name: 'shaky in',
        direction: 'received',
        url: 'name=jitter-in',
        action: 'jitter',
        fields: { 'Jitter from (ms)': 250, 'Jitter to (ms)': 300 },
      },
    ]);
    await fixture.connect('jitter-in', { path: 'echo' });
    await fixture.send('jitter-in', 'k0', 'k1');
    await poll(() => fixture.messages('jitter-in')).toEqual(texts(['k0', 'k1']));
    const [echoed] = await fixture.receivedTimes('jitter-in');
    const [seen] = await fixture.messageTimes('jitter-in');
    expect(seen! - echoed!).toBeGreaterThanOrEqual(250 - 5);
    expect(await fixture.messages('jitter-in', 'onmessage')).toEqual(texts(['k0', 'k1']));
    await poll(async () => (await timeline('jitter-in')).filter((f) => f.startsWith('received'))).toEqual([
      'received k0 [jittered by shaky in]',
      'received k1 [jittered by shaky in]',
    ]);
  });
});

describe('duplicate', () => {
  it('sends a matching frame again, and delivers a matching message again, each copy marked', async () => {
    await rules([
      { name: 'twice', direction: 'sent', url: 'name=dup', payload: 'dup-out', action: 'duplicate' },
      {
        name: 'thrice',
        direction: 'received',
        url: 'name=dup',
        payload: 'dup-in',
        action: 'duplicate',
        fields: { 'Extra copies': 2 },
      },
    ]);
    await fixture.connect('dup', { path: 'echo' });
    await fixture.send('dup', 'a', 'dup-out', 'dup-in', 'b');
    await poll(() => fixture.received('dup')).toEqual(['a', 'dup-out', 'dup-out', 'dup-in', 'b']);
    const page = ['a', 'dup-out', 'dup-out', 'dup-in', 'dup-in', 'dup-in', 'b'];
    await poll(() => fixture.messages('dup')).toEqual(texts(page));
    expect(await fixture.messages('dup', 'onmessage')).toEqual(texts(page));
    await poll(() => timeline('dup')).toEqual([
      'sent a',
      'sent dup-out [duplicated by twice]',
      'sent dup-out [duplicated by twice]',
      'sent dup-in',
      'sent b',
      'received a',
      'received dup-out',
      'received dup-out',
      'received dup-in [duplicated by thrice]',
      'received dup-in [duplicated by thrice]',
      'received dup-in [duplicated by thrice]',
      'received b',
    ]);
  });
});

describe('reorder', () => {
  /** The order a seed's first window of `n` frames is released in. */
  const shuffled = (items: string[], seed: number) =>
    shuffledOrder(items.length, seededRandom(seed), []).map((i) => items[i]!);

  it('releases a full window of outgoing frames shuffled by its seed, the same on every socket', async () => {
    const spec = (name: string): RuleSpec => ({
      name: 'mixer',
      direction: 'sent',
      url: name,
      payload: '/^r\\d$/',
      action: 'reorder',
      fields: { 'Window (frames)': 4, 'Hold at most (ms)': 20_000, Seed: 3 },
    });
    await rules([spec('name=reorder-')]);
    const frames = numbered('r', 4);
    const expected = shuffled(frames, 3);
    expect(expected).not.toEqual(frames);
    for (const name of ['reorder-a', 'reorder-b']) {
      await fixture.connect(name, { path: 'sink' });
      await fixture.send(name, 'first', ...frames.slice(0, 3), 'other');
      // Held frames leave the gate: later ones that the rule does not match keep going.
      await poll(() => fixture.received(name)).toEqual(['first', 'other']);
      await fixture.send(name, frames[3]!);
      await poll(() => fixture.received(name)).toEqual(['first', 'other', ...expected]);
    }
    await poll(() => timeline('reorder-a')).toEqual([
      'sent first',
      'sent other',
      ...expected.map((f) => `sent ${f} [reordered by mixer]`),
    ]);
  });

  it('releases incoming frames when the hold time is up, and before the close when the socket closes', async () => {
    await rules([
      {
        name: 'mixer in',
        direction: 'received',
        url: 'name=reorder-in',
        action: 'reorder',
        fields: { 'Window (frames)': 10, 'Hold at most (ms)': 400, Seed: 5 },
      },
    ]);
    await fixture.connect('reorder-in', { path: 'echo' });
    await fixture.send('reorder-in', 'q0', 'q1', 'q2');
    await poll(() => fixture.received('reorder-in')).toEqual(['q0', 'q1', 'q2']);
    expect(await fixture.messages('reorder-in')).toEqual([]);
    const first = shuffled(['q0', 'q1', 'q2'], 5);
    await poll(() => fixture.messages('reorder-in')).toEqual(texts(first));
    const [echoed] = await fixture.receivedTimes('reorder-in');
    const [seen] = await fixture.messageTimes('reorder-in');
    expect(seen! - echoed!).toBeGreaterThanOrEqual(400 - 5);

    // A window the socket's close cuts short: its frames reach the page before the close event.
    await fixture.send('reorder-in', 's0', 's1');
    await poll(() => fixture.received('reorder-in')).toHaveLength(5);
    await page.waitForTimeout(100); // the echoes are in the page, held
    expect(await fixture.messages('reorder-in')).toHaveLength(3);
    await fixture.close('reorder-in');
    await poll(async () =>
      (await fixture.seen('reorder-in')).filter((e) => e.via === 'listener').map((e) => e.data ?? e.type),
    ).toEqual([...texts(first), 'text:s1', 'text:s0', 'close']);
    await poll(async () => (await timeline('reorder-in')).filter((f) => f.startsWith('received'))).toEqual(
      [...first, 's1', 's0'].map((f) => `received ${f} [reordered by mixer in]`),
    );
  });
});

describe('drop a percentage', () => {
  const frames = numbered('d', 24);
  /** The frames a seed loses at a share, as the hook draws it: one draw per matching frame, in order. */
  const survivors = (seed: number, percent: number) => {
    const random = seededRandom(seed);
    return frames.filter(() => !dropsFrame(random, percent));
  };

  it('loses the same outgoing frames for the same seed on every socket, each marked', async () => {
    await rules([
      {
        name: 'lossy',
        direction: 'sent',
        url: 'name=drop-out',
        action: 'drop',
        fields: { 'Drop (%)': 40, Seed: 42 },
      },
    ]);
    const kept = survivors(42, 40);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(frames.length);
    for (const name of ['drop-out-1', 'drop-out-2']) {
      await fixture.connect(name, { path: 'sink' });
      await fixture.send(name, ...frames);
      await poll(() => fixture.received(name)).toEqual(kept);
    }
    await poll(() => timeline('drop-out-1')).toEqual(
      frames.map((f) => (kept.includes(f) ? `sent ${f}` : `sent ${f} [dropped by lossy]`)),
    );
  });

  it('loses incoming messages before the page sees them', async () => {
    await rules([
      {
        name: 'lossy in',
        direction: 'received',
        url: 'name=drop-in',
        action: 'drop',
        fields: { 'Drop (%)': 50, Seed: 9 },
      },
    ]);
    const kept = survivors(9, 50);
    await fixture.connect('drop-in', { path: 'echo' });
    await fixture.send('drop-in', ...frames);
    await poll(() => fixture.received('drop-in')).toEqual(frames);
    await poll(() => fixture.messages('drop-in')).toEqual(texts(kept));
    expect(await fixture.messages('drop-in', 'onmessage')).toEqual(texts(kept));
    await poll(async () => (await timeline('drop-in')).filter((f) => f.startsWith('received'))).toEqual(
      frames.map((f) => (kept.includes(f) ? `received ${f}` : `received ${f} [dropped by lossy in]`)),
    );
  });
});

describe('rate and bandwidth limits', () => {
  /** Each time at least `spacing` ms after the first for each place, within the slack. */
  const expectSpaced = (times: number[], spacing: (i: number) => number) => {
    for (let i = 1; i < times.length; i++)
      expect(times[i]! - times[0]!, `frame ${i}`).toBeGreaterThanOrEqual(spacing(i) - SLACK_MS);
  };

  it('rate: queues outgoing frames to one every 1000/rate ms, dropping none', async () => {
    await rules([
      {
        name: 'five a second',
        direction: 'sent',
        url: 'name=rate-out',
        action: 'rate',
        fields: { 'Messages per second': 5 },
      },
    ]);
    await fixture.connect('rate-out', { path: 'sink' });
    const frames = numbered('m', 5);
    await fixture.send('rate-out', ...frames);
    await poll(() => fixture.received('rate-out')).toEqual(frames);
    expectSpaced(await fixture.receivedTimes('rate-out'), (i) => i * 200);
    await poll(() => timeline('rate-out')).toEqual(frames.map((f) => `sent ${f} [throttled by five a second]`));
  });

  it('rate: queues incoming messages the same way', async () => {
    await rules([
      {
        name: 'four a second',
        direction: 'received',
        url: 'name=rate-in',
        action: 'rate',
        fields: { 'Messages per second': 4 },
      },
    ]);
    await fixture.connect('rate-in', { path: 'echo' });
    const frames = numbered('n', 4);
    await fixture.send('rate-in', ...frames);
    await poll(() => fixture.messages('rate-in')).toEqual(texts(frames));
    expectSpaced(await fixture.messageTimes('rate-in'), (i) => i * 250);
    await poll(async () => (await timeline('rate-in')).filter((f) => f.startsWith('received'))).toEqual(
      frames.map((f) => `received ${f} [throttled by four a second]`),
    );
  });

  it('bandwidth: each frame takes its size over the bytes per second, in both directions', async () => {
    await rules([
      {
        name: 'slow link',
        direction: 'both',
        url: 'name=bandwidth',
        action: 'bandwidth',
        fields: { 'Bytes per second': 2000 },
      },
    ]);
    await fixture.connect('bandwidth', { path: 'echo' });
    // 400 bytes each: 200 ms apiece at 2000 B/s; the binary one counts its bytes as text counts UTF-8.
    const big = (c: string) => c.repeat(400);
    const start = Date.now();
    await fixture.send(
      'bandwidth',
      big('a'),
      big('b'),
      Array.from({ length: 400 }, () => 7),
    );
    await poll(() => fixture.received('bandwidth')).toHaveLength(3);
    const sent = await fixture.receivedTimes('bandwidth');
    expect(sent[0]! - start).toBeGreaterThanOrEqual(200);
    expectSpaced(sent, (i) => i * 200);
    await poll(() => fixture.messages('bandwidth')).toHaveLength(3);
    const seen = await fixture.messageTimes('bandwidth');
    expect(seen[0]! - sent[0]!).toBeGreaterThanOrEqual(200 - 5);
    expectSpaced(seen, (i) => i * 200);
    // Sent and received interleave in the timeline as they happened; every one is marked.
    const marks = (await timeline('bandwidth')).map((f) => f.replace(/^(\w+) .*(\[.*\])$/, '$1 $2')).sort();
    expect(marks).toEqual([
      ...Array<string>(3).fill('received [throttled by slow link]'),
      ...Array<string>(3).fill('sent [throttled by slow link]'),
    ]);
  });
});

describe('what the page can see', () => {
  it('draws from nothing the page replaced: Math.random and the fault keys on Object.prototype go unused', async () => {
    const { page: poisoned, tabId } = await lens.openFixture('actions.html');
    const other = actionsFixture(poisoned, lens.server);
    const view = await lens.openPanel(tabId);
    await poisoned.evaluate(() => {
      const w = window as unknown as { poison(marker: string): void; poisonHits: string[] };
      w.poison('marker');
      Math.random = () => {
        w.poisonHits.push('Math.random');
        return 0;
      };
      Math.imul = () => {
        w.poisonHits.push('Math.imul');
        return 0;
      };
    });
    await setRules(view, [
      { name: 'lossy', direction: 'sent', action: 'drop', fields: { 'Drop (%)': 50, Seed: 42 } },
      {
        name: 'mix',
        direction: 'received',
        action: 'reorder',
        fields: { 'Window (frames)': 2, 'Hold at most (ms)': 100 },
      },
    ]);
    await other.connect('poisoned', { path: 'echo' });
    const frames = numbered('marker-', 8);
    await other.send('poisoned', ...frames);
    const random = seededRandom(42);
    const kept = frames.filter(() => !dropsFrame(random, 50));
    await poll(() => other.received('poisoned')).toEqual(kept);
    // Pairs go shuffled; an odd one out when its hold is up.
    await poll(async () => (await other.messages('poisoned')).length).toBe(kept.length);
    expect(await poisoned.evaluate(() => (window as unknown as { poisonHits: string[] }).poisonHits)).toEqual([]);
    await poisoned.close();
    await view.page.close();
  });
});

describe('connection faults', () => {
  it('Go offline drops every socket as a lost network (1006) and fails new ones as refused, until Go online', async () => {
    await fixture.connect('before-offline', { path: 'echo' });
    const offline = panel.page.getByRole('button', { name: 'Go offline' });
    await offline.click();
    await poll(() => panel.page.getByRole('button', { name: 'Go online' }).count()).toBe(1);
    const closes = async (name: string) =>
      (await fixture.seen(name))
        .filter((e) => (e.via === 'listener' && e.type === 'close') || e.via === 'onerror')
        .map((e) => (e.type === 'close' ? `close ${e.code} ${e.wasClean ? 'clean' : 'unclean'}` : e.type));
    await poll(() => closes('before-offline')).toEqual(['close 1006 unclean']);

    await expect(fixture.connect('while-offline', { path: 'echo' })).rejects.toThrow(/failed/);
    await poll(() => closes('while-offline')).toEqual(['error', 'close 1006 unclean']);
    expect(await fixture.state('while-offline')).toBe(3);

    await panel.page.getByRole('button', { name: 'Go online' }).click();
    await poll(() => rulesButton().textContent()).toBe('Rules');
    await fixture.connect('after-offline', { path: 'echo' });
    await fixture.send('after-offline', 'back');
    await poll(() => fixture.messages('after-offline')).toEqual(['text:back']);
  });
});

describe('drop now', () => {
  it('drops every open socket of the tab at once (1006); new sockets connect as usual', async () => {
    const names = ['drop-now-1', 'drop-now-2'];
    for (const name of names) await fixture.connect(name, { path: 'echo' });
    for (const name of names) await poll(async () => (await panel.connectionCells(`name=${name}`)).state).toBe('open');
    await panel.page.getByRole('button', { name: 'Drop now' }).click();
    await poll(() => panel.page.getByRole('status', { name: 'Action result' }).textContent()).toMatch(
      /^Dropped \d+ sockets \(1006\)$/,
    );
    for (const name of names)
      await poll(async () =>
        (await fixture.seen(name)).filter((e) => e.via === 'listener').map((e) => `${e.type} ${e.code} ${e.wasClean}`),
      ).toEqual(['close 1006 false']);
    await fixture.connect('after-drop-now', { path: 'echo' });
    await fixture.send('after-drop-now', 'still here');
    await poll(() => fixture.messages('after-drop-now')).toEqual(['text:still here']);
  });
});

describe('kept like every rule', () => {
  it('acts after a reload, and after the service worker restarted and the page reloaded', async () => {
    await rules([
      {
        name: 'echo chamber',
        direction: 'sent',
        url: 'name=kept',
        action: 'duplicate',
        fields: { 'Extra copies': 2 },
      },
    ]);
    const check = async (name: string) => {
      await fixture.connect(name, { path: 'sink' });
      await fixture.send(name, 'hello');
      await poll(() => fixture.received(name)).toEqual(['hello', 'hello', 'hello']);
    };
    // The hook gets the tab's rules after its relay's hello, a moment after the page loads.
    const reload = async () => {
      await page.reload();
      await page.waitForTimeout(300);
    };
    await reload();
    await check('kept-after-reload');
    await stopServiceWorker(lens, page);
    await reload();
    await check('kept-after-restart');
    await poll(() => rulesButton().textContent()).toBe('Rules (1)');
    await rulesButton().click();
    const dialog = panel.page.getByRole('dialog', { name: 'Intercept rules' });
    expect(await dialog.getByLabel('Extra copies').inputValue()).toBe('2');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });
});
