import { describe, expect, it } from 'vitest';
import type { HookBatch } from '../protocol/batch';
import { MAX_HELD_BYTES, MAX_HELD_MS, openIdleForward } from './idle-forward';

/** A hook batch of records numbered `sids`, `bytes` each, taken by the hook at `since`; only count, bytes, since and items matter here. */
const batch = (sids: number[], bytes = 20, since = 0): HookBatch => ({
  since,
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

  it('forwards batches the hook held to its limit at once, at normal priority', () => {
    const { idle, advance, forwarded, tasks, at } = setup();
    at(MAX_HELD_MS + 10);
    idle.push(batch(sids(1, 500), 20, 10));
    expect(tasks.some((t) => t.priority === 'user-visible' && t.at === MAX_HELD_MS + 10)).toBe(true);
    advance(MAX_HELD_MS + 10);
    expect(forwarded()).toEqual(sids(1, 500));
  });

  it('forwards by MAX_HELD_MS from when the hook took a batch, though the page stays busy', () => {
    const { idle, tasks, at } = setup();
    at(1000);
    idle.push(batch([1], 20, 400));
    expect(tasks.some((t) => t.priority === 'user-visible' && t.at === 400 + MAX_HELD_MS)).toBe(true);
    // A time from the page's world that is not one, or in the future, counts as now.
    const later = setup();
    later.at(1000);
    later.idle.push(batch([1], 20, 5000));
    expect(later.tasks.some((t) => t.priority === 'user-visible' && t.at === 1000 + MAX_HELD_MS)).toBe(true);
  });

  it('forwards one batch per task, so that no task takes long', () => {
    const { idle, advance, batches, inTask, forwarded, at } = setup();
    at(0);
    for (let i = 0; i < 40; i++) idle.push(batch([i + 1], 128 * 1024));
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
    idle.push(batch(sids(1, 500)));
    idle.push(batch(sids(501, 500)));
    idle.flush();
    expect(batches).toEqual([sids(1, 500), sids(501, 500)]);
    advance(MAX_HELD_MS * 2);
    expect(forwarded()).toEqual(sids(1, 1000));
  });
});
