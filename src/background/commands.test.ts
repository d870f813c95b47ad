import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Command } from '../protocol/actions';
import { CommandRouter, type CommandChannel, type CommandOutcome } from './commands';
import { TabSession } from './tab-session';
import { testHandshake } from '../protocol/handshake-testing';

const DOC_A = 'aaaaaaaa-0000-4000-8000-00000000000a';
const DOC_B = 'bbbbbbbb-0000-4000-8000-00000000000b';
const create = (sid: number) => ({
  kind: 'create',
  sid,
  t: 1,
  url: 'wss://x.test/',
  protocols: [],
  stack: '',
  frameUrl: '',
});
const send = { type: 'send', payload: { type: 'text', data: 'hi' } } as const;

type Sent = [string, { id: number; sid: number; command: Command }];

function setup() {
  const session = new TabSession(5);
  session.accept(DOC_A, 0, 0, [create(1), create(2)]);
  session.accept(DOC_B, 3, 0, [create(1)]);
  const toRelay: Sent[] = [];
  const channel = (name: string): CommandChannel => ({
    command: (id, sid, command) => void toRelay.push([name, { id, sid, command }]),
  });
  const channels = new Map<string, CommandChannel>([[DOC_A, channel('relay A')]]);
  const woken: unknown[][] = [];
  const gone = new Set<string>();
  const router = new CommandRouter({
    channelOf: (tabId, docId) => (tabId === 5 ? channels.get(docId) : undefined),
    wake: (...args) => woken.push(args),
    isGone: (_tabId, docId) => gone.has(docId),
  });
  /** Every outcome, in the order commands settled. */
  const outcomes: [string, CommandOutcome][] = [];
  const run = (who: string, conn: string, tabId = 5, owner: unknown = who) =>
    router
      .run({ tabId, conn, command: send }, tabId === 5 ? session : undefined, owner)
      .then((outcome) => void outcomes.push([who, outcome]));
  return { session, channels, channel, router, toRelay, woken, gone, outcomes, run };
}

