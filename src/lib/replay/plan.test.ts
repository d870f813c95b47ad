import { describe, expect, it } from 'vitest';
import { sessionOf } from '../diff/testing';
import { pickConnection, planReplay, sendableCloseCode } from './plan';
import type { SessionRecord } from '../../protocol/schema';

const two = sessionOf(
  {
    url: 'ws://h.test/a',
    frames: [
      ['sent', 'a1'],
      ['received', 'r1'],
      ['sent', Uint8Array.of(0, 255)],
    ],
    close: 1000,
    gap: 100,
  },
  { url: 'ws://h.test/b', frames: [['received', 'push']] },
);

describe('replay plans', () => {
  it('picks a connection by number or id, or asks which', () => {
    const none = pickConnection(two);
    expect(none).toEqual({ error: expect.stringContaining('choose one with --connection') });
    expect('error' in none && none.error).toContain('2. c2  ws://h.test/b  (1 frames)');
    expect(pickConnection(two, '2')).toMatchObject({ conn: 'c2' });
    expect(pickConnection(two, 'c1')).toMatchObject({ conn: 'c1' });
    expect(pickConnection(two, '3')).toEqual({ error: expect.stringContaining('No connection "3"') });
    expect(pickConnection(sessionOf({ url: 'ws://x', frames: [] }))).toMatchObject({ conn: 'c1' });
  });

  it('lists the client frames with their offsets from the open and the server frames before each', () => {
    const log = pickConnection(two, '1');
    const plan = planReplay(log as Exclude<typeof log, { error: string }>);
    if ('error' in plan) throw new Error(plan.error);
    expect(plan.url).toBe('ws://h.test/a');
    expect(plan.origin).toBe('http://page.test');
    expect(plan.sends).toEqual([
      { index: 1, offsetMs: 100, type: 'text', data: 'a1', receivedBefore: 0 },
      { index: 3, offsetMs: 300, type: 'binary', data: Uint8Array.of(0, 255), receivedBefore: 1 },
    ]);
    expect(plan.receives).toEqual([{ index: 2, offsetMs: 200, type: 'text', data: 'r1', receivedBefore: 0 }]);
    expect(plan.serverClose).toEqual({ code: 1000, reason: '', offsetMs: 305 });
  });

  it('closes as the page did, from its close() call', () => {
    const records: SessionRecord[] = sessionOf({ url: 'ws://x', frames: [['sent', 'bye']] });
    const base = { conn: 'c1', sid: 1, frameId: 0 };
    const t = records.at(-1)!.t;
    records.push({ ...base, seq: 10, kind: 'closing', t: t + 50, code: 4000, reason: 'done' });
    records.push({
      ...base,
      seq: 11,
      kind: 'close',
      t: t + 80,
      code: 4000,
      reason: 'done',
      wasClean: true,
      by: 'page',
    });
    const plan = planReplay(pickConnection(records) as Exclude<ReturnType<typeof pickConnection>, { error: string }>);
    expect(plan).toMatchObject({ pageClose: { code: 4000, reason: 'done', offsetMs: 60 } });
  });

  it('skips simulated frames and refuses cut ones', () => {
    const records = sessionOf({
      url: 'ws://x',
      frames: [
        ['sent', 'real'],
        ['received', 'fake'],
        ['sent', 'cut'],
      ],
    });
    const [, , , fake, cut] = records as Array<SessionRecord & { origin?: string; truncated?: boolean }>;
    fake!.origin = 'simulated';
    const log = pickConnection(records) as Exclude<ReturnType<typeof pickConnection>, { error: string }>;
    const plan = planReplay(log);
    expect('error' in plan ? [] : plan.receives).toEqual([]);
    cut!.truncated = true;
    expect(planReplay(log)).toEqual({ error: expect.stringContaining('Frame #3 (sent) was cut at capture') });
  });

  it('knows which close codes a client may send', () => {
    expect([1000, 1001, 1006, 1005, 1011, 3000, 4999, 5000].map(sendableCloseCode)).toEqual([
      true,
      true,
      false,
      false,
      true,
      true,
      true,
      false,
    ]);
  });
});
