/**
 * Acting on sockets in Firefox: commands and intercept rules sent the way the
 * panel sends them (the session client, over a bridge through an add-on page), through the event
 * page, the relay and into the hook. Firefox's relay hands bytes to the hook
 * through its own Xray rules, so bytes are checked exactly both ways. The
 * panel's controls themselves are tested in Chromium (actions.e2e.ts).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findFirefox } from '../src/cli/firefox';
import type { Command, Rule } from '../src/protocol/actions';
import { startFirefoxLens, type FirefoxLens } from './harness/firefox-lens';
import { actionsFixtureWith, type ActionsFixture } from './harness/actions-page';
import { sendCommand } from './harness/commands';
import type { SessionClient } from '../src/client/types';
import { payloadText } from './harness/payload';

let lens: FirefoxLens;
let tabId: number;
let fixture: ActionsFixture;
let client: SessionClient;

beforeAll(async () => {
  findFirefox(); // fails with an install hint: never a silent skip
  lens = await startFirefoxLens();
  const opened = await lens.openFixture('actions.html');
  tabId = opened.tabId;
  fixture = actionsFixtureWith((fn, arg) => opened.page.evaluate(fn as never, arg), lens.server);
  client = await lens.client();
  // Firefox throttles the timers of a hidden tab to one a second: the page's records would lag that much.
  await opened.page.bringToFront();
});
afterAll(async () => {
  await lens?.shutdown();
});

const command = (conn: string, cmd: Command) => sendCommand(client, tabId, conn, cmd);

/** The tab's socket whose URL ends with `name=<name>`, as the background stored it. */
async function socketNamed(name: string) {
  const { session } = await lens.readSession(tabId);
  return [...session.connections.values()].find((c) => c.url.endsWith(`name=${name}`));
}

/** The connection id of socket `name`, once the background knows it. */
async function connOf(name: string): Promise<string> {
  await expect.poll(async () => (await socketNamed(name))?.id).toBeDefined();
  return (await socketNamed(name))!.id;
}

/** The frames of a socket as the background stored them: direction, how it came about, data. */
async function framesOf(name: string): Promise<string[]> {
  return ((await socketNamed(name))?.records ?? []).flatMap((r) =>
    r.kind === 'frame' ? [`${r.dir} ${r.origin ?? r.intercept?.action ?? 'page'} ${r.type} ${payloadText(r)}`] : [],
  );
}

it('sends text and exact bytes to the server from DevTools, recorded as sent from DevTools', async () => {
  await fixture.connect('ff-send', { path: 'sink' });
  const conn = await connOf('ff-send');
  expect(await command(conn, { type: 'send', payload: { type: 'text', data: 'héllo' } })).toBeNull();
  expect(await command(conn, { type: 'send', payload: { type: 'binary', data: 'AAEC/w==' } })).toBeNull();
  await expect.poll(() => fixture.received('ff-send')).toEqual(['héllo', [0, 1, 2, 255]]);
  await expect.poll(() => framesOf('ff-send')).toEqual(['sent devtools text héllo', 'sent devtools binary AAEC/w==']);
});

for (const binaryType of ['arraybuffer', 'blob'] as const) {
  it(`delivers simulated messages to onmessage and every listener, bytes as binaryType '${binaryType}' says`, async () => {
    const name = `ff-sim-${binaryType}`;
    await fixture.connect(name, { path: 'sink', binaryType });
    const conn = await connOf(name);
    expect(
      await command(conn, { type: 'simulate', payload: { type: 'text', data: '{"from":"devtools"}' } }),
    ).toBeNull();
    expect(await command(conn, { type: 'simulate', payload: { type: 'binary', data: 'yv4A' } })).toBeNull();
    const kind = binaryType === 'blob' ? 'Blob' : 'ArrayBuffer';
    const expected = ['text:{"from":"devtools"}', `${kind}:ca fe 00`];
    await expect.poll(() => fixture.messages(name, 'listener')).toEqual(expected);
    expect(await fixture.messages(name, 'onmessage')).toEqual(expected);
    const seen = (await fixture.seen(name)).filter((e) => e.via === 'listener');
    expect(seen.map((e) => e.trusted)).toEqual([false, false]); // docs/LIMITS.md
    expect(await fixture.received(name)).toEqual([]);
  });
}

it('closes a socket with the code and reason the server gets, and simulates a server close on another', async () => {
  await fixture.connect('ff-close', { path: 'echo' });
  await fixture.connect('ff-simclose', { path: 'sink' });
  const [closing, simulated] = [await connOf('ff-close'), await connOf('ff-simclose')];
  expect(await command(closing, { type: 'close', code: 4000, reason: 'done' })).toBeNull();
  expect(
    await command(simulated, { type: 'simulate-close', code: 4002, reason: 'maintenance', wasClean: true }),
  ).toBeNull();
  await expect.poll(() => fixture.state('ff-close')).toBe(3);
  await expect.poll(() => fixture.state('ff-simclose')).toBe(3);
  const closeOf = async (name: string) => (await fixture.seen(name)).find((e) => e.via === 'onclose');
  expect(await closeOf('ff-close')).toMatchObject({ code: 4000, reason: 'done', wasClean: true });
  expect(await closeOf('ff-simclose')).toMatchObject({ code: 4002, reason: 'maintenance', wasClean: true });
  expect(await command(closing, { type: 'send', payload: { type: 'text', data: 'x' } })).toBe('closed');
});

it('replaces and blocks frames by rule, with replacement bytes exact, and records what the rules did', async () => {
  const rule = (fields: Partial<Rule> & Pick<Rule, 'name' | 'action'>): Rule => ({
    id: fields.name,
    enabled: true,
    delayMs: 1000,
    direction: 'sent',
    url: 'name=ff-rules',
    payload: '',
    ...fields,
  });
  const rules = [
    rule({ name: 'no pings', payload: 'ping', action: 'block' }),
    rule({
      name: 'to bytes',
      payload: 'bytes please',
      action: 'replace',
      replace: { mode: 'whole', payload: { type: 'binary', data: '3q2+7w==' } },
    }),
  ];
  await client.setRules(tabId, rules);
  await fixture.connect('ff-rules', { path: 'sink' });
  await fixture.send('ff-rules', 'ping', 'bytes please', 'plain');
  await expect.poll(() => fixture.received('ff-rules')).toEqual([[0xde, 0xad, 0xbe, 0xef], 'plain']);
  await expect
    .poll(() => framesOf('ff-rules'))
    .toEqual(['sent blocked text ping', 'sent replaced binary 3q2+7w==', 'sent page text plain']);
  await client.setRules(tabId, []);
});
