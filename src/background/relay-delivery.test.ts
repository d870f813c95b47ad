/**
 * The relay's at-least-once delivery end to end, with fakes only at the edges:
 * the real relay link (content/background-link.ts) talks over fake
 * `runtime.Port`s (messages structured-cloned, delivered in later tasks) to the
 * real SessionService (through the relay-port source), whose store is a FakeStore that survives "worker restarts"
 * (a new service loaded from it). Ports drop at every step of the exchange, and the
 * worker stops between a write and its acknowledgement; every record must end
 * up stored exactly once, in order, and the relay must stop resending.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { batchOf } from '../protocol/testing';
import { DEFAULT_SETTINGS } from '../protocol/settings';
import { StorageFault } from './storage-fault';
import { SessionService } from './session-service';
import { acceptRelayPort } from './sources/relay-port';
import { holdPort } from './held-port';
import { FakeStore } from './testing';

const transport = vi.hoisted(() => ({ connect: (_info: { name: string }): unknown => undefined }));
vi.mock('webextension-polyfill', () => ({
  default: { runtime: { id: 'lens', connect: (info: { name: string }) => transport.connect(info) } },
}));
const { openBackgroundLink } = await import('../content/background-link');

const DOC = 'aaaaaaaa-0000-4000-8000-00000000000a';
const TAB = 1;

type Listener = (message: unknown) => void;
interface FakePort {
  name: string;
  sender?: Runtime.MessageSender;
  connected: boolean;
  peer?: FakePort;
  messageListeners: Set<Listener>;
  disconnectListeners: Set<() => void>;
  postMessage(message: unknown): void;
  disconnect(): void;
  sever(): void;
  onMessage: { addListener(l: Listener): void; removeListener(l: Listener): void };
  onDisconnect: { addListener(l: () => void): void; removeListener(l: () => void): void };
}

/** What may happen to a message on its way: delivered, or the port drops (and the message is lost). */
type Interceptor = (to: 'background' | 'relay', message: { type: string }) => 'deliver' | 'drop';

function fakePort(name: string, intercept: () => Interceptor, side: 'background' | 'relay'): FakePort {
  const port: FakePort = {
    name,
    connected: true,
    messageListeners: new Set(),
    disconnectListeners: new Set(),
    postMessage(message) {
      if (!port.connected) throw new Error('Attempting to use a disconnected port object');
      const copy = structuredClone(message) as { type: string };
      const peer = port.peer!;
      setTimeout(() => {
        if (!peer.connected) return;
        if (intercept()(side === 'relay' ? 'background' : 'relay', copy) === 'drop') return port.sever();
        for (const listener of [...peer.messageListeners]) listener(copy);
      });
    },
    disconnect() {
      if (!port.connected) return;
      port.connected = false;
      port.peer!.connected = false;
      // As in Chrome, only the other end hears of it.
      setTimeout(() => [...port.peer!.disconnectListeners].forEach((listener) => listener()));
    },
    sever() {
      // The channel broke (its worker stopped): both ends hear of it.
      port.disconnect();
      setTimeout(() => [...port.disconnectListeners].forEach((listener) => listener()));
    },
    onMessage: {
      addListener: (l) => void port.messageListeners.add(l),
      removeListener: (l) => void port.messageListeners.delete(l),
    },
    onDisconnect: {
      addListener: (l) => void port.disconnectListeners.add(l),
      removeListener: (l) => void port.disconnectListeners.delete(l),
    },
  };
  return port;
}

/** A worker that can be stopped and started again; its service loads from the same store. */
class World {
  readonly store = new FakeStore();
  preserveLog = false;
  intercept: Interceptor = () => 'deliver';
  recordsPosted = 0;
  private service: Promise<SessionService> | null = null;
  private backgroundPorts = new Set<FakePort>();

  connect(info: { name: string }): FakePort {
    const relay = fakePort(info.name, () => this.counting, 'relay');
    const background = fakePort(info.name, () => this.counting, 'background');
    relay.peer = background;
    background.peer = relay;
    background.sender = {
      tab: { id: TAB } as NonNullable<Runtime.MessageSender['tab']>,
      frameId: 0,
      url: 'https://example.test/',
    };
    this.backgroundPorts.add(background);
    // As the real worker: listeners at once, handling once the stored sessions are loaded.
    const held = holdPort(background as unknown as Runtime.Port);
    void this.worker().then((service) => acceptRelayPort(service, held));
    return relay;
  }

  private counting: Interceptor = (to, message) => {
    if (to === 'background' && message.type === 'records') this.recordsPosted++;
    return this.intercept(to, message);
  };

  private worker(): Promise<SessionService> {
    return (this.service ??= SessionService.start({
      db: this.store,
      settings: { ...DEFAULT_SETTINGS, preserveLog: this.preserveLog },
      liveTabs: [TAB],
      saveSettings: () => Promise.resolve(),
      wake: () => {},
    }));
  }

  /** The worker stops: its ports drop and its memory is gone. */
  stop(): void {
    // Its timers die with it: the old service retries no write into the store.
    void this.service?.then((service) => service.dispose());
    this.service = null;
    for (const port of this.backgroundPorts) port.sever();
    this.backgroundPorts.clear();
  }

  async stored(): Promise<string[]> {
    const rows = [...(this.store.rows.get(TAB)?.values() ?? [])].sort((a, b) => a.seq - b.seq);
    return rows.map(label);
  }

  async live(): Promise<string[]> {
    const service = await this.worker();
    const { records } = service.read(TAB, { after: -1, limit: Infinity, maxBytes: Infinity });
    return records.map(label);
  }
}

