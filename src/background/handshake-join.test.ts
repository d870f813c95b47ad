import { describe, expect, it } from 'vitest';
import { HandshakeJoin, JOIN_WAIT_MS, socketKey, type HookSocket } from './handshake-join';
import { testHandshake } from '../protocol/handshake-testing';

const T = 1700000000000;
const socket = (conn: string, patch: Partial<HookSocket> = {}): HookSocket => ({
  conn,
  sid: Number(conn.split('.')[1]),
  frameId: 0,
  url: 'wss://example.test/feed/1',
  t: T - 5,
  ...patch,
});

describe('socketKey', () => {
  it('writes http as ws and drops the fragment, as the browser reports the socket', () => {
    expect(socketKey(0, 'http://h/a#x')).toBe(socketKey(0, 'ws://h/a'));
    expect(socketKey(0, 'HTTPS://h/a')).toBe(socketKey(0, 'wss://h/a'));
    expect(socketKey(1, 'ws://h/a')).not.toBe(socketKey(0, 'ws://h/a'));
  });
});

describe('HandshakeJoin', () => {
  it('gives a handshake the oldest socket of its frame and URL still without one', () => {
    const join = new HandshakeJoin();
    join.socketCreated(socket('1.1'));
    join.socketCreated(socket('1.2'));
    join.socketCreated(socket('1.3', { frameId: 2 }));
    expect(join.claim(0, testHandshake())?.conn).toBe('1.1');
    expect(join.claim(0, testHandshake())?.conn).toBe('1.2');
    expect(join.claim(0, testHandshake())).toBeUndefined();
    expect(join.claim(2, testHandshake())?.conn).toBe('1.3');
  });

  it('joins no socket made after the handshake began, nor one a minute older', () => {
    const join = new HandshakeJoin();
    join.socketCreated(socket('1.1', { t: T - 61_000 }));
    join.socketCreated(socket('1.2', { t: T + 5000 }));
    expect(join.claim(0, testHandshake({ t: T }))).toBeUndefined();
    expect(join.claim(0, testHandshake({ t: T + 4500 }))?.conn).toBe('1.2');
  });

  it('skips a socket that already has its handshake or is gone', () => {
    const join = new HandshakeJoin();
    join.socketCreated(socket('1.1'));
    join.socketCreated(socket('1.2'));
    join.socketDone('1.1');
    expect(join.claim(0, testHandshake())?.conn).toBe('1.2');
  });

  it('holds a handshake until its socket is created, then hands it over once', () => {
    const join = new HandshakeJoin();
    join.wait(0, testHandshake({ url: 'wss://example.test/other' }), 10);
    join.wait(0, testHandshake(), 20);
    expect(join.nextExpiry()).toBe(10 + JOIN_WAIT_MS);
    expect(join.takeWaiting(socket('1.1'))?.since).toBe(20);
    expect(join.takeWaiting(socket('1.2'))).toBeUndefined();
    expect(join.held).toHaveLength(1);
  });

  it('lets handshakes go that waited in vain, and keeps them across a reset (a new page)', () => {
    const join = new HandshakeJoin();
    join.wait(0, testHandshake(), 0);
    join.wait(0, testHandshake(), 1000);
    join.reset();
    expect(join.expired(JOIN_WAIT_MS - 1)).toHaveLength(0);
    expect(join.expired(JOIN_WAIT_MS)).toHaveLength(1);
    expect(join.nextExpiry()).toBe(1000 + JOIN_WAIT_MS);
    const again = new HandshakeJoin();
    again.hold(join.held);
    expect(again.expired(1000 + JOIN_WAIT_MS)).toHaveLength(1);
    expect(again.nextExpiry()).toBeUndefined();
  });
});
