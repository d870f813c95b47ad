import { describe, expect, it } from 'vitest';
import { phoenixDecoder } from './phoenix';
import { BY_CONTENT, BY_URL } from './types';
import { decodeAll, errorOf, expectSurvivesHostileInput, info, onlyMessage, received, sent } from './text-testing';

const V2_URL = 'wss://app.example/socket/websocket?token=abc&vsn=2.0.0';
const V1_URL = 'wss://app.example/socket/websocket?vsn=1.0.0';

/** A v2 binary frame as phoenix.js' serializer lays it out: kind, sizes, strings, payload. */
function binary(kind: number, strings: string[], payload: number[]): Uint8Array {
  const encoded = strings.map((s) => new TextEncoder().encode(s));
  return new Uint8Array([kind, ...encoded.map((e) => e.length), ...encoded.flatMap((e) => [...e]), ...payload]);
}

describe('Phoenix Channels', () => {
  it('pairs a v2 join with its reply and marks the heartbeat as control', () => {
    const [join, reply, beat, beatReply, broadcast] = decodeAll(phoenixDecoder, info(V2_URL), [
      sent('["3","3","room:lobby","phx_join",{"user":"ann"}]'),
      received('["3","3","room:lobby","phx_reply",{"status":"ok","response":{}}]'),
      sent('[null,"4","phoenix","heartbeat",{}]'),
      received('[null,"4","phoenix","phx_reply",{"status":"ok","response":{}}]'),
      received('["3",null,"room:lobby","new_msg",{"body":"hi"}]'),
    ]);
    expect(onlyMessage(join)).toEqual({
      protocol: 'phoenix',
      kind: 'phx_join',
      name: 'room:lobby',
      id: '3',
      body: { user: 'ann' },
      pair: { key: 'phx:room:lobby:3', role: 'request' },
    });
    expect(onlyMessage(reply)).toMatchObject({
      kind: 'phx_reply',
      body: { status: 'ok' },
      pair: { key: 'phx:room:lobby:3', role: 'reply' },
    });
    expect(onlyMessage(beat)).toMatchObject({
      kind: 'heartbeat',
      control: true,
      pair: { key: 'phx:phoenix:4', role: 'request' },
    });
    expect(onlyMessage(beatReply)).toMatchObject({ kind: 'phx_reply', control: true, pair: { role: 'reply' } });
    expect(onlyMessage(broadcast)).toEqual({
      protocol: 'phoenix',
      kind: 'new_msg',
      name: 'room:lobby',
      body: { body: 'hi' },
    });
  });

  it('reads v1 objects', () => {
    const [push, reply] = decodeAll(phoenixDecoder, info(V1_URL), [
      sent('{"topic":"room:1","event":"new_msg","payload":{"body":"x"},"ref":"5","join_ref":"1"}'),
      received(
        '{"topic":"room:1","event":"phx_reply","payload":{"status":"error","response":{"reason":"no"}},"ref":"5"}',
      ),
    ]);
    expect(onlyMessage(push)).toMatchObject({
      kind: 'new_msg',
      name: 'room:1',
      id: '5',
      pair: { key: 'phx:room:1:5', role: 'request' },
    });
    expect(onlyMessage(reply)).toMatchObject({
      body: { status: 'error' },
      pair: { key: 'phx:room:1:5', role: 'reply' },
    });
  });

  it('reads v2 binary pushes, replies and broadcasts', () => {
    const [push, reply, broadcast] = decodeAll(phoenixDecoder, info(V2_URL), [
      sent(binary(0, ['1', '9', 'files:1', 'upload'], [1, 2, 3])),
      received(binary(1, ['1', '9', 'files:1', 'ok'], [4])),
      received(binary(2, ['files:1', 'chunk'], [5, 6])),
    ]);
    expect(onlyMessage(push)).toEqual({
      protocol: 'phoenix',
      kind: 'upload',
      name: 'files:1',
      id: '9',
      body: new Uint8Array([1, 2, 3]),
      pair: { key: 'phx:files:1:9', role: 'request' },
    });
    expect(onlyMessage(reply)).toEqual({
      protocol: 'phoenix',
      kind: 'phx_reply',
      name: 'files:1',
      id: '9',
      body: { status: 'ok', response: new Uint8Array([4]) },
      pair: { key: 'phx:files:1:9', role: 'reply' },
    });
    expect(onlyMessage(broadcast)).toEqual({
      protocol: 'phoenix',
      kind: 'chunk',
      name: 'files:1',
      body: new Uint8Array([5, 6]),
    });
  });

  it.each([
    ['[1,2,3]', /not 3 items/],
    ['[null,null,1,"e",{}]', /topic and an event/],
    ['{"topic":"t"}', /topic and an event/],
    ['hello', /JSON object \(v1\) or array \(v2\)/],
    ['"str"', /JSON object \(v1\) or array \(v2\)/],
  ])('refuses %s with a reason', (text, reason) => {
    const [r] = decodeAll(phoenixDecoder, info(V2_URL), [received(text)]);
    expect(errorOf(r)).toMatch(reason);
  });

  it('refuses binary frames whose sizes run past the end', () => {
    const [badKind, shortHeader, overrun] = decodeAll(phoenixDecoder, info(V2_URL), [
      received(new Uint8Array([7, 0, 0])),
      received(new Uint8Array([0, 1, 1])),
      received(new Uint8Array([2, 200, 200, 65])),
    ]);
    expect(errorOf(badKind)).toMatch(/kind 0, 1 or 2/);
    expect(errorOf(shortHeader)).toMatch(/ends inside its 4-byte header/); // a push from the server has no ref
    expect(errorOf(overrun)).toMatch(/runs past the frame's end/);
  });

  it('survives hostile input', () => {
    expectSurvivesHostileInput(phoenixDecoder, info(V2_URL));
  });
});

describe('Phoenix detection', () => {
  it('takes vsn= URLs and a phx_join first frame', () => {
    expect(phoenixDecoder.detect(info(V2_URL), [])).toBe(BY_URL);
    expect(phoenixDecoder.detect(info(V1_URL), [])).toBe(BY_URL);
    expect(phoenixDecoder.detect(info('wss://x/ws?vsn=9'), [])).toBe(0);
    expect(phoenixDecoder.detect(info('wss://x/ws'), [sent('["1","1","room:1","phx_join",{}]')])).toBe(BY_CONTENT);
    expect(phoenixDecoder.detect(info('wss://x/ws'), [sent('{"text":"phx_join"}')])).toBe(0);
  });
});
