import { describe, expect, it } from 'vitest';
import { sessionOf } from '../diff/testing';
import { buildMockScripts } from './script';
import { createLiveMatcher, type LiveMatchConfig } from './live-matcher';

/** A JSON-RPC recording: the page asks for a sum with a nonce that changes every run. */
const RPC_RECORDING = sessionOf({
  url: 'wss://h.test/rpc',
  frames: [
    ['sent', '{"jsonrpc":"2.0","id":1,"method":"sum","params":{"args":[2,3],"nonce":"a1"}}'],
    ['received', '{"jsonrpc":"2.0","id":1,"result":5}'],
    ['sent', '{"jsonrpc":"2.0","id":2,"method":"bye","params":{"nonce":"a2"}}'],
    ['received', '{"jsonrpc":"2.0","id":2,"result":"ok"}'],
  ],
});

const [script] = buildMockScripts(RPC_RECORDING);

function configOf(extra: Partial<LiveMatchConfig> = {}): LiveMatchConfig {
  return { url: script!.url, protocols: [], decoder: script!.decoder!.label, ...extra };
}

const live = (id: number, method: string, nonce: string) =>
  JSON.stringify({ jsonrpc: '2.0', id, method, params: { ...(method === 'sum' && { args: [2, 3] }), nonce } });

describe('createLiveMatcher', () => {
  it('matches by decoded kind, name and id when the payload changed', () => {
    expect(script!.steps[0]!.expect.decoded).toEqual({ kind: 'request', name: 'sum', id: '1' });
    const matcher = createLiveMatcher(configOf({ modes: ['decoded'] }));
    const first = matcher.read(live(1, 'sum', 'zz'));
    expect(matcher.find(script!.steps, 0, first)).toEqual({ step: 0, mode: 'decoded' });
    // Another id is another request.
    expect(matcher.find(script!.steps, 1, matcher.read(live(9, 'bye', 'zz')))).toBeUndefined();
    expect(matcher.find(script!.steps, 1, matcher.read(live(2, 'bye', 'zz')))).toEqual({ step: 1, mode: 'decoded' });
  });

  it('matches the same JSON with the chosen paths ignored, and not without them', () => {
    const plain = createLiveMatcher(configOf({ modes: ['exact', 'json'] }));
    expect(plain.find(script!.steps, 0, plain.read(live(7, 'sum', 'a1')))).toBeUndefined();
    const ignoring = createLiveMatcher(configOf({ modes: ['json'], ignore: { paths: ['$.id', '$..nonce'] } }));
    expect(ignoring.find(script!.steps, 0, ignoring.read(live(7, 'sum', 'q')))).toEqual({ step: 0, mode: 'json' });
  });

  it('matches the same bytes exactly', () => {
    const matcher = createLiveMatcher(configOf({ modes: ['exact'] }));
    const recorded = script!.steps[1]!.expect.data as string;
    expect(matcher.find(script!.steps, 0, matcher.read(recorded))).toEqual({ step: 1, mode: 'exact' });
  });
});
