import { describe, expect, it } from 'vitest';
import {
  CONNECTION_FAULTS,
  CommandSchema,
  DEFAULT_FAULT,
  FAULT_ACTIONS,
  RuleSchema,
  parseRulePattern,
  type Rule,
} from './actions';
import { parseClientEvent, parseClientRequest, parseRelayControl, parseRelayMessage } from './messages';
import { parseWith, parseWireRecord } from './schema';
import { valid } from './testing';

const rule = (patch: Partial<Rule> = {}): Rule => ({
  id: 'r1',
  name: 'block pings',
  enabled: true,
  direction: 'sent',
  url: '',
  payload: 'ping',
  action: 'block',
  delayMs: 1000,
  ...patch,
});

describe('the replay command', () => {
  const replay = {
    type: 'replay',
    replayOf: '2.1',
    url: 'wss://example.test/feed',
    protocols: [],
    frames: [{ offsetMs: 10, payload: { type: 'text', data: 'hi' } }],
    speed: 1,
  };

  it('takes a ws: or wss: URL, frames with offsets, and a speed or "max"', () => {
    expect(parseWith(CommandSchema, replay).ok).toBe(true);
    expect(parseWith(CommandSchema, { ...replay, speed: 'max' }).ok).toBe(true);
  });

  it('refuses other URLs, negative offsets, a zero speed and an id that is not a connection', () => {
    expect(parseWith(CommandSchema, { ...replay, url: 'https://example.test/' }).ok).toBe(false);
    expect(
      parseWith(CommandSchema, { ...replay, frames: [{ offsetMs: -1, payload: replay.frames[0]!.payload }] }).ok,
    ).toBe(false);
    expect(parseWith(CommandSchema, { ...replay, speed: 0 }).ok).toBe(false);
    expect(parseWith(CommandSchema, { ...replay, replayOf: 'x' }).ok).toBe(false);
  });
});

describe('parseRulePattern', () => {
  it('matches everything when empty, and plain text exactly, special characters included', () => {
    expect(parseRulePattern('')).toEqual({ ok: true, pattern: null });
    const plain = parseRulePattern('a.b*(c)');
    if (!plain.ok || !plain.pattern) throw new Error('expected a pattern');
    const regex = new RegExp(plain.pattern.source, plain.pattern.flags);
    expect(regex.test('xa.b*(c)y')).toBe(true);
    expect(regex.test('aXbbc')).toBe(false);
  });

  it('reads /regex/flags, and refuses bad syntax and stateful flags', () => {
    expect(parseRulePattern('/"price":\\d+/i')).toEqual({ ok: true, pattern: { source: '"price":\\d+', flags: 'i' } });
    expect(parseRulePattern('/(open/').ok).toBe(false);
    expect(parseRulePattern('/x/g')).toEqual({ ok: false, error: 'Unsupported flags "g" (use i, m, s, u)' });
    expect(parseRulePattern('/x/y').ok).toBe(false);
  });
});

describe('commands', () => {
  const parse = (command: unknown) => parseWith(CommandSchema, command);

  it('accepts every command', () => {
    for (const command of [
      { type: 'send', payload: { type: 'text', data: 'hi' } },
      { type: 'send', payload: { type: 'binary', data: 'AAE=' } },
      { type: 'simulate', payload: { type: 'text', data: '{}' } },
      { type: 'close' },
      { type: 'close', code: 4321, reason: 'from devtools' },
      { type: 'simulate-close', code: 1006, reason: '', wasClean: false },
      { type: 'resume', pause: 3, action: 'drop' },
      { type: 'resume', pause: 3, action: 'forward', payload: { type: 'text', data: 'edited' } },
    ])
      expect(parse(command)).toEqual({ ok: true, value: command });
  });

  it('refuses what close() would throw on, before it reaches a page', () => {
    expect(parse({ type: 'close', code: 1006 })).toEqual({
      ok: false,
      error: 'code: A close code must be 1000 or 3000–4999',
    });
    expect(parse({ type: 'close', code: 2999 }).ok).toBe(false);
    expect(parse({ type: 'close', code: 1000, reason: 'é'.repeat(62) })).toEqual({
      ok: false,
      error: 'reason: The close reason is longer than 123 bytes of UTF-8',
    });
    expect(parse({ type: 'close', code: 1000, reason: 'é'.repeat(61) }).ok).toBe(true);
  });

  it('refuses bad payloads and unknown commands', () => {
    expect(parse({ type: 'send', payload: { type: 'binary', data: 'not base64!' } }).ok).toBe(false);
    expect(parse({ type: 'send', payload: { type: 'json', data: '{}' } }).ok).toBe(false);
    expect(parse({ type: 'eval', code: 'alert(1)' }).ok).toBe(false);
    expect(parse({ type: 'simulate-close', code: 999, reason: '', wasClean: true }).ok).toBe(false);
  });
});

