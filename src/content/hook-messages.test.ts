import { describe, expect, it } from 'vitest';
import { fromHookMessage, toHookCommand, toHookRules } from './hook-messages';
import { DEFAULT_FAULT, type Rule } from '../protocol/actions';

const rule = (patch: Partial<Rule>): Rule => ({
  id: 'r',
  name: 'r',
  enabled: true,
  direction: 'both',
  url: '',
  payload: '',
  action: 'block',
  delayMs: 0,
  ...patch,
});

describe('toHookCommand', () => {
  it('turns base64 into a transferred buffer, and leaves text and closes as they are', () => {
    const binary = toHookCommand({ type: 'send', payload: { type: 'binary', data: 'AAH/' } });
    expect(binary.command).toEqual({ type: 'send', data: new Uint8Array([0, 1, 255]).buffer });
    expect(binary.transfer).toEqual([(binary.command as { data: ArrayBuffer }).data]);
    expect(toHookCommand({ type: 'simulate', payload: { type: 'text', data: 'x' } })).toEqual({
      command: { type: 'simulate', data: 'x' },
      transfer: [],
    });
    // Absent keys are present as undefined: the hook must not look them up on the page's Object.prototype.
    const close = toHookCommand({ type: 'close', code: 4000 }).command;
    expect(Object.keys(close).sort()).toEqual(['code', 'reason', 'type']);
    const resume = toHookCommand({ type: 'resume', pause: 2, action: 'drop' }).command;
    expect(resume).toEqual({ type: 'resume', pause: 2, action: 'drop', data: undefined });
    expect(Object.keys(resume)).toContain('data');
  });

  it('gives a replay its frames as text and transferred buffers, and "max" speed as 0', () => {
    const { command, transfer } = toHookCommand({
      type: 'replay',
      replayOf: '3.1',
      url: 'ws://h/s',
      protocols: ['chat'],
      frames: [
        { offsetMs: 0, payload: { type: 'text', data: 'hi' } },
        { offsetMs: 25, payload: { type: 'binary', data: 'AAH/' } },
      ],
      speed: 'max',
    });
    const buffer = new Uint8Array([0, 1, 255]).buffer;
    expect(command).toEqual({
      type: 'replay',
      replayOf: '3.1',
      url: 'ws://h/s',
      protocols: ['chat'],
      frames: [
        { offsetMs: 0, data: 'hi' },
        { offsetMs: 25, data: buffer },
      ],
      speed: 0,
    });
    expect(transfer).toHaveLength(1);
  });
});

describe('toHookRules', () => {
  it('keeps enabled rules with parsed patterns and decoded replacements', () => {
    const { rules, transfer } = toHookRules([
      rule({ name: 'off', enabled: false }),
      rule({
        name: 'text',
        url: 'chat',
        payload: '/"n":\\d/i',
        action: 'replace',
        replace: { mode: 'matches', text: '"n":0' },
      }),
      rule({ name: 'bytes', action: 'replace', replace: { mode: 'whole', payload: { type: 'binary', data: 'AQI=' } } }),
    ]);
    expect(rules.map((r) => r.name)).toEqual(['text', 'bytes']);
    expect(rules[0]).toMatchObject({ url: { source: 'chat', flags: '' }, payload: { source: '"n":\\d', flags: 'i' } });
    expect(rules[1]!.replace).toEqual({ mode: 'whole', data: new Uint8Array([1, 2]).buffer });
    expect(transfer).toHaveLength(1);
  });

  it('gives every rule its fault parameters, the defaults where a rule sets none', () => {
    const fault = { ...DEFAULT_FAULT, dropPercent: 25, seed: 7 };
    const { rules } = toHookRules([rule({ name: 'old' }), rule({ name: 'lossy', action: 'drop', fault })]);
    expect(rules[0]!.fault).toEqual(DEFAULT_FAULT);
    expect(rules[1]!.fault).toEqual(fault);
  });
});

describe('fromHookMessage', () => {
  it("turns a paused frame's bytes into base64 and passes results on", () => {
    const bytes = new Uint8Array([222, 173]).buffer;
    const message = {
      type: 'paused',
      sid: 1,
      pause: 2,
      dir: 'received',
      rule: 'r',
      t: 3,
      data: bytes,
      size: 2,
      truncated: false,
    };
    expect(fromHookMessage(message)).toEqual({
      type: 'paused',
      paused: {
        sid: 1,
        pause: 2,
        dir: 'received',
        rule: 'r',
        t: 3,
        payload: { type: 'binary', data: '3q0=' },
        size: 2,
        truncated: false,
      },
    });
    expect(fromHookMessage({ type: 'result', id: 1 })).toEqual({
      type: 'result',
      id: 1,
      error: undefined,
      detail: undefined,
    });
    expect(fromHookMessage({ type: 'other' })).toBeNull();
    expect(fromHookMessage([1, 2])).toBeNull();
    expect(fromHookMessage(null)).toBeNull();
  });
});
