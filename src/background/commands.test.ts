import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import type { PanelEvent, RelayControl } from '../protocol/messages';
import { CommandRouter } from './commands';
import { TabSession } from './tab-session';

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
const port = (name: string) => ({ name }) as unknown as Runtime.Port;
const send = { type: 'send', payload: { type: 'text', data: 'hi' } } as const;

function setup() {
  const session = new TabSession(5);
  session.accept(DOC_A, 0, 0, [create(1), create(2)]);
  session.accept(DOC_B, 3, 0, [create(1)]);
  const relays = new Map<string, Runtime.Port>([[DOC_A, port('relay A')]]);
  const toPanel: [Runtime.Port, PanelEvent][] = [];
  const toRelay: [Runtime.Port, RelayControl][] = [];
  const woken: unknown[][] = [];
  const gone = new Set<string>();
  const router = new CommandRouter({
    relayOf: (tabId, docId) => (tabId === 5 ? relays.get(docId) : undefined),
    wake: (...args) => woken.push(args),
    isGone: (_tabId, docId) => gone.has(docId),
    toPanel: (p, event) => toPanel.push([p, event]),
    toRelay: (p, control) => toRelay.push([p, control]),
  });
  return { session, relays, router, toPanel, toRelay, woken, gone, panel: port('panel') };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('CommandRouter', () => {
  it('sends a command to the relay of the document that owns the connection, under its own id', () => {
    const { session, router, toRelay, toPanel, relays, panel } = setup();
    router.run(panel, { id: 1, tabId: 5, conn: '1.2', command: send }, session);
    expect(toRelay).toEqual([[relays.get(DOC_A), { type: 'command', id: 1, sid: 2, command: send }]]);
    router.result(relays.get(DOC_A)!, 1);
    expect(toPanel).toEqual([[panel, { type: 'result', id: 1 }]]);
  });

  it('answers each panel with its own id, and words the hook errors', () => {
    const { session, router, toRelay, toPanel, relays } = setup();
    const [first, second] = [port('panel 1'), port('panel 2')];
    router.run(first, { id: 1, tabId: 5, conn: '1.1', command: send }, session);
    router.run(second, { id: 1, tabId: 5, conn: '1.2', command: send }, session);
    const ids = toRelay.map(([, control]) => (control as { id: number }).id);
    expect(new Set(ids).size).toBe(2);
    router.result(relays.get(DOC_A)!, ids[1]!, 'closed');
    router.result(relays.get(DOC_A)!, ids[0]!);
    expect(toPanel).toEqual([
      [second, { type: 'result', id: 1, error: 'socket 1.2 is closed' }],
      [first, { type: 'result', id: 1 }],
    ]);
  });

  it('refuses connections the tab does not know, without asking any relay', () => {
    const { session, router, toRelay, toPanel, panel } = setup();
    for (const conn of ['1.9', '7.1']) router.run(panel, { id: 2, tabId: 5, conn, command: send }, session);
    router.run(panel, { id: 3, tabId: 6, conn: '1.1', command: send }, undefined);
    expect(toRelay).toEqual([]);
    expect(toPanel.map(([, e]) => e)).toEqual([
      { type: 'result', id: 2, error: 'no such socket in this tab' },
      { type: 'result', id: 2, error: 'no such socket in this tab' },
      { type: 'result', id: 3, error: 'no such socket in this tab' },
    ]);
  });

  it('ignores an answer from any other port than the one asked', () => {
    const { session, router, toPanel, panel } = setup();
    router.run(panel, { id: 1, tabId: 5, conn: '1.1', command: send }, session);
    router.result(port('another relay'), 1, 'closed');
    expect(toPanel).toEqual([]);
  });

  it('times out when the page does not answer', () => {
    const { session, router, toPanel, panel } = setup();
    router.run(panel, { id: 1, tabId: 5, conn: '1.1', command: send }, session);
    vi.advanceTimersByTime(5000);
    expect(toPanel).toEqual([[panel, { type: 'result', id: 1, error: 'timeout: the page did not answer within 5 s' }]]);
  });

  it('fails at once when the relay goes away, and forgets a panel that went away', () => {
    const { session, router, toPanel, relays, panel } = setup();
    router.run(panel, { id: 1, tabId: 5, conn: '1.1', command: send }, session);
    router.relayGone(relays.get(DOC_A)!);
    expect(toPanel).toEqual([
      [panel, { type: 'result', id: 1, error: 'no such socket in this tab: the page of socket 1.1 is gone' }],
    ]);
    router.run(panel, { id: 2, tabId: 5, conn: '1.1', command: send }, session);
    router.panelGone(panel);
    vi.advanceTimersByTime(10_000);
    expect(toPanel).toHaveLength(1);
  });

  it('says at once that a socket is closed when its page is gone', () => {
    const { session, router, toPanel, toRelay, woken, gone, panel } = setup();
    gone.add(DOC_B);
    router.run(panel, { id: 4, tabId: 5, conn: '2.1', command: send }, session);
    expect(toPanel).toEqual([[panel, { type: 'result', id: 4, error: 'socket 2.1 is closed: its page is gone' }]]);
    expect(toRelay).toEqual([]);
    expect(woken).toEqual([]);
  });

  it('wakes the frame of a document whose relay is not connected, and sends once it says hello', () => {
    const { session, router, toRelay, woken, panel } = setup();
    router.run(panel, { id: 1, tabId: 5, conn: '2.1', command: send }, session);
    expect(woken).toEqual([[5, 3, DOC_B]]);
    expect(toRelay).toEqual([]);
    const relayB = port('relay B');
    router.relayReady(5, DOC_A, port('relay A again'));
    expect(toRelay).toEqual([]);
    router.relayReady(5, DOC_B, relayB);
    expect(toRelay).toEqual([[relayB, { type: 'command', id: 1, sid: 1, command: send }]]);
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