describe('rules', () => {
  const parse = (input: unknown) => parseWith(RuleSchema, input);

  it('accepts each action and fills the delay', () => {
    const withoutDelay: Partial<Rule> = rule();
    delete withoutDelay.delayMs;
    expect(parse(withoutDelay)).toEqual({ ok: true, value: rule() });
    expect(parse(rule({ action: 'delay', delayMs: 250 })).ok).toBe(true);
    expect(parse(rule({ action: 'break', direction: 'both' })).ok).toBe(true);
    expect(parse(rule({ action: 'replace', replace: { mode: 'matches', text: 'pong' } })).ok).toBe(true);
    const whole = rule({
      action: 'replace',
      payload: '',
      replace: { mode: 'whole', payload: { type: 'binary', data: 'AQI=' } },
    });
    expect(parse(whole).ok).toBe(true);
  });

  it('refuses a replace without replacement, replacing matches of no pattern, and invalid patterns', () => {
    expect(parse(rule({ action: 'replace' }))).toEqual({ ok: false, error: 'A replace rule needs a replacement' });
    expect(parse(rule({ action: 'replace', payload: '', replace: { mode: 'matches', text: 'x' } }))).toEqual({
      ok: false,
      error: 'Replacing matches needs a payload pattern',
    });
    expect(parse(rule({ url: '/(/' }))).toEqual({ ok: false, error: 'url: Invalid pattern' });
    expect(parse(rule({ name: '' })).ok).toBe(false);
    expect(parse(rule({ delayMs: -1 })).ok).toBe(false);
  });

  it('accepts each fault action, a stored rule without fault parameters, and fills what a fault omits', () => {
    for (const action of FAULT_ACTIONS)
      expect(parse(rule({ action })), action).toEqual({ ok: true, value: rule({ action }) });
    const partial = parse({ ...rule({ action: 'drop' }), fault: { dropPercent: 20, seed: 99 } });
    expect(partial).toEqual({
      ok: true,
      value: rule({ action: 'drop', fault: { ...DEFAULT_FAULT, dropPercent: 20, seed: 99 } }),
    });
    expect(DEFAULT_FAULT).toEqual({
      jitterMinMs: 0,
      jitterMaxMs: 1000,
      copies: 1,
      reorderWindow: 5,
      reorderHoldMs: 1000,
      dropPercent: 50,
      seed: 1,
      ratePerSecond: 10,
      bytesPerSecond: 16_384,
      dropEveryMs: 5000,
      refuseMs: 10_000,
      openDelayMs: 1000,
    });
  });

  it('accepts connection faults with their parameters and start, and debugger rules', () => {
    for (const action of [...CONNECTION_FAULTS, 'debugger' as const])
      expect(parse(rule({ action })), action).toEqual({ ok: true, value: rule({ action }) });
    const refuse = rule({
      action: 'refuse',
      fault: { ...DEFAULT_FAULT, refuseMs: 3000 },
      startedAt: 1_700_000_000_000,
    });
    expect(parse(refuse)).toEqual({ ok: true, value: refuse });
    const fault = (patch: Record<string, unknown>) => parse({ ...rule({ action: 'drop-every' }), fault: patch });
    for (const dropEveryMs of [99, 600_001, 1.5]) expect(fault({ dropEveryMs }).ok, `every ${dropEveryMs}`).toBe(false);
    expect(fault({ dropEveryMs: 100 }).ok).toBe(true);
    expect(fault({ refuseMs: 0 }).ok).toBe(false);
    expect(fault({ openDelayMs: -1 }).ok).toBe(false);
    expect(fault({ openDelayMs: 0 }).ok).toBe(true);
    expect(parse({ ...rule(), startedAt: -1 }).ok).toBe(false);
  });

  it('refuses fault parameters out of range', () => {
    const fault = (patch: Record<string, unknown>) => parse({ ...rule({ action: 'jitter' }), fault: patch });
    expect(fault({ jitterMinMs: 500, jitterMaxMs: 100 })).toEqual({
      ok: false,
      error: 'fault: The shortest jitter must not be longer than the longest',
    });
    expect(fault({ jitterMaxMs: 600_001 }).ok).toBe(false);
    expect(fault({ jitterMinMs: 100, jitterMaxMs: 100 }).ok).toBe(true);
    for (const copies of [0, 11, 1.5]) expect(fault({ copies }).ok, `copies ${copies}`).toBe(false);
    for (const copies of [1, 10]) expect(fault({ copies }).ok).toBe(true);
    for (const reorderWindow of [1, 51]) expect(fault({ reorderWindow }).ok).toBe(false);
    expect(fault({ reorderHoldMs: 0 }).ok).toBe(false);
    for (const dropPercent of [-1, 100.5]) expect(fault({ dropPercent }).ok).toBe(false);
    for (const dropPercent of [0, 12.5, 100]) expect(fault({ dropPercent }).ok).toBe(true);
    for (const seed of [-1, 1.5, 2 ** 32]) expect(fault({ seed }).ok, `seed ${seed}`).toBe(false);
    for (const ratePerSecond of [0, -2]) expect(fault({ ratePerSecond }).ok).toBe(false);
    expect(fault({ ratePerSecond: 0.5 }).ok).toBe(true);
    expect(fault({ bytesPerSecond: 0 }).ok).toBe(false);
  });
});

