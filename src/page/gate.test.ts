import { describe, expect, it } from 'vitest';
import { openGate, type Step } from './gate';

describe('openGate', () => {
  it('runs steps at once while nothing waits, and is not busy after', () => {
    const gate = openGate();
    const ran: number[] = [];
    gate.push((done) => (ran.push(1), done()));
    gate.push((done) => (ran.push(2), done()));
    expect(ran).toEqual([1, 2]);
    expect(gate.busy()).toBe(false);
  });

  it('holds later steps behind one that waits, then runs them in order', () => {
    const gate = openGate();
    const ran: string[] = [];
    let release = () => {};
    gate.push((done) => {
      ran.push('held');
      release = done;
    });
    gate.push((done) => (ran.push('a'), done()));
    gate.push((done) => (ran.push('b'), done()));
    expect(ran).toEqual(['held']);
    expect(gate.busy()).toBe(true);
    release();
    expect(ran).toEqual(['held', 'a', 'b']);
    expect(gate.busy()).toBe(false);
  });

  it('keeps order when a waiting step finishes while another step is pushed from inside a step', () => {
    const gate = openGate();
    const ran: string[] = [];
    const waits: (() => void)[] = [];
    const waiting =
      (name: string): Step =>
      (done) => {
        ran.push(name);
        waits.push(done);
      };
    gate.push(waiting('1'));
    gate.push((done) => {
      ran.push('2');
      gate.push((d) => (ran.push('4'), d()));
      done();
    });
    gate.push(waiting('3'));
    waits.shift()!();
    expect(ran).toEqual(['1', '2', '3']);
    waits.shift()!();
    expect(ran).toEqual(['1', '2', '3', '4']);
  });

  it('ignores a second done, and a step that throws does not hold the gate', () => {
    const gate = openGate();
    const ran: string[] = [];
    let again = () => {};
    gate.push((done) => {
      again = done;
      done();
    });
    gate.push(() => {
      throw new Error('boom');
    });
    gate.push((done) => (ran.push('after'), done()));
    again();
    expect(ran).toEqual(['after']);
    expect(gate.busy()).toBe(false);
  });
});
