import { describe, expect, it } from 'vitest';
import { createFrameQueue } from './frame-queue';

/** A hand-driven "animation frame": tests decide when the next frame comes. */
function frames() {
  const waiting: (() => void)[] = [];
  return {
    nextFrame: (run: () => void) => void waiting.push(run),
    tick() {
      const runs = waiting.splice(0);
      for (const run of runs) run();
      return runs.length;
    },
  };
}

describe('createFrameQueue', () => {
  it('applies everything pushed between two frames in one go, then reports done once', () => {
    const clock = frames();
    const applied: number[][] = [];
    let done = 0;
    const queue = createFrameQueue<number>({ apply: (s) => applied.push(s), done: () => done++, ...clock });
    queue.push([1, 2]);
    queue.push([3]);
    expect(applied).toEqual([]);
    expect(clock.tick()).toBe(1);
    expect(applied).toEqual([[1, 2, 3]]);
    expect(done).toBe(1);
    expect(clock.tick()).toBe(0); // nothing left: no frame asked for
  });

  it('stops at the budget and leaves the rest, in order, for the next frames', () => {
    const clock = frames();
    const applied: number[] = [];
    const queue = createFrameQueue<number>({
      apply: (slice) => applied.push(...slice),
      done: () => {},
      budgetMs: 0, // one slice per frame
      sliceSize: 2,
      ...clock,
    });
    queue.push([1, 2, 3, 4, 5]);
    clock.tick();
    expect(applied).toEqual([1, 2]);
    expect(queue.pending).toBe(3);
    clock.tick();
    clock.tick();
    expect(applied).toEqual([1, 2, 3, 4, 5]);
    expect(queue.pending).toBe(0);
  });

  it('flush applies what is queued at once; clear forgets it and its scheduled frame', () => {
    const clock = frames();
    const applied: number[] = [];
    const queue = createFrameQueue<number>({ apply: (s) => applied.push(...s), done: () => {}, ...clock });
    queue.push([1, 2]);
    queue.flush();
    expect(applied).toEqual([1, 2]);
    queue.push([3]);
    queue.clear();
    queue.push([4]);
    clock.tick();
    clock.tick();
    expect(applied).toEqual([1, 2, 4]);
  });

  it('keeps applying frames minGapMs apart while records keep coming, and applies at once after a quiet spell', () => {
    const clock = frames();
    let time = 0;
    const waits: { ms: number; run: () => void }[] = [];
    const applied: number[][] = [];
    const queue = createFrameQueue<number>({
      apply: (s) => applied.push(s),
      done: () => {},
      minGapMs: 100,
      wait: (run, ms) => void waits.push({ run, ms }),
      now: () => time,
      ...clock,
    });
    queue.push([1]);
    expect(clock.tick()).toBe(1); // the first goes on the next frame
    time = 16;
    queue.push([2]);
    queue.push([3]);
    expect(clock.tick()).toBe(0); // too soon: waits out the gap first
    expect(waits.map((w) => w.ms)).toEqual([84]);
    time = 100;
    waits.shift()!.run();
    expect(clock.tick()).toBe(1);
    expect(applied).toEqual([[1], [2, 3]]);
    time = 500;
    queue.push([4]);
    expect(clock.tick()).toBe(1);
    expect(waits).toEqual([]);
  });
});
