/**
 * The hostile-page suite of e2e/hostile-hook.e2e.ts in Firefox: the same
 * attacks (e2e/fixtures/hostile-attacks.js) and the same checks against the
 * test server, with the session read over the panel port from an add-on page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFirefox } from '../src/cli/firefox';
import { MAX_STACK_CHARS, MAX_URL_CHARS } from '../src/protocol/limits';
import type { CreateRecord } from '../src/protocol/schema';
import { DIST_FIREFOX, startFirefoxLens, type FirefoxLens } from './harness/firefox-lens';
import { ATTACKS, attackConnections, bundleEventNames, expectSessionIsTheWire } from './harness/hostile';
import { payloadText } from './harness/payload';

let lens: FirefoxLens;
beforeAll(async () => {
  findFirefox(); // fails with an install hint: never a silent skip
  lens = await startFirefoxLens();
});
afterAll(async () => {
  await lens?.shutdown();
});

type Hostile = {
  hostile: { run(name: string, names: string[]): Promise<unknown>; longFields(): Promise<unknown> };
};

describe('a hostile page in Firefox', () => {
  const names = bundleEventNames(DIST_FIREFOX);

  it('finds our event names in the bundle', () => {
    expect(names.some((n) => /^wsl[0-9a-f]{12}:realms$/.test(n))).toBe(true);
  });

  it.each(ATTACKS)('%s: the session is the wire, and the next socket is recorded', async (name) => {
    const { page, tabId } = await lens.openFixture('hostile-hook.html');
    const seen = await page.evaluate(
      (attack, eventNames) => (window as unknown as Hostile).hostile.run(attack, eventNames),
      name,
      names,
    );
    // No trap was ever reached, no internal function leaked, no table or port handed out.
    expect(seen, `${name}: what the page got hold of`).toEqual([]);
    const { read } = await attackConnections(() => lens.readSession(tabId), name);
    expectSessionIsTheWire(read, lens.server, name);
    await page.close();
  });

  it('keeps a 100 KB socket URL, a 70 KB page URL and a deep stack, cut, with all their frames', async () => {
    const page = await lens.browser.newPage();
    await page.goto(`${lens.server.origin}/hostile-hook.html#${'f'.repeat(70 * 1024)}`);
    const tabId = await lens.tabIdOf(page);
    await page.evaluate(() => (window as unknown as Hostile).hostile.longFields());
    const longSocket = async () =>
      [...(await lens.readSession(tabId)).session.connections.values()].find((c) => c.url.includes('?long=1'));
    await expect.poll(async () => (await longSocket())?.close !== undefined).toBe(true);
    const socket = (await longSocket())!;
    const create = socket.records[0] as CreateRecord;
    expect(create.url.length).toBe(MAX_URL_CHARS);
    expect(create.urlLength).toBeGreaterThan(100 * 1024);
    expect(create.frameUrl.length).toBe(MAX_URL_CHARS);
    expect(create.frameUrlLength).toBeGreaterThan(70 * 1024);
    expect(create.stack.length).toBe(MAX_STACK_CHARS);
    expect(create.stackLength).toBeGreaterThan(20_000);
    const frames = socket.records.flatMap((r) => (r.kind === 'frame' ? [`${r.dir} ${payloadText(r)}`] : []));
    expect(frames).toEqual(['sent long one', 'sent long two', 'received long one', 'received long two']);
    await page.close();
  });
});