/** A record as the scenario names it: a frame by its payload (binary ones as `bin:` and their bytes as text), others by kind. */
function label(record: { kind: string; type?: string; data?: unknown }): string {
  if (record.kind !== 'frame') return record.kind;
  return record.type === 'text' ? String(record.data) : `bin:${new TextDecoder().decode(record.data as Uint8Array)}`;
}

const create = { kind: 'create', sid: 1, t: 1, url: 'wss://example.test/', protocols: [], stack: '', frameUrl: '' };
const open = { kind: 'open', sid: 1, t: 2, protocol: '', extensions: '' };
const frame = (data: string) => ({
  kind: 'frame',
  sid: 1,
  t: 3,
  dir: 'received',
  type: 'text',
  size: -1,
  truncated: false,
  data,
});
/** Binary frames travel in chunks, which the relay sends in a Blob: read back in the worker before their batch goes in. */
const binary = (text: string) => {
  const data = new TextEncoder().encode(text);
  return { ...frame(''), type: 'binary', size: data.length, data };
};
const expected = ['create', 'open', 'a', 'bin:b', 'c', 'bin:d', 'e'];

let world: World;
beforeEach(() => {
  world = new World();
  transport.connect = (info) => world.connect(info);
  vi.stubGlobal('window', { top: null });
  (globalThis.window as { top: unknown }).top = globalThis.window;
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** Sends the three batches of the scenario, the last after the first two settled or were dropped. */
async function deliver(): Promise<void> {
  const link = openBackgroundLink(
    DOC,
    () => {},
    () => [],
  );
  link.send(batchOf([create, open, frame('a')]));
  link.send(batchOf([binary('b'), frame('c')]));
  await vi.waitFor(async () => expect((await world.stored()).length).toBeGreaterThanOrEqual(5), { timeout: 2000 });
  link.send(batchOf([binary('d'), frame('e')]));
  await vi.waitFor(async () => expect(await world.stored()).toEqual(expected), { timeout: 2000 });
}

/** After everything is stored the relay has nothing left to resend: no more record messages. */
async function expectQuiet(): Promise<void> {
  const posted = world.recordsPosted;
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(world.recordsPosted).toBe(posted);
}

describe('relay delivery with port drops and worker restarts', () => {
  it('stores every record once, in order, when nothing goes wrong', async () => {
    await deliver();
    expect(await world.live()).toEqual(expected);
    await expectQuiet();
  });

  const steps: { name: string; at: (to: 'background' | 'relay', message: { type: string }) => boolean }[] = [
    { name: 'the hello', at: (to, m) => to === 'background' && m.type === 'hello' },
    { name: 'the first records', at: (to, m) => to === 'background' && m.type === 'records' },
    { name: 'the capture control after hello', at: (to, m) => to === 'relay' && m.type === 'capture' },
    { name: 'the first ack', at: (to, m) => to === 'relay' && m.type === 'ack' },
  ];
  for (const { name, at } of steps) {
    for (const restart of [false, true]) {
      it(`loses and repeats nothing when the port drops at ${name}${restart ? ' and the worker restarts' : ''}`, async () => {
        let dropped = false;
        world.intercept = (to, message) => {
          if (dropped || !at(to, message)) return 'deliver';
          dropped = true;
          if (restart) world.stop();
          return 'drop';
        };
        await deliver();
        expect(dropped).toBe(true);
        expect(await world.live()).toEqual(expected);
        await expectQuiet();
      });
    }
  }

  it('loses and repeats nothing when the worker stops after a write committed and before its ack went out', async () => {
    let stops = 0;
    world.store.afterCommit = () => {
      if (stops++ === 0) world.stop();
    };
    await deliver();
    expect(stops).toBeGreaterThan(1);
    expect(await world.live()).toEqual(expected);
    await expectQuiet();
  });

  it('acknowledges nothing while storage fails, and everything once it works again', async () => {
    let acks = 0;
    world.intercept = (to, message) => {
      if (to === 'relay' && message.type === 'ack') acks++;
      return 'deliver';
    };
    const link = openBackgroundLink(
      DOC,
      () => {},
      () => [],
    );
    // Storage fails once the worker has loaded (a store that cannot load at all makes it memory-only).
    world.store.failing = new StorageFault('quota', 'QuotaExceededError: full');
    link.send(batchOf([create, open, frame('a')]));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(acks).toBe(0);
    expect(await world.live()).toEqual(['create', 'open', 'a']);
    // The worker stops while nothing was stored: the relay still holds the records, and resends them.
    world.stop();
    world.store.failing = null;
    await vi.waitFor(async () => expect(await world.stored()).toEqual(['create', 'open', 'a']), { timeout: 2000 });
    await vi.waitFor(() => expect(acks).toBeGreaterThan(0));
    await expectQuiet();
  });

  it("keeps a page's last batch, still being read from its Blob, before the next page's hello", async () => {
    world.preserveLog = true;
    const first = openBackgroundLink(
      DOC,
      () => {},
      () => [],
    );
    first.send(batchOf([create, open]));
    await vi.waitFor(async () => expect(await world.stored()).toEqual(['create', 'open']), { timeout: 2000 });
    // The page floods and leaves: its last batch goes out, and the next page's relay says hello right behind it,
    // while the worker still reads the batch's Blob (slowly, as under a flood).
    const read = Blob.prototype.arrayBuffer;
    vi.spyOn(Blob.prototype, 'arrayBuffer').mockImplementation(async function (this: Blob) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return read.call(this);
    });
    first.send(batchOf([binary('last')]));
    openBackgroundLink(
      'bbbbbbbb-0000-4000-8000-00000000000b',
      () => {},
      () => [],
    );
    // In order, the frame is the socket's last record before the navigation ended it; overtaken, it was refused.
    await vi.waitFor(async () => expect(await world.live()).toEqual(['create', 'open', 'bin:last', 'close']), {
      timeout: 2000,
    });
  });
});
