/** The replay runner against a ws server in this process: what the server sees, and what the diff says. */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type RawData } from 'ws';
import type { AddressInfo } from 'node:net';
import { sessionOf } from '../lib/diff/testing';
import { diffConnection } from '../lib/diff';
import { pickConnection, planReplay, type ReplayPlan } from '../lib/replay/plan';
import { parseReplayArgs, runReplay, wireRecords } from './replay';

interface Seen {
  data: Buffer;
  isBinary: boolean;
  at: number;
}

let server: WebSocketServer | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** An echo server that answers "sum" with `sum`; returns its URL and what it received. */
async function start(sum = 5): Promise<{ url: string; seen: Seen[]; closes: number[] }> {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server!.once('listening', resolve));
  const seen: Seen[] = [];
  const closes: number[] = [];
  server.on('connection', (ws) => {
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const bytes = data as Buffer;
      seen.push({ data: bytes, isBinary, at: performance.now() });
      if (!isBinary && bytes.toString() === 'sum') ws.send(JSON.stringify({ sum, ts: Date.now() }));
      else ws.send(bytes, { binary: isBinary });
    });
    ws.on('close', (code) => closes.push(code));
  });
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`, seen, closes };
}

const ALL = Uint8Array.from({ length: 256 }, (_, i) => i);

function plan(): ReplayPlan {
  const records = sessionOf({
    url: 'ws://recorded.test/',
    gap: 120,
    frames: [
      ['sent', 'hello'],
      ['received', 'hello'],
      ['sent', ALL],
      ['received', ALL],
      ['sent', 'sum'],
      ['received', '{"sum":5,"ts":1}'],
    ],
  });
  const made = planReplay(pickConnection(records) as Exclude<ReturnType<typeof pickConnection>, { error: string }>);
  if ('error' in made) throw new Error(made.error);
  return made;
}

describe('runReplay', () => {
  it('sends the recorded client frames byte for byte, in order, on the recorded timing, and matches the replies', async () => {
    const { url, seen } = await start();
    const p = plan();
    const run = await runReplay(p, { url, settleMs: 100 });
    expect(seen.map((m) => [m.isBinary, [...m.data]])).toEqual([
      [false, [...Buffer.from('hello')]],
      [true, [...ALL]],
      [false, [...Buffer.from('sum')]],
    ]);
    // Recorded 240 ms apart; a loaded machine may be late, never early.
    const gaps = [seen[1]!.at - seen[0]!.at, seen[2]!.at - seen[1]!.at];
    for (const gap of gaps) {
      expect(gap).toBeGreaterThan(200);
      expect(gap).toBeLessThan(400);
    }
    expect(run).toMatchObject({ sent: 3, received: 3 });
    const diff = diffConnection(wireRecords(p), run.records, { paths: ['$.ts'] });
    expect(diff.status).toBe('same');
  });

  it('at max speed, sends each frame once the replies before it came, and names a changed reply', async () => {
    const { url, seen } = await start(6);
    const p = plan();
    const run = await runReplay(p, { url, speed: 'max', settleMs: 50 });
    expect(seen).toHaveLength(3);
    expect(run.ms).toBeLessThan(1000);
    const diff = diffConnection(wireRecords(p), run.records, { paths: ['$.ts'] });
    expect(diff.status).toBe('changed');
    expect(diff.frames).toEqual([
      expect.objectContaining({
        op: 'changed',
        a: expect.objectContaining({ index: 6 }),
        changes: [{ path: '$.sum', op: 'changed', before: 5, after: 6 }],
      }),
    ]);
  });

  it('fails with a clear message when nothing listens', async () => {
    await expect(runReplay(plan(), { url: 'ws://127.0.0.1:9/' })).rejects.toThrow(
      /Could not connect to ws:\/\/127\.0\.0\.1:9\//,
    );
  });
});

describe('replay arguments', () => {
  it('reads headers, speed, timeout and the diff rules', () => {
    expect(
      parseReplayArgs([
        'a.har',
        '--header',
        'Cookie: a=b; c=d',
        '--header',
        'Authorization:Bearer x',
        '--speed',
        'max',
        '--timeout',
        '2.5',
        '--url',
        'wss://staging.test/ws',
        '--ignore-path',
        '$.ts',
      ]),
    ).toEqual({
      log: 'a.har',
      url: 'wss://staging.test/ws',
      headers: { Cookie: 'a=b; c=d', Authorization: 'Bearer x' },
      speed: 'max',
      timeoutMs: 2500,
      json: false,
      diff: { paths: ['$.ts'], regexes: [], volatile: false },
    });
    expect(parseReplayArgs(['a.har', '--speed', '2'])).toMatchObject({ speed: 2 });
  });

  it('refuses what it cannot use, as a usage error (exit 2)', () => {
    for (const args of [
      [],
      ['a', 'b'],
      ['a', '--header', 'nocolon'],
      ['a', '--speed', '0'],
      ['a', '--url', 'http://x/'],
    ])
      expect(() => parseReplayArgs(args)).toThrow(expect.objectContaining({ exitCode: 2 }));
  });
});
