import { describe, expect, it } from 'vitest';
import { applyRecords, createSession, type Connection } from '../../lib/session';
import { sessionOf } from '../../lib/diff/testing';
import type { SessionRecord } from '../../protocol/schema';
import { replayCommandFor } from './replay-command';
import { framesToReplay, latestReplayOf, replayProgress } from './replay-progress';

const connectionOf = (records: SessionRecord[], id = 'c1'): Connection =>
  applyRecords(createSession(), records).connections.get(id)!;

describe('replayCommandFor', () => {
  const records = sessionOf({
    url: 'wss://h/feed',
    frames: [
      ['sent', 'a'],
      ['received', 'b'],
      ['sent', new Uint8Array([1, 2])],
    ],
  });

  it('sends the client frames of lib/replay/plan.ts, text as text and bytes as base64, at their offsets', () => {
    const choice = replayCommandFor(connectionOf(records), true, 1);
    expect(choice).toEqual({
      ok: true,
      sends: 2,
      command: {
        type: 'replay',
        replayOf: 'c1',
        url: 'wss://h/feed',
        protocols: [],
        frames: [
          { offsetMs: 10, payload: { type: 'text', data: 'a' } },
          { offsetMs: 30, payload: { type: 'binary', data: 'AQI=' } },
        ],
        speed: 1,
      },
    });
  });

  it("closes the replay as the page closed the original, and leaves it open after a navigation's close", () => {
    const closed = (code: number, by: 'page' | 'navigation'): SessionRecord[] => [
      ...records,
      { kind: 'closing', sid: 1, t: 1_700_000_000_100, code, reason: 'bye', seq: 10, conn: 'c1', frameId: 0 },
      {
        kind: 'close',
        sid: 1,
        t: 1_700_000_000_110,
        code,
        reason: 'bye',
        wasClean: true,
        by,
        seq: 11,
        conn: 'c1',
        frameId: 0,
      },
    ];
    const command = (list: SessionRecord[]) => {
      const choice = replayCommandFor(connectionOf(list), true, 'max');
      if (!choice.ok) throw new Error(choice.reason);
      return choice.command;
    };
    expect(command(closed(4001, 'page')).close).toEqual({ code: 4001, reason: 'bye', offsetMs: 95 });
    expect(command(closed(1001, 'navigation')).close).toBeUndefined();
    expect(command(records).close).toBeUndefined();
  });

  it('says why not for a frame cut at capture, a simulated frame being left out otherwise', () => {
    const cut = records.map((r) => (r.kind === 'frame' && r.seq === 2 ? { ...r, truncated: true, size: 99 } : r));
    const choice = replayCommandFor(connectionOf(cut), true, 1);
    expect(choice.ok).toBe(false);
    expect(!choice.ok && choice.reason).toContain('cut at capture');
    const simulated = records.map((r) =>
      r.kind === 'frame' && r.seq === 2 ? { ...r, origin: 'simulated' as const } : r,
    );
    expect(framesToReplay(connectionOf(simulated))).toBe(1);
  });

  it('follows a replay until every frame went, or it closed', () => {
    const original = connectionOf(records);
    const replayRecords = sessionOf({ url: 'wss://h/feed', frames: [['sent', 'a']] }).map((r) =>
      r.kind === 'create' ? { ...r, replayOf: 'c1' } : r,
    );
    const replay = connectionOf(replayRecords);
    expect(latestReplayOf([original, replay], 'c1')).toBe(replay);
    expect(replayProgress(original, replay)).toEqual({ sent: 1, expected: 2, ended: false });
    replay.state = 'closed';
    expect(replayProgress(original, replay).ended).toBe(true);
  });
});
