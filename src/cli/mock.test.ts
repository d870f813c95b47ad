/** The mock server in this process, with a `ws` client: what it sends, when, and what it logs. */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { sessionOf } from '../lib/diff/testing';
import { startMock, type MockServer } from './mock';

const records = sessionOf({
  url: 'ws://recorded.test/quotes?room=7',
  gap: 100,
  frames: [
    ['received', '{"op":"tick"}'],
    ['sent', '{"op":"hello","ts":1}'],
    ['received', '{"op":"welcome"}'],
    ['sent', Uint8Array.of(1, 2)],
    ['received', Uint8Array.of(2, 1)],
  ],
  close: 4001,
});

let mock: MockServer | undefined;
afterEach(() => mock?.close());

function client(url: string) {
  const socket = new WebSocket(url);
  const got: { data: string | number[]; at: number }[] = [];
  const started = performance.now();
  socket.on('message', (data: Buffer, isBinary: boolean) =>
    got.push({ data: isBinary ? [...data] : data.toString(), at: performance.now() - started }),
  );
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  const opened = new Promise((resolve) => socket.on('open', resolve));
  return { socket, got, closed, opened };
}

describe('startMock', () => {
  it('plays the server side: its own frames on time, the replies to matching frames, then its close', async () => {
    const lines: string[] = [];
    mock = await startMock(records, { ignorePaths: ['$.ts'], log: (l) => lines.push(l) });
    const c = client(`${mock.wsOrigin}/quotes?room=7`);
    await c.opened;
    await new Promise((r) => setTimeout(r, 150));
    expect(c.got.map((m) => m.data)).toEqual(['{"op":"tick"}']);
    expect(c.got[0]!.at).toBeGreaterThan(80);
    c.socket.send('{"op":"hello","ts":99}');
    c.socket.send('not in the recording');
    c.socket.send(Uint8Array.of(1, 2));
    expect(await c.closed).toBe(4001);
    expect(c.got.map((m) => m.data)).toEqual(['{"op":"tick"}', '{"op":"welcome"}', [2, 1]]);
    expect(mock.mismatches).toEqual([
      expect.stringMatching(/client frame 2 \(text "not in the recording"\) matches no recorded frame \(expected #4\)/),
    ]);
    expect(lines[0]).toMatch(/playing recorded connection c1/);
  });

  it('closes a socket to a path the recording does not have, and logs it', async () => {
    mock = await startMock(records);
    const c = client(`${mock.wsOrigin}/elsewhere`);
    expect(await c.closed).toBe(4404);
    expect(mock.mismatches).toEqual(['a client connected to /elsewhere, which the recording does not have']);
  });
});
