/**
 * "Replay connection" and the compare view in the panel (issue #22), checked
 * where they land: the test server must get exactly the recorded client
 * frames, in order, with their gaps, on a socket of their own; the panel must
 * list the replay beside its original; the compare view must name the frames
 * the server answered differently (/counter answers with its socket's run).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lens } from './harness/lens';
import type { Page } from 'playwright-core';
import type { PanelView } from './harness/panel-view';
import { openActionsPage, type ActionsFixture } from './harness/actions-page';

let lens: Lens;
let fixture: ActionsFixture;
let panel: PanelView;
let page: Page;

beforeAll(async () => {
  ({ lens, fixture, panel, page } = await openActionsPage());
});
afterAll(async () => {
  await lens?.shutdown();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Records wait up to RELAY_MAX_HOLD_MS (3 s) in the relay: every wait for them outlasts it. */
const RECORDS = { timeout: 10_000 };
const frames = (name: string) =>
  lens.server.received.filter((m) => new URL(m.path, 'http://x').searchParams.get('name') === name);
const shown = (m: { isBinary: boolean; data: Buffer }) => (m.isBinary ? [...m.data] : m.data.toString());

describe('Replay connection', () => {
  it('sends the recorded client frames again, in order and with their gaps, on a new socket closed as the page closed the original, listed beside it', async () => {
    await fixture.connect('rp', { path: 'counter' });
    await fixture.send('rp', 'alpha');
    await sleep(400);
    await fixture.send('rp', [1, 2, 3]);
    await sleep(200);
    await fixture.send('rp', '{"q":1}');
    await expect.poll(() => frames('rp').length).toBe(3);
    const recorded = frames('rp');
    // The page's own socket has had its two answers (/counter answers text only).
    await expect.poll(() => fixture.messages('rp').then((m) => m.length), RECORDS).toBe(2);
    // The page ends it: the replay is to end so too.
    await fixture.close('rp', 4001, 'done');

    await expect.poll(() => panel.connection('name=rp').first().getAttribute('data-state'), RECORDS).toBe('closed');
    await panel.select('name=rp');
    // Wait for every sent frame of the original in the panel: a replay sends what the panel holds.
    const bar = panel.page.getByRole('group', { name: 'Replay and compare' });
    await expect.poll(async () => (await panel.messages()).filter((r) => r.kind === 'frame').length, RECORDS).toBe(5);
    await bar.getByLabel('Replay speed').selectOption('1');
    await bar.getByRole('button', { name: 'Replay connection' }).click();

    // At the server: the same three frames, byte for byte and in order, on a socket of their own.
    await expect.poll(() => frames('rp').length, RECORDS).toBe(6);
    const replayed = frames('rp').slice(3);
    expect(replayed.map(shown)).toEqual(recorded.map(shown));
    expect(new Set(replayed.map((m) => m.socket)).size).toBe(1);
    expect(replayed[0]!.socket).not.toBe(recorded[0]!.socket);
    // With the recorded timing: the gaps between frames as recorded, within 150 ms.
    const gaps = (list: { at: number }[]) => list.slice(1).map((m, i) => m.at - list[i]!.at);
    gaps(replayed).forEach((gap, i) => expect(Math.abs(gap - gaps(recorded)[i]!)).toBeLessThan(150));
    // Closed as the page closed the original, code and reason.
    const closes = () =>
      lens.server.closes.filter((c) => new URL(c.path, 'http://x').searchParams.get('name') === 'rp');
    await expect.poll(() => closes(), RECORDS).toHaveLength(2);
    expect(closes().map((c) => `${c.code} ${c.reason}`)).toEqual(['4001 done', '4001 done']);
    // The page's code saw nothing of it: its socket got no more messages.
    expect(await fixture.messages('rp')).toHaveLength(2);

    // In the panel: the replay is listed right after its original, marked, and says what it replays.
    await expect.poll(() => panel.connection('name=rp').count(), RECORDS).toBe(2);
    const rows = panel.connection('name=rp');
    expect(await rows.nth(0).locator('.badge.replay').count()).toBe(0);
    expect(await rows.nth(1).locator('.badge.replay').textContent()).toBe('replay');
    const ids = await panel.connections.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.connection));
    const original = await rows.nth(0).getAttribute('data-connection');
    const replay = await rows.nth(1).getAttribute('data-connection');
    expect(ids.indexOf(replay!)).toBe(ids.indexOf(original!) + 1);
    await expect.poll(() => bar.getByRole('status').textContent(), RECORDS).toBe('replay sent all 3 frames');

    // Compare: the server answered the replay with another run number, and the view names those frames.
    await expect.poll(() => bar.getByRole('button', { name: 'Compare with replay' }).count(), RECORDS).toBe(1);
    await bar.getByRole('button', { name: 'Compare with replay' }).click();
    const view = panel.page.getByRole('region', { name: 'Compare connections' });
    await expect
      .poll(() => view.getByRole('status').textContent(), RECORDS)
      .toBe('2 changed, 0 added, 0 removed, 3 same');
    const differences = await view.getByRole('list', { name: 'Differences' }).textContent();
    expect(differences).toContain('~ frame #2 ← text changed');
    expect(differences).toMatch(/\$\.run: 1 → 2/);
    // An ignore rule for the run number: nothing differs (both closed with 4001).
    await view.getByText('Ignore rules').click();
    await view.getByLabel('Ignored JSON paths').fill('$.run');
    await view.getByLabel('Ignored JSON paths').blur();
    await expect.poll(() => view.getByRole('status').textContent()).toBe('Same: 5 frames match');
  });

  it('asks for the recorded subprotocols, and sends as fast as possible when told', async () => {
    // A socket the page opens with two subprotocols (the server picks the first).
    await page.evaluate(
      (url) =>
        new Promise<void>((resolve) => {
          const ws = new WebSocket(url, ['p1', 'p2']);
          ws.onopen = () => {
            ws.send('one');
            setTimeout(() => ws.send('two'), 500);
            setTimeout(() => resolve(), 600);
          };
        }),
      `${lens.server.origin.replace('http', 'ws')}/counter?name=proto`,
    );
    await expect.poll(() => frames('proto').length).toBe(2);
    await expect.poll(() => panel.connection('name=proto').count(), RECORDS).toBe(1);
    await panel.select('name=proto');
    await expect.poll(async () => (await panel.messages()).filter((r) => r.kind === 'frame').length, RECORDS).toBe(4);
    const bar = panel.page.getByRole('group', { name: 'Replay and compare' });
    await bar.getByLabel('Replay speed').selectOption('max');
    await bar.getByRole('button', { name: 'Replay connection' }).click();
    await expect.poll(() => frames('proto').length, RECORDS).toBe(4);
    const replayed = frames('proto').slice(2);
    expect(replayed.map(shown)).toEqual(['one', 'two']);
    // One after another: far less than the recorded half second apart.
    expect(replayed[1]!.at - replayed[0]!.at).toBeLessThan(250);
    await expect.poll(() => panel.connection('name=proto').count(), RECORDS).toBe(2);
    // The server chose the same subprotocol for the replay: it was asked for the recorded ones, first p1.
    expect(frames('proto').map((m) => m.protocol)).toEqual(['p1', 'p1', 'p1', 'p1']);
    expect(replayed[0]!.socket).not.toBe(frames('proto')[0]!.socket);
  });
});
