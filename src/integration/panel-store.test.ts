/**
 * The panel's store built from a client over the in-memory transport, against
 * the real service: what the panel shows follows the session, commands come
 * back in the panel's words, and an imported log sets the live tab aside.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../client/client';
import { memoryTransport } from '../client/transports/memory';
import type { SessionClient } from '../client/types';
import { serveClient } from '../background/endpoints/serve-client';
import { TAB, createRecord, serviceWorld, textFrame } from '../background/testing';
import { createPanelStore } from '../panel/store';
import { visibleConnections } from '../panel/connections';

const until = async (check: () => boolean) => {
  const deadline = Date.now() + 2000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
};

let client: SessionClient | undefined;
afterEach(() => client?.close());

async function panelWorld() {
  const world = await serviceWorld();
  const transport = memoryTransport({
    accept(peer) {
      const served = serveClient(world.service, { post: (event) => peer.post(event) });
      return { request: served.request, closed: served.closed };
    },
  });
  client = createClient(transport, { reconnectDelayMs: 5 });
  const store = createPanelStore(client, TAB);
  store.connect();
  return { world, transport, store };
}

describe('createPanelStore', () => {
  it('shows the session live, and again after the link drops', async () => {
    const { world, transport, store } = await panelWorld();
    world.feed(createRecord(1), textFrame(1, 'a'));
    await until(() => store.records.value.length === 2);
    expect([...store.session.value.connections.keys()]).toEqual(['1.1']);
    expect(store.linkStatus.value).toBe('live');
    transport.drop();
    world.feed(textFrame(1, 'b'));
    await until(() => store.records.value.length === 3);
    expect(store.records.value.map((r) => r.seq)).toEqual([0, 1, 2]);
    expect(store.session.value.connections.get('1.1')?.received.count).toBe(2);
  });

  it('words a failed command for the socket acted on, named by its URL rather than its id', async () => {
    const { world, store } = await panelWorld();
    world.feed(createRecord(1));
    await until(() => store.session.value.connections.has('1.1'));
    world.document.closed();
    expect(await store.act('1.1', { type: 'close' }, 'Closed')).toBe(false);
    expect(store.actionMessage.value).toEqual({ error: true, text: 'Failed: /1 is closed: its page is gone' });
    expect(store.nameOf('1.1')).toBe('/1');
  });

  it('applies a burst of records once per animation frame, in order, with the status after them', async () => {
    const { world, store } = await panelWorld();
    world.feed(createRecord(1));
    await until(() => store.records.value.length === 1);
    const revision = store.revision.value;
    // Fed one by one: the service posts them as many separate messages.
    for (let i = 0; i < 2000; i++) world.feed(textFrame(1, `m${i}`));
    await until(() => store.records.value.length === 2001);
    expect(store.records.value.map((r) => r.seq)).toEqual(Array.from({ length: 2001 }, (_, i) => i));
    expect(store.session.value.connections.get('1.1')?.received.count).toBe(2000);
    // One render per frame that applied something, however many messages carried the records.
    expect(store.revision.value - revision).toBeLessThan(10);
  });

  it('sets the live tab aside while a log is imported, and brings it back whole', async () => {
    const { world, store } = await panelWorld();
    world.feed(createRecord(1));
    await until(() => store.records.value.length === 1);
    store.showImported('log.har', [], []);
    world.feed(textFrame(1, 'while imported'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store.records.value).toEqual([]);
    store.leaveImported();
    await until(() => store.records.value.length === 2);
    expect(store.viewSource.value).toEqual({ kind: 'live' });
  });

  it('replays a connection through the real service: the replay command reaches the document that owns it, and the replay is listed after its original', async () => {
    const { world, store } = await panelWorld();
    world.feed(
      createRecord(1),
      { kind: 'open', sid: 1, t: 10, protocol: '', extensions: '' },
      { ...textFrame(1, 'hello'), dir: 'sent', t: 60 },
      textFrame(1, 'welcome'),
      createRecord(2),
    );
    await until(() => store.records.value.length === 5);
    const replayed = store.replay('1.1', 2);
    await until(() => world.commands.length === 1);
    expect(world.commands[0]).toMatchObject({
      sid: 1,
      command: {
        type: 'replay',
        replayOf: '1.1',
        url: 'wss://x.test/1',
        frames: [{ offsetMs: 50, payload: { type: 'text', data: 'hello' } }],
        speed: 2,
      },
    });
    world.document.result(world.commands[0]!.id);
    expect(await replayed).toBe(true);
    expect(store.actionMessage.value).toEqual({ error: false, text: 'Replaying /1: 1 frame to send' });
    // The hook's record of the new socket carries the tag; the session keeps it and the list puts it beside /1.
    world.feed({ ...createRecord(3), url: 'wss://x.test/1', replayOf: '1.1' });
    await until(() => store.session.value.connections.has('1.3'));
    expect(store.session.value.connections.get('1.3')?.replayOf).toBe('1.1');
    const order = visibleConnections(store.session.value.connections.values(), store.view.connectionView.value);
    expect(order.map((c) => c.id)).toEqual(['1.1', '1.3', '1.2']);
  });

  it('says why an imported connection cannot be replayed, and sends nothing', async () => {
    const { world, store } = await panelWorld();
    world.feed(createRecord(1));
    await until(() => store.records.value.length === 1);
    store.showImported('log.json', [...store.records.value], []);
    expect(await store.replay('1.1', 1)).toBe(false);
    expect(store.actionMessage.value?.text).toContain('Replay needs the live page');
    expect(world.commands).toEqual([]);
  });
});
