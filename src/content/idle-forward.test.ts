import { describe, expect, it } from 'vitest';
import type { HookBatch } from '../protocol/batch';
import { FLOOD_RECORDS, MAX_HELD_BYTES, MAX_HELD_MS, QUIET_MS, WINDOW_MS, openIdleForward } from './idle-forward';

/** A hook batch of records numbered `sids`, `bytes` each; only count, bytes and items matter here. */
const batch = (sids: number[], bytes = 20): HookBatch => ({
  count: sids.length,
  bytes: sids.length * bytes,
  numbers: new Float64Array(0),
  flags: new Uint8Array(0),
  items: sids,
  chunks: [],
});

/** A clock and a task queue we move by hand. */
function setup() {
  let clock = 0;
  const tasks: { at: number; run: () => void; priority: string }[] = [];
  const batches: number[][] = [];
  /** The task each batch went in (0: outside any task). */
  const inTask: number[] = [];
  let task = 0;
  const idle = openIdleForward(
    (forwarded) => {
      batches.push(forwarded.items as number[]);
      inTask.push(task);
    },
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
      task++;
      next.run();
    }
    clock = to;
  };
  const forwarded = () => batches.flat();
  return { idle, advance, batches, inTask, forwarded, tasks, at: (t: number) => (clock = t) };
}

const sids = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('openIdleForward', () => {
  it('forwards ordinary traffic at the next task of the lowest priority', () => {
    const { idle, advance, forwarded, tasks } = setup();
    idle.push(batch([1, 2]));
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
      idle.push(batch(sids(sid, FLOOD_RECORDS / 5)));
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
      idle.push(batch(sids(sid, FLOOD_RECORDS)));
      sid += FLOOD_RECORDS;
      if (t === 0) expect(tasks.some((task) => task.priority === 'user-visible' && task.at === MAX_HELD_MS)).toBe(true);
      advance(t + 4);
    }
    // Everything pushed up to the deadline has gone (in slices), though the flood goes on.
    expect(forwarded().length).toBeGreaterThanOrEqual((MAX_HELD_MS / 5) * FLOOD_RECORDS);
    expect(forwarded()).toEqual(sids(1, forwarded().length));
  });

  it('forwards one batch per task, so that no task takes long', () => {
    const { idle, advance, batches, inTask, forwarded, at } = setup();
    at(0);
    // 40 batches of 128 KiB: a flood by bytes.
    for (let i = 0; i < 40; i++) idle.push(batch([i + 1], 128 * 1024));
    advance(QUIET_MS - 1);
    expect(batches).toEqual([]);
    advance(MAX_HELD_MS);
    expect(forwarded()).toEqual(sids(1, 40));
    expect(batches).toHaveLength(40);
    expect(new Set(inTask).size).toBe(40);
    expect(inTask).not.toContain(0);
  });

  it('forwards at once, at normal priority, past MAX_HELD_BYTES', () => {
    const { idle, tasks, at } = setup();
    at(0);
    idle.push(batch([1, 2, 3], MAX_HELD_BYTES / 3));
    expect(tasks.some((t) => t.priority === 'user-visible' && t.at === 0)).toBe(true);
  });

  it('flush forwards everything held at once, and nothing twice', () => {
    const { idle, advance, batches, forwarded, at } = setup();
    at(0);
    idle.push(batch(sids(1, FLOOD_RECORDS)));
    idle.push(batch(sids(FLOOD_RECORDS + 1, FLOOD_RECORDS)));
    idle.flush();
    expect(batches).toEqual([sids(1, FLOOD_RECORDS), sids(FLOOD_RECORDS + 1, FLOOD_RECORDS)]);
    advance(MAX_HELD_MS * 2);
    expect(forwarded()).toEqual(sids(1, FLOOD_RECORDS * 2));
  });
});
