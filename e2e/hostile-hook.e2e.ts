/**
 * Hostile pages in Chromium: each attack of e2e/fixtures/hostile-attacks.js
 * (event names from our bundle, `.caller` from page callbacks, accessors on
 * Object.prototype and Array.prototype, throwing getters, species and
 * thenables, natives replaced after start, detached buffers, lone
 * surrogates) in a tab of its own. The session must hold exactly what the
 * test server received, and a socket opened after the attack is recorded.
 * Then a socket with a 100 KB URL from a 20,000+ character stack, on a page
 * whose URL is 70 KB long, is kept with its fields cut.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSession } from '../src/cli/session-reader';
import { MAX_STACK_CHARS, MAX_URL_CHARS } from '../src/protocol/limits';
import type { CreateRecord } from '../src/protocol/schema';
import { DIST, startLens, type Lens } from './harness/lens';
import { ATTACKS, attackConnections, bundleEventNames, expectSessionIsTheWire } from './harness/hostile';
import { payloadText } from './harness/payload';

let lens: Lens;
beforeAll(async () => {
  lens = await startLens();
});
afterAll(async () => {
  await lens?.shutdown();
});

type Hostile = {
  hostile: { run(name: string, names: string[]): Promise<unknown>; longFields(): Promise<unknown> };
};

describe('a hostile page in Chromium', () => {
  const names = bundleEventNames(DIST);

  it('finds our event names in the bundle', () => {
    expect(names.some((n) => /^wsl[0-9a-f]{12}:realms$/.test(n))).toBe(true);
  });

  it.each(ATTACKS)('%s: the session is the wire, and the next socket is recorded', async (name) => {
    const { page, tabId } = await lens.openFixture('hostile-hook.html');
    const seen = await page.evaluate(
      ([attack, eventNames]) => (window as unknown as Hostile).hostile.run(attack, eventNames),
      [name, names] as const,
    );
    // No trap was ever reached, no internal function leaked, no table or port handed out.
    expect(seen, `${name}: what the page got hold of`).toEqual([]);
    const { read } = await attackConnections(() => readSession(lens, tabId), name);
    expectSessionIsTheWire(read, lens.server, name);
    await page.close();
  });

  it('keeps a 100 KB socket URL, a 70 KB page URL and a deep stack, cut, with all their frames', async () => {
    const page = await lens.context.newPage();
    await page.goto(`${lens.server.origin}/hostile-hook.html#${'f'.repeat(70 * 1024)}`);
    const tabId = await lens.tabIdOf(page);
    await page.evaluate(() => (window as unknown as Hostile).hostile.longFields());
    await expect
      .poll(async () => {
        const { session } = await readSession(lens, tabId);
        return [...session.connections.values()].find((c) => c.url.includes('?long=1'))?.close !== undefined;
      })
      .toBe(true);
    const { session } = await readSession(lens, tabId);
    const socket = [...session.connections.values()].find((c) => c.url.includes('?long=1'))!;
    const create = socket.records[0] as CreateRecord;
    expect(create.url.length).toBe(MAX_URL_CHARS);
    expect(create.urlLength).toBeGreaterThan(100 * 1024);
    expect(create.frameUrl.length).toBe(MAX_URL_CHARS);
    expect(create.frameUrlLength).toBeGreaterThan(70 * 1024);
    expect(create.stack.length).toBe(MAX_STACK_CHARS);
    expect(create.stackLength).toBeGreaterThan(20_000);
    const frames = socket.records.flatMap((r) => (r.kind === 'frame' ? [`${r.dir} ${payloadText(r)}`] : []));
    expect(frames).toEqual(['sent long one', 'sent long two', 'received long one', 'received long two']);
    expect(lens.server.received.filter((m) => m.path.startsWith('/echo?long=1')).length).toBe(2);
    await page.close();
  });
});
