import { describe, expect, it } from 'vitest';
import type { HookRecord } from '../protocol/schema';
import { openFrameOrder } from './order';

const record = (sid: number): HookRecord => ({ kind: 'error', sid, t: sid });

function setup() {
  const pushed: number[] = [];
  const held: number[] = [];
  const hold = (r: HookRecord) => (held.push(r.sid), r);
  const order = openFrameOrder({ push: (r) => pushed.push(r.sid) }, hold);
  return { order, pushed, held };
}

describe('openFrameOrder', () => {
  it('is idle while nothing waits, so a record may skip it', () => {
    const { order } = setup();
    expect(order.idle()).toBe(true);
    const fill = order.reserve();
    expect(order.idle()).toBe(false);
    fill(record(1));
    expect(order.idle()).toBe(true);
  });

  it('passes records straight through while nothing is pending', () => {
    const { order, pushed, held } = setup();
    order.emit(record(1));
    order.emit(record(2));
    expect(pushed).toEqual([1, 2]);
    expect(held).toEqual([]);
  });

  it('holds records behind a reserved place until it is filled, then releases them in order', () => {
    const { order, pushed } = setup();
    order.emit(record(1));
    const fill = order.reserve();
    order.emit(record(3));
    order.emit(record(4));
    expect(pushed).toEqual([1]);
    fill(record(2));
    expect(pushed).toEqual([1, 2, 3, 4]);
    order.emit(record(5));
    expect(pushed).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps wire order when reserved places are filled out of order', () => {
    const { order, pushed, held } = setup();
    const first = order.reserve();
    order.emit(record(2));
    const third = order.reserve();
    order.emit(record(4));
    third(record(3));
    expect(pushed).toEqual([]);
    first(record(1));
    expect(pushed).toEqual([1, 2, 3, 4]);
    // Every record that waited went through hold; the first filled its place at the head and never waited.
    expect(held).toEqual([2, 4, 3]);
  });

  it('starts afresh once the queue has drained', () => {
    const { order, pushed } = setup();
    const fill = order.reserve();
    fill(record(1));
    const again = order.reserve();
    order.emit(record(3));
    again(record(2));
    expect(pushed).toEqual([1, 2, 3]);
  });
});
