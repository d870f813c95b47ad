import { runInNewContext } from 'node:vm';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { applyRecords, createSession } from '../session';
import { connectionSnippet } from './snippet';
import { ALL_BYTES_BASE64, sampleRecords } from './testing';

interface Received {
  data: Buffer;
  isBinary: boolean;
}

let server: WebSocketServer;
let origin: string;
/** Per connection: the subprotocol it asked for, what it sent, how it closed. */
const seen: { protocol: string; received: Received[]; closed: Promise<[number, string]> }[] = [];

beforeAll(async () => {
  server = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    handleProtocols: (protocols) => [...protocols][0] ?? false,
  });
  await new Promise((resolve) => server.once('listening', resolve));
  origin = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.on('connection', (ws) => {
    const received: Received[] = [];
    const closed = new Promise<[number, string]>((resolve) =>
      ws.on('close', (code, reason) => resolve([code, reason.toString()])),
    );
    seen.push({ protocol: ws.protocol, received, closed });
    ws.on('message', (data: Buffer, isBinary) => received.push({ data, isBinary }));
  });
});

afterAll(async () => {
  for (const client of server.clients) client.terminate();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Runs a snippet as a console would, with `ws` standing in for the browser's WebSocket (Node 20 has none). */
function run(snippet: string): string[] {
  const logs: string[] = [];
  runInNewContext(snippet, {
    WebSocket,
    atob,
    setTimeout,
    Uint8Array,
    console: { log: (...a: unknown[]) => logs.push(a.join(' ')) },
  });
  return logs;
}

function connection(conn: string, url: string) {
  const c = applyRecords(createSession(), sampleRecords()).connections.get(conn)!;
  return { ...c, url };
}

describe('connectionSnippet', () => {
  it('replays the sent frames, text and exact binary bytes, then closes as the page did', async () => {
    run(connectionSnippet(connection('1.1', `${origin}/chat`), { timing: 'immediate' }));
    run(connectionSnippet(connection('2.1', `${origin}/feed`), { timing: 'immediate' }));
    await expect.poll(() => seen.length).toBe(2);
    const [chat, feed] = seen;
    expect(chat!.protocol).toBe('chat.v2');
    expect(await chat!.closed).toEqual([4001, 'bye']);
    expect(chat!.received.map((m) => [m.isBinary, m.data.toString()])).toEqual([
      [false, '{"type":"hello","n":'],
      [false, ''],
    ]);
    await expect.poll(() => feed!.received.length).toBe(2);
    expect(feed!.received.map((m) => [m.isBinary, [...m.data]])).toEqual([
      [true, []],
      [true, [1, 2, 3]],
    ]);
  });

  it('waits between sends as the page did, counted from the open', () => {
    const snippet = connectionSnippet(connection('1.1', 'wss://chat.example.test/'));
    expect(snippet).toContain('  [1, "{\\"type\\":\\"hello\\",\\"n\\":"],');
    expect(snippet).toContain('  [21, ""],');
    expect(snippet).toContain(
      '  await new Promise((resolve) => setTimeout(resolve, 18));\n  socket.close(4001, "bye");',
    );
  });

  it('marks payloads that were cut at capture and rebuilds binary from base64', () => {
    const sent = sampleRecords().map((r) =>
      r.kind === 'frame' && r.conn === '2.1' && r.dir === 'received' ? { ...r, dir: 'sent' as const } : r,
    );
    const c = applyRecords(createSession(), sent).connections.get('2.1')!;
    const snippet = connectionSnippet(c);
    expect(snippet).toContain(`{ base64: "${ALL_BYTES_BASE64}" }`);
    expect(snippet).toContain('{ base64: "AAEC" }], // cut at capture: only the first bytes of 2000000 bytes');
    expect(snippet).not.toContain('socket.close(');
  });

  it('closes without a code the browser would refuse', () => {
    const records = sampleRecords().map((r) => (r.kind === 'closing' ? { ...r, code: 1001 } : r));
    const c = applyRecords(createSession(), records).connections.get('1.1')!;
    expect(connectionSnippet(c, { timing: 'immediate' })).toContain('  socket.close();\n});');
  });

  it('keeps a hostile URL inside its string and comment', () => {
    const url = 'wss://x.test/"; alert(1); //\nalert(2)';
    const snippet = connectionSnippet({ url, protocols: [], records: [] });
    expect(snippet).toContain(`const url = ${JSON.stringify(url)};`);
    expect(snippet.split('\n')[0]).toBe(
      '// Replays what the page sent on wss://x.test/"; alert(1); // alert(2) (0 frames), as captured by WebSocket Lens.',
    );
  });
});