describe('messages of the command path', () => {
  it('takes commands and rules from a client, naming a connection id', () => {
    const command = { type: 'command', id: 4, tabId: 2, conn: '3.12', command: { type: 'close' } };
    expect(parseClientRequest(command)).toEqual({ ok: true, value: command });
    for (const conn of ['3', '3.', '.1', '0.1', '3.1.1', '3.x', ' 3.1'])
      expect(parseClientRequest({ ...command, conn }).ok, conn).toBe(false);
    expect(parseClientRequest({ type: 'set-rules', id: 1, tabId: 2, rules: [rule()] })).toEqual({
      ok: true,
      value: { type: 'set-rules', id: 1, tabId: 2, rules: [rule()] },
    });
    expect(
      parseClientRequest({ type: 'set-rules', id: 1, tabId: 2, rules: Array.from({ length: 101 }, () => rule()) }).ok,
    ).toBe(false);
  });

  it('takes results, pauses and pause ends from a relay', () => {
    expect(parseRelayMessage({ type: 'result', id: 9 })).toEqual({ ok: true, value: { type: 'result', id: 9 } });
    expect(parseRelayMessage({ type: 'result', id: 9, error: 'closed' }).ok).toBe(true);
    expect(parseRelayMessage({ type: 'result', id: 9, error: 'exploded' }).ok).toBe(false);
    const paused = {
      sid: 1,
      pause: 2,
      dir: 'sent',
      rule: 'stop',
      t: 5,
      payload: { type: 'text', data: 'x' },
      size: 1,
      truncated: false,
    };
    expect(parseRelayMessage({ type: 'paused', paused })).toEqual({ ok: true, value: { type: 'paused', paused } });
    expect(parseRelayMessage({ type: 'paused', paused: { ...paused, sid: 0 } }).ok).toBe(false);
    expect(parseRelayMessage({ type: 'pause-end', sid: 1, pause: 2 }).ok).toBe(true);
  });

  it('gives relays commands and rules, and clients results (with error codes) and pauses', () => {
    const command = {
      type: 'command',
      id: 1,
      sid: 2,
      command: { type: 'simulate', payload: { type: 'text', data: 'x' } },
    };
    expect(parseRelayControl(command)).toEqual({ ok: true, value: command });
    expect(parseRelayControl({ type: 'rules', rules: [] }).ok).toBe(true);
    expect(parseClientEvent({ type: 'result', id: 1, error: { code: 'closed', message: 'closed' } }).ok).toBe(true);
    // Errors are codes: the panel words them.
    expect(parseClientEvent({ type: 'result', id: 1, error: 'socket 1.1 is closed' }).ok).toBe(false);
    expect(parseClientEvent({ type: 'result', id: 1, error: { code: 'exploded', message: '' } }).ok).toBe(false);
    expect(parseClientEvent({ type: 'pauses', tabId: 1, pauses: [] }).ok).toBe(true);
  });
});

describe('frame marks', () => {
  it('accepts frames sent from DevTools, simulated, and acted on by a rule', () => {
    for (const marks of [
      { origin: 'devtools' },
      { origin: 'simulated' },
      { intercept: { rule: 'slow', action: 'delayed' } },
      { intercept: { rule: '', action: 'dropped' } },
    ])
      expect(parseWireRecord({ ...valid.text, ...marks })).toEqual({ ok: true, value: { ...valid.text, ...marks } });
    expect(parseWireRecord({ ...valid.text, origin: 'page' }).ok).toBe(false);
    expect(parseWireRecord({ ...valid.text, intercept: { rule: 'x', action: 'exploded' } }).ok).toBe(false);
    expect(parseWireRecord({ ...valid.close, by: 'server', origin: 'simulated' }).ok).toBe(true);
    expect(parseWireRecord({ ...valid.closing, origin: 'devtools' }).ok).toBe(true);
  });
});
