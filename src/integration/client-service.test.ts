/**
 * The client against the real service over the in-memory transport (with a
 * store that keeps nothing): drops and resumes, commands and their error
 * codes, records in messages bounded by bytes, undeliverable messages.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../client/client';
import { memoryTransport, type MemoryTransport } from '../client/transports/memory';
import { ClientError, type SessionClient } from '../client/types';
import { serveClient, type ClientLink } from '../background/endpoints/serve-client';
import { TAB, createRecord, serviceWorld, textFrame, type ServiceWorld } from '../background/testing';
import type { ClientEvent } from '../protocol/messages';
import type { SessionRecord } from '../protocol/schema';
import { recordBytes } from '../protocol/chunks';

const until = async (check: () => boolean, what: string) => {
  const deadline = Date.now() + 2000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
};

let clients: SessionClient[] = [];
afterEach(() => {
  for (const client of clients) client.close();
  clients = [];
});

interface Options {
  maxMessageBytes?: number;
  /** Wraps each link's post, to watch or break messages. */
  wrap?: (post: ClientLink['post']) => ClientLink['post'];
}

/** A world of the service, the memory transport to it, a client, and every event each link carried. */
async function connected(options: Options = {}) {
  const world = await serviceWorld();
  const links: ClientEvent[][] = [];
  const transport: MemoryTransport = memoryTransport({
    accept(peer) {
      const carried: ClientEvent[] = [];
      links.push(carried);
      const post: ClientLink['post'] = (event) => {
        peer.post(event);
        carried.push(event);
      };
      const served = serveClient(
        world.service,
        { post: options.wrap ? options.wrap(post) : post },
        options.maxMessageBytes,
      );
      return { request: served.request, closed: served.closed };
    },
  });
  const client = createClient(transport, { reconnectDelayMs: 5, timeoutMs: 1000 });
  clients.push(client);
  return { world, transport, client, links };
}

/** Subscribes and collects what the holder is given. */
function follow(client: SessionClient) {
  const got = { records: [] as SessionRecord[], resets: 0, statuses: 0, errors: [] as string[] };
  const subscription = client.subscribe(TAB, {
    reset: () => void got.resets++,
    records: (records) => void got.records.push(...records),
    status: () => void got.statuses++,
    error: (error) => void got.errors.push(error.code),
  });
  return { got, subscription };
}

const recordsOf = (events: ClientEvent[]) =>
  events.flatMap((event) => (event.type === 'records' ? event.records.map((r) => r.seq) : []));

const feedFrames = (world: ServiceWorld, from: number, count: number, size = 10) => {
  for (let i = 0; i < count; i++) world.feed(textFrame(1, `${from + i}`.padEnd(size, '.')));
};

