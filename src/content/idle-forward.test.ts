import { describe, expect, it } from 'vitest';
import type { HookRecord } from '../protocol/schema';
import { FLOOD_RECORDS, MAX_HELD_BYTES, MAX_HELD_MS, QUIET_MS, WINDOW_MS, openIdleForward } from './idle-forward';

const text = (sid: number, chars = 10): HookRecord => ({
  kind: 'frame',
  sid,
  t: sid,
  dir: 'received',
  type: 'text',
  data: 'x'.repeat(chars),
  size: chars,
  truncated: false,
});

/** A clock and a task queue we move by hand. */
function setup() {
  let clock = 0;
  const tasks: { at: number; run: () => void; priority: string }[] = [];
  const batches: number[][] = [];
  const idle = openIdleForward(
    (records) => batches.push(records.map((r) => r.sid)),
    () => clock,
    (run, delay, priority) => tasks.push({ at: clock + delay, run, priority }),
  );
  const advance = (to: number) => {
    for (;;) {
      tasks.sort((a, b) => a.at - b.at);
      const next = tasks[0];
      if (!next || next.at > to) break;
      tasks.shift();
      clock = Math.max(clock, next.at);
      next.run();
    }
    clock = to;
  };
  const forwarded = () => batches.flat();
  return { idle, advance, batches, forwarded, tasks, at: (t: number) => (clock = t) };
}

const sids = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('openIdleForward', () => {
  it('forwards ordinary traffic at the next task of the lowest priority', () => {
    const { idle, advance, forwarded, tasks } = setup();
    idle.push([text(1), text(2)]);
    expect(forwarded()).toEqual([]);
    expect(tasks.some((t) => t.priority === 'background' && t.at === 0)).toBe(true);
    advance(0);
    expect(forwarded()).toEqual([1, 2]);
  });

  it('holds a flood until the traffic has been quiet for QUIET_MS, then forwards all of it in order', () => {
    const { idle, advance, forwarded, at } = setup();
    let sid = 1;
    // One batch every 10 ms, each big enough that a window holds a flood.
    for (let t = 0; t < 300; t += 10) {
      at(t);
      idle.push(sids(sid, FLOOD_RECORDS / 5).map((s) => text(s)));
      sid += FLOOD_RECORDS / 5;
      advance(t + 9);
      // The first batches of a window go before the flood is recognised; after that nothing goes.
      if (t >= WINDOW_MS) expect(forwarded().length).toBeLessThan(FLOOD_RECORDS);
    }
    const before = forwarded().length;
    advance(290 + QUIET_MS - 1);
    expect(forwarded().length).toBe(before);
    advance(290 + QUIET_MS + 1);
    expect(forwarded()).toEqual(sids(1, sid - 1));
  });

  it('forwards a flood that never stops by MAX_HELD_MS, at normal priority', () => {
    const { idle, advance, forwarded, tasks, at } = setup();
    let sid = 1;
    for (let t = 0; t <= MAX_HELD_MS + 100; t += 5) {
      at(t);
      idle.push(sids(sid, FLOOD_RECORDS).map((s) => text(s)));
      sid += FLOOD_RECORDS;
      if (t === 0) expect(tasks.some((task) => task.priority === 'user-visible' && task.at === MAX_HELD_MS)).toBe(true);
      advance(t + 4);
    }
    // Everything pushed up to the deadline has gone (in slices), though the flood goes on.
    expect(forwarded().length).toBeGreaterThanOrEqual((MAX_HELD_MS / 5) * FLOOD_RECORDS);
    expect(forwarded()).toEqual(sids(1, forwarded().length));
  });

  it('goes in slices, so that no task forwards more than about 256 KiB', () => {
    const { idle, advance, batches, forwarded, at } = setup();
    at(0);
    // 40 frames of 64 KiB characters (128 KiB each as UTF-16), a flood by bytes.
    idle.push(sids(1, 40).map((s) => text(s, 64 * 1024)));
    advance(MAX_HELD_MS);
    expect(forwarded()).toEqual(sids(1, 40));
    expect(batches.length).toBeGreaterThan(10);
    for (const batch of batches) expect(batch.length).toBeLessThanOrEqual(2);
  });

  it('forwards at once, at normal priority, past MAX_HELD_BYTES', () => {
    const { idle, tasks, at } = setup();
    at(0);
    idle.push(sids(1, 3).map((s) => text(s, MAX_HELD_BYTES / 4)));
    expect(tasks.some((t) => t.priority === 'user-visible' && t.at === 0)).toBe(true);
  });

  it('flush forwards everything held in one piece, and nothing twice', () => {
    const { idle, advance, batches, forwarded, at } = setup();
    at(0);
    idle.push(sids(1, FLOOD_RECORDS * 2).map((s) => text(s)));
    idle.flush();
    expect(batches).toEqual([sids(1, FLOOD_RECORDS * 2)]);
    advance(MAX_HELD_MS * 2);
    expect(forwarded()).toEqual(sids(1, FLOOD_RECORDS * 2));
  });
});
