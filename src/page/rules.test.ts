import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_FAULT, type HookRule } from '../protocol/actions';
import { compileRules } from './rules';

// natives.ts takes browser built-ins (FileReader, WebSocket) as it loads: node's own serve the rules here.
vi.mock('./natives', () => {
  const getter = (owner: object, name: string) => Object.getOwnPropertyDescriptor(owner, name)!.get!;
  return {
    call: (fn: (...a: unknown[]) => unknown, self: unknown, ...args: unknown[]) => Reflect.apply(fn, self, args),
    bare: <T extends object>(o: T) => Object.setPrototypeOf(o, null) as T,
    ownArray: () => [],
    isObjectLike: (v: unknown) => (typeof v === 'object' && v !== null) || typeof v === 'function',
    natives: {
      RegExp,
      regExpExec: RegExp.prototype.exec,
      regExpReplace: RegExp.prototype[Symbol.replace],
      stringIndexOf: String.prototype.indexOf,
      setPrototypeOf: Object.setPrototypeOf,
      ArrayBuffer,
      Uint8Array,
      uint8ArraySet: Uint8Array.prototype.set,
      arrayBufferByteLength: getter(ArrayBuffer.prototype, 'byteLength'),
      blobSize: getter(Blob.prototype, 'size'),
      String,
    },
  };
});

const rule = (patch: Partial<HookRule>): HookRule => ({
  name: 'r',
  direction: 'both',
  url: null,
  payload: null,
  action: 'block',
  delayMs: 1000,
  replace: null,
  fault: DEFAULT_FAULT,
  startedAt: 0,
  ...patch,
});
const url = (source: string) => ({ source, flags: '' });

describe('connection faults', () => {
  it('refuses new sockets under offline, and under refuse until its time from the start is up', () => {
    const rules = compileRules([
      rule({ action: 'refuse', url: url('api'), fault: { ...DEFAULT_FAULT, refuseMs: 3000 }, startedAt: 10_000 }),
    ]);
    expect(rules.refuses('wss://x/api', 10_000)).toBe(true);
    expect(rules.refuses('wss://x/api', 12_999)).toBe(true);
    expect(rules.refuses('wss://x/api', 13_000)).toBe(false);
    expect(rules.refuses('wss://x/other', 11_000)).toBe(false);
    expect(compileRules([rule({ action: 'offline' })]).refuses('wss://x/', 0)).toBe(true);
  });

  it('finds the first drop-every and delay-open rule by URL; they never match frames', () => {
    const rules = compileRules([
      rule({ action: 'drop-every', url: url('a'), fault: { ...DEFAULT_FAULT, dropEveryMs: 700 } }),
      rule({ action: 'delay-open', url: url('b'), fault: { ...DEFAULT_FAULT, openDelayMs: 250 } }),
    ]);
    expect(rules.dropEvery('wss://x/a')?.ms).toBe(700);
    expect(rules.dropEvery('wss://x/b')).toBe(null);
    expect(rules.openDelay('wss://x/b')).toBe(250);
    expect(rules.openDelay('wss://x/a')).toBe(0);
    expect(rules.watches('sent') || rules.watches('received')).toBe(false);
    expect(rules.match('sent', 'wss://x/a', 'hi')).toBe(null);
  });

  it('gives a changed drop-every rule another key, so a timer set under the old one does nothing', () => {
    const key = (ms: number) =>
      compileRules([rule({ action: 'drop-every', fault: { ...DEFAULT_FAULT, dropEveryMs: ms } })]).dropEvery('x')!.key;
    expect(key(500)).toBe(key(500));
    expect(key(500)).not.toBe(key(600));
  });
});

describe('debugger rules', () => {
  it('match by direction, URL and payload, besides the rule that acts on the frame', () => {
    const rules = compileRules([
      rule({ name: 'stop', action: 'debugger', direction: 'sent', payload: url('buy') }),
      rule({ name: 'hide', action: 'block', payload: url('buy') }),
    ]);
    expect(rules.debugs()).toBe(true);
    expect(rules.breaksInto('sent', 'wss://x/', 'buy now')).toBe(true);
    expect(rules.breaksInto('received', 'wss://x/', 'buy now')).toBe(false);
    expect(rules.breaksInto('sent', 'wss://x/', 'sell')).toBe(false);
    expect(rules.breaksInto('sent', 'wss://x/', new ArrayBuffer(1))).toBe(false);
    expect(rules.match('sent', 'wss://x/', 'buy now')?.name).toBe('hide');
    expect(compileRules([rule({})]).debugs()).toBe(false);
  });
});