describe('SessionClient over the memory transport', () => {
  it('gets a snapshot, then live records', async () => {
    const { world, client } = await connected();
    world.feed(createRecord(1));
    feedFrames(world, 0, 3);
    const { got } = follow(client);
    await until(() => got.statuses > 0, 'the snapshot');
    expect(got.resets).toBe(1);
    expect(got.records.map((r) => r.seq)).toEqual([0, 1, 2, 3]);
    feedFrames(world, 3, 2);
    await until(() => got.records.length === 6, 'live records');
    expect(got.records.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(client.state).toBe('live');
  });

  it('after a drop, resumes from its last record and gets exactly the records it missed', async () => {
    const { world, transport, client, links } = await connected();
    world.feed(createRecord(1));
    feedFrames(world, 0, 4);
    const { got, subscription } = follow(client);
    await until(() => got.records.length === 5, 'the snapshot');
    const states: string[] = [];
    client.onState((state) => states.push(state));

    transport.drop();
    feedFrames(world, 4, 3); // while the client is away
    await until(() => transport.opened === 2 && got.records.length === 8, 'the resumed records');
    feedFrames(world, 7, 1); // live again
    await until(() => got.records.length === 9, 'live records after the resume');

    expect(got.records.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(got.resets).toBe(1); // resumed, not started over
    const resubscribe = transport.sent.filter((r) => r.type === 'subscribe').at(-1);
    expect(resubscribe).toMatchObject({ resume: { epoch: subscription.resumePoint!.epoch, after: 4 } });
    // The service sent the second link only what the first had not carried.
    expect(recordsOf(links[1]!)).toEqual([5, 6, 7, 8]);
    expect(states).toEqual(['reconnecting', 'live']);
  });

  it('starts over with a reset when the session was cleared while it was away', async () => {
    const { world, transport, client } = await connected();
    world.feed(createRecord(1));
    feedFrames(world, 0, 2);
    const { got } = follow(client);
    await until(() => got.records.length === 3, 'the snapshot');
    transport.drop();
    world.service.clear(TAB);
    await until(() => got.resets === 2, 'the reset');
    // The open socket stays listed (its create record), its frames are gone.
    expect(got.records.slice(3).map((r) => r.kind)).toEqual(['create']);
  });

  it('fails a command to a socket whose page is gone with page-gone, and an unknown one with unknown-socket', async () => {
    const { world, client } = await connected();
    world.feed(createRecord(1));
    const answered = client.command(TAB, '1.1', { type: 'send', payload: { type: 'text', data: 'x' } });
    await until(() => world.commands.length === 1, 'the command at the hook');
    world.document.result(world.commands[0]!.id);
    await expect(answered).resolves.toBeUndefined();

    world.document.closed(); // the page navigated away
    const gone = await client.command(TAB, '1.1', { type: 'close' }).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(ClientError);
    expect(gone).toMatchObject({ code: 'page-gone' });
    await expect(client.command(TAB, '9.1', { type: 'close' })).rejects.toMatchObject({ code: 'unknown-socket' });
    expect(world.commands).toHaveLength(1);
  });

  it("passes the hook's refusal on as its code", async () => {
    const { world, client } = await connected();
    world.feed(createRecord(1));
    const answered = client.command(TAB, '1.1', { type: 'close' });
    await until(() => world.commands.length === 1, 'the command at the hook');
    world.document.result(world.commands[0]!.id, 'closed');
    await expect(answered).rejects.toMatchObject({ code: 'closed' });
  });

  it('fails a request that gets no answer with timeout', async () => {
    const transport = memoryTransport({ accept: () => ({ request() {}, closed() {} }) });
    const client = createClient(transport, { timeoutMs: 20 });
    clients.push(client);
    await expect(client.clear(TAB)).rejects.toMatchObject({ code: 'timeout' });
  });

  it('answers a malformed request with bad-request, by its id', async () => {
    const { client } = await connected();
    await expect(client.command(TAB, 'not a conn', { type: 'close' })).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('lists tabs with their connection counts, and reads slices', async () => {
    const { world, client } = await connected();
    world.feed(createRecord(1), createRecord(2));
    feedFrames(world, 0, 5);
    expect(await client.tabs()).toEqual([expect.objectContaining({ tabId: TAB, connections: 2, frames: 5 })]);
    const slice = await client.read(TAB, { after: 1, limit: 3 });
    expect(slice.records.map((r) => r.seq)).toEqual([2, 3, 4]);
    expect(slice.more).toBe(true);
    const rest = await client.read(TAB, { after: 4 });
    expect(rest.records.map((r) => r.seq)).toEqual([5, 6]);
    expect(rest.more).toBe(false);
  });
});

describe('messages bounded by bytes', () => {
  it('cuts a snapshot into records messages of at most the byte bound, and the client gets every record', async () => {
    const maxMessageBytes = 64 * 1024;
    const { world, client, links } = await connected({ maxMessageBytes });
    world.feed(createRecord(1));
    feedFrames(world, 0, 200, 5000); // ~2 MB estimated: about 32 messages
    const { got } = follow(client);
    await until(() => got.statuses > 0, 'the snapshot');
    const messages = links[0]!.filter((e) => e.type === 'records');
    expect(messages.length).toBeGreaterThan(20);
    for (const message of messages) {
      if (message.type !== 'records') continue;
      const bytes = message.records.reduce((n, r) => n + recordBytes(r), 0);
      expect(bytes).toBeLessThanOrEqual(maxMessageBytes);
    }
    expect(got.records.map((r) => r.seq)).toEqual(Array.from({ length: 201 }, (_, i) => i));
  });

  it('delivers binary payloads as bytes, counted byte for byte against the message bound', async () => {
    const maxMessageBytes = 64 * 1024;
    const { world, client, links } = await connected({ maxMessageBytes });
    world.feed(createRecord(1));
    const payload = (i: number) => Uint8Array.from({ length: 10_000 }, (_, k) => (i + k) & 0xff);
    for (let i = 0; i < 40; i++) world.feed({ ...textFrame(1, ''), type: 'binary', data: payload(i), size: 10_000 });
    const { got } = follow(client);
    await until(() => got.statuses > 0, 'the snapshot');
    const frames = got.records.filter((r) => r.kind === 'frame');
    expect(frames.map((r) => r.data)).toEqual(Array.from({ length: 40 }, (_, i) => payload(i)));
    expect(frames.every((r) => r.data instanceof Uint8Array)).toBe(true);
    // Six 10 KB frames fit in 64 KiB as bytes; as base64 text (two bytes a character) only two would.
    expect(links[0]!.filter((e) => e.type === 'records').length).toBeLessThanOrEqual(8);
  });

  it('reads a large session whole in slices bounded by bytes', async () => {
    const { world, client, links } = await connected({ maxMessageBytes: 64 * 1024 });
    world.feed(createRecord(1));
    feedFrames(world, 0, 200, 5000);
    const all = await client.readAll(TAB);
    expect(all.records.map((r) => r.seq)).toEqual(Array.from({ length: 201 }, (_, i) => i));
    expect(links[0]!.filter((e) => e.type === 'slice').length).toBeGreaterThan(20);
  });

  it('tells the client of a message that could not be delivered, and the client gets what it lost', async () => {
    let failNext = false;
    const { world, client } = await connected({
      maxMessageBytes: 64 * 1024,
      // A port refuses a message as Chrome does over 64 MiB: here, one records message on demand.
      wrap: (post) => (event) => {
        if (failNext && event.type === 'records') {
          failNext = false;
          throw new Error('Message exceeded maximum allowed size of 64MiB');
        }
        post(event);
      },
    });
    world.feed(createRecord(1));
    const { got } = follow(client);
    await until(() => got.statuses > 0, 'the snapshot');
    failNext = true;
    feedFrames(world, 0, 3);
    await until(() => got.errors.length > 0, 'the error');
    expect(got.errors).toEqual(['undeliverable']);
    await until(() => got.records.length === 4, 'the lost records');
    expect(got.records.map((r) => r.seq)).toEqual([0, 1, 2, 3]);
    feedFrames(world, 3, 1);
    await until(() => got.records.length === 5, 'live again');
    expect(new Set(got.records.map((r) => r.seq)).size).toBe(5);
  });
});