const settled = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('CommandRouter', () => {
  it('refuses a socket known only from its handshake: no hook can act on it', async () => {
    const { session, toRelay, woken, outcomes, run } = setup();
    session.observeHandshake(0, testHandshake({ url: 'ws://x.test/from-worker' }), 0);
    session.expireHandshakes(60_000);
    void run('client', '3.1');
    await settled();
    expect(outcomes).toEqual([
      ['client', { code: 'read-only', message: 'socket 3.1 is known only from its handshake' }],
    ]);
    expect(toRelay).toEqual([]);
    expect(woken).toEqual([]);
  });

  it('sends a command to the channel of the document that owns the connection, under its own id', async () => {
    const { router, toRelay, channels, outcomes, run } = setup();
    void run('client', '1.2');
    expect(toRelay).toEqual([['relay A', { id: 1, sid: 2, command: send }]]);
    router.result(channels.get(DOC_A)!, 1);
    await settled();
    expect(outcomes).toEqual([['client', undefined]]);
  });

  it('answers each client on its own, with the hook error as a code', async () => {
    const { router, toRelay, channels, outcomes, run } = setup();
    void run('first', '1.1');
    void run('second', '1.2');
    const ids = toRelay.map(([, control]) => control.id);
    expect(new Set(ids).size).toBe(2);
    router.result(channels.get(DOC_A)!, ids[1]!, 'closed');
    router.result(channels.get(DOC_A)!, ids[0]!);
    await settled();
    expect(outcomes).toEqual([
      ['second', { code: 'closed', message: 'closed' }],
      ['first', undefined],
    ]);
  });

  it("keeps the browser's words of a failure in the message", async () => {
    const { router, toRelay, channels, outcomes, run } = setup();
    void run('client', '1.1');
    router.result(channels.get(DOC_A)!, toRelay[0]![1].id, 'failed', 'boom');
    await settled();
    expect(outcomes).toEqual([['client', { code: 'failed', message: 'boom' }]]);
  });

  it('refuses connections the tab does not know with unknown-socket, without asking any channel', async () => {
    const { toRelay, outcomes, run } = setup();
    for (const conn of ['1.9', '7.1']) void run('client', conn);
    void run('client', '1.1', 6);
    await settled();
    expect(toRelay).toEqual([]);
    expect(outcomes.map(([, outcome]) => outcome?.code)).toEqual([
      'unknown-socket',
      'unknown-socket',
      'unknown-socket',
    ]);
  });

  it('ignores an answer from any other channel than the one asked', async () => {
    const { router, outcomes, run, channel } = setup();
    void run('client', '1.1');
    router.result(channel('another relay'), 1, 'closed');
    await settled();
    expect(outcomes).toEqual([]);
  });

  it('times out when the page does not answer', async () => {
    const { outcomes, run } = setup();
    void run('client', '1.1');
    await vi.advanceTimersByTimeAsync(5000);
    expect(outcomes).toEqual([['client', { code: 'timeout', message: 'the page did not answer within 5 s' }]]);
  });

  it('fails at once with page-gone when the channel goes away, and forgets a client that went away', async () => {
    const { router, channels, outcomes, run } = setup();
    void run('client', '1.1');
    router.channelGone(channels.get(DOC_A)!);
    await settled();
    expect(outcomes.map(([, outcome]) => outcome?.code)).toEqual(['page-gone']);
    void run('client', '1.1');
    router.ownerGone('client');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(outcomes).toHaveLength(1);
  });

  it('says at once that a socket is gone with its page', async () => {
    const { toRelay, woken, gone, outcomes, run } = setup();
    gone.add(DOC_B);
    void run('client', '2.1');
    await settled();
    expect(outcomes.map(([, outcome]) => outcome?.code)).toEqual(['page-gone']);
    expect(toRelay).toEqual([]);
    expect(woken).toEqual([]);
  });

  it('wakes the frame of a document whose channel is not connected, and sends once it says hello', () => {
    const { router, toRelay, woken, run, channel } = setup();
    void run('client', '2.1');
    expect(woken).toEqual([[5, 3, DOC_B]]);
    expect(toRelay).toEqual([]);
    router.channelReady(5, DOC_A, channel('relay A again'));
    expect(toRelay).toEqual([]);
    router.channelReady(5, DOC_B, channel('relay B'));
    expect(toRelay).toEqual([['relay B', { id: 1, sid: 1, command: send }]]);
  });
});

describe('TabSession pauses', () => {
  const paused = (sid: number, pause: number) => ({
    sid,
    pause,
    dir: 'sent' as const,
    rule: 'stop',
    t: 1,
    payload: { type: 'text' as const, data: 'x' },
    size: 1,
    truncated: false,
  });

  it('names paused frames by connection, and forgets them when they end or their document goes', () => {
    const { session } = setup();
    session.addPause(DOC_A, paused(2, 1));
    session.addPause(DOC_B, paused(1, 1));
    session.addPause(DOC_B, paused(9, 2)); // a socket the tab never saw
    expect(session.pausedFrames().map((p) => `${p.conn}#${p.pause}`)).toEqual(['1.2#1', '2.1#1']);
    expect(session.endPause(DOC_A, 2, 1)).toBe(true);
    expect(session.endPause(DOC_A, 2, 1)).toBe(false);
    expect(session.dropPausesOf(DOC_B)).toBe(true);
    expect(session.pausedFrames()).toEqual([]);
  });

  it('finds the document, frame and sid behind a connection id', () => {
    const { session } = setup();
    expect(session.ownerOf('2.1')).toEqual({ docId: DOC_B, frameId: 3, sid: 1 });
    expect(session.ownerOf('4.1')).toBeUndefined();
    expect(session.knows('1.2')).toBe(true);
    expect(session.knows('1.3')).toBe(false);
  });
});
