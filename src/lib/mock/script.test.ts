import { describe, expect, it } from 'vitest';
import { sessionOf } from '../diff/testing';
import { compileIgnore } from '../diff/ignore';
import { buildMockScripts, findStep, matchFrame } from './script';

const records = sessionOf(
  {
    url: 'ws://h.test/quotes?room=7',
    gap: 100,
    frames: [
      ['received', '{"op":"tick"}'],
      ['sent', '{"op":"hello","ts":1}'],
      ['received', '{"op":"welcome"}'],
      ['received', '{"op":"news"}'],
      ['sent', Uint8Array.of(1, 2)],
      ['received', Uint8Array.of(2, 1)],
    ],
    close: 1000,
  },
  {
    url: 'ws://h.test/rpc',
    frames: [
      ['sent', '{"jsonrpc":"2.0","id":7,"method":"sum","params":[1,2]}'],
      ['received', '{"jsonrpc":"2.0","id":7,"result":3}'],
    ],
  },
);

describe('mock scripts', () => {
  it('splits a connection into the server frames before the first client frame and the replies to each', () => {
    const [quotes] = buildMockScripts(records);
    expect(quotes).toMatchObject({
      path: '/quotes?room=7',
      initial: [{ index: 1, data: '{"op":"tick"}', delayMs: 100 }],
      steps: [
        {
          expect: { index: 2, data: '{"op":"hello","ts":1}' },
          replies: [
            { index: 3, delayMs: 100 },
            { index: 4, delayMs: 200 },
          ],
        },
        { expect: { index: 5, type: 'binary' }, replies: [{ index: 6, data: Uint8Array.of(2, 1), delayMs: 100 }] },
      ],
      close: { code: 1000, reason: '', delayMs: 5 },
    });
  });

  it('matches exactly, as the same JSON ignoring chosen fields, or by decoded kind, name and id', () => {
    const [quotes, rpc] = buildMockScripts(records);
    const hello = quotes!.steps[0]!.expect;
    expect(matchFrame(hello, { type: 'text', data: '{"op":"hello","ts":1}' })).toBe('exact');
    expect(matchFrame(hello, { type: 'text', data: '{ "ts": 1, "op": "hello" }' })).toBe('json');
    expect(matchFrame(hello, { type: 'text', data: '{"op":"hello","ts":2}' })).toBeUndefined();
    expect(
      matchFrame(
        hello,
        { type: 'text', data: '{"op":"hello","ts":2}' },
        { ignore: compileIgnore({ paths: ['$.ts'] }) },
      ),
    ).toBe('json');
    expect(matchFrame(quotes!.steps[1]!.expect, { type: 'binary', data: Uint8Array.of(1, 2) })).toBe('exact');
    expect(matchFrame(quotes!.steps[1]!.expect, { type: 'binary', data: Uint8Array.of(1, 3) })).toBeUndefined();
    const sum = rpc!.steps[0]!.expect;
    expect(sum.decoded).toEqual({ kind: 'request', name: 'sum', id: '7' });
    expect(matchFrame(sum, { type: 'text', data: '{}', decoded: { kind: 'request', name: 'sum', id: '7' } })).toBe(
      'decoded',
    );
    expect(
      matchFrame(sum, { type: 'text', data: '{}', decoded: { kind: 'request', name: 'sum', id: '8' } }),
    ).toBeUndefined();
    expect(
      matchFrame(hello, { type: 'text', data: '{ "ts": 1, "op": "hello" }' }, { modes: ['exact'] }),
    ).toBeUndefined();
  });

  it('finds the step a live frame answers, looking a few steps ahead', () => {
    const [quotes] = buildMockScripts(records);
    expect(findStep(quotes!, 0, { type: 'binary', data: Uint8Array.of(1, 2) })).toEqual({ step: 1, mode: 'exact' });
    expect(findStep(quotes!, 0, { type: 'text', data: 'nope' })).toBeUndefined();
  });
});
