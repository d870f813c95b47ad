import { describe, expect, it } from 'vitest';
import { actionCableDecoder } from './actioncable';
import { BY_CONTENT, BY_SUBPROTOCOL, BY_URL } from './types';
import { decodeAll, errorOf, expectSurvivesHostileInput, info, onlyMessage, received, sent } from './text-testing';

// Frames as @rails/actioncable and ActionCable::Connection write them.
const URL = 'wss://app.example/cable';
const CONNECTION = info(URL, 'actioncable-v1-json', ['actioncable-v1-json', 'actioncable-unsupported']);
const IDENTIFIER = '{"channel":"ChatChannel","room":"Best Room"}';

describe('Action Cable', () => {
  it('pairs a subscribe with its confirmation and names messages by channel and action', () => {
    const [welcome, subscribe, confirm, speak, broadcast, ping] = decodeAll(actionCableDecoder, CONNECTION, [
      received('{"type":"welcome"}'),
      sent(JSON.stringify({ command: 'subscribe', identifier: IDENTIFIER })),
      received(JSON.stringify({ identifier: IDENTIFIER, type: 'confirm_subscription' })),
      sent(JSON.stringify({ command: 'message', identifier: IDENTIFIER, data: '{"message":"hi","action":"speak"}' })),
      received(JSON.stringify({ identifier: IDENTIFIER, message: { body: 'hi', user: 'ann' } })),
      received('{"type":"ping","message":1700000000}'),
    ]);
    expect(onlyMessage(welcome)).toEqual({ protocol: 'actioncable', kind: 'welcome', control: true });
    expect(onlyMessage(subscribe)).toEqual({
      protocol: 'actioncable',
      kind: 'subscribe',
      name: 'ChatChannel',
      body: { channel: 'ChatChannel', room: 'Best Room' },
      pair: { key: `cable:${IDENTIFIER}`, role: 'request' },
    });
    expect(onlyMessage(confirm)).toEqual({
      protocol: 'actioncable',
      kind: 'confirm_subscription',
      name: 'ChatChannel',
      pair: { key: `cable:${IDENTIFIER}`, role: 'reply' },
    });
    expect(onlyMessage(speak)).toEqual({
      protocol: 'actioncable',
      kind: 'message',
      name: 'ChatChannel#speak',
      body: { message: 'hi', action: 'speak' },
    });
    expect(onlyMessage(broadcast)).toEqual({
      protocol: 'actioncable',
      kind: 'message',
      name: 'ChatChannel',
      body: { body: 'hi', user: 'ann' },
    });
    expect(onlyMessage(ping)).toEqual({ protocol: 'actioncable', kind: 'ping', control: true, body: 1700000000 });
  });

  it('shows a rejection as the reply and a disconnect with its reason', () => {
    const [, reject, bye] = decodeAll(actionCableDecoder, CONNECTION, [
      sent(JSON.stringify({ command: 'subscribe', identifier: '{"channel":"Secret"}' })),
      received(JSON.stringify({ identifier: '{"channel":"Secret"}', type: 'reject_subscription' })),
      received('{"type":"disconnect","reason":"unauthorized","reconnect":false}'),
    ]);
    expect(onlyMessage(reject)).toMatchObject({
      name: 'Secret',
      pair: { key: 'cable:{"channel":"Secret"}', role: 'reply' },
    });
    expect(onlyMessage(bye)).toEqual({
      protocol: 'actioncable',
      kind: 'disconnect',
      body: { reason: 'unauthorized', reconnect: false },
    });
  });

  it('keeps an identifier that is not JSON without a channel name', () => {
    const [r] = decodeAll(actionCableDecoder, CONNECTION, [sent('{"command":"unsubscribe","identifier":"plain"}')]);
    expect(onlyMessage(r)).toEqual({ protocol: 'actioncable', kind: 'unsubscribe' });
  });

  it.each([
    ['{"command":"shout","identifier":"{}"}', /"shout" is not an Action Cable command/],
    ['{"command":"subscribe"}', /no identifier/],
    ['{"type":"hello"}', /"hello" is not an Action Cable message type/],
    ['{"message":"x"}', /neither a command/],
    ['["welcome"]', /JSON object/],
  ])('refuses %s with a reason', (text, reason) => {
    const [r] = decodeAll(actionCableDecoder, CONNECTION, [received(text)]);
    expect(errorOf(r)).toMatch(reason);
  });

  it('survives hostile input', () => {
    expectSurvivesHostileInput(actionCableDecoder, CONNECTION);
  });
});

describe('Action Cable detection', () => {
  it('takes its subprotocol, /cable URLs and a welcome first', () => {
    expect(actionCableDecoder.detect(CONNECTION, [])).toBe(BY_SUBPROTOCOL);
    expect(actionCableDecoder.detect(info(URL), [])).toBe(BY_URL);
    expect(actionCableDecoder.detect(info('wss://x/ws'), [received('{"type":"welcome"}')])).toBe(BY_CONTENT);
    expect(actionCableDecoder.detect(info('wss://x/ws'), [received('{"type":"welcome","sid":"a1"}')])).toBe(BY_CONTENT);
    expect(actionCableDecoder.detect(info('wss://x/ws'), [received('{"type":"hello"}')])).toBe(0);
    // An app's own greeting that happens to say welcome (the bundled demo's /chat).
    expect(
      actionCableDecoder.detect(info('wss://x/chat'), [
        received('{"type":"welcome","room":"general","users":["ada"]}'),
      ]),
    ).toBe(0);
    expect(actionCableDecoder.detect(info(URL, 'actioncable-v1-msgpack'), [])).toBe(0);
  });
});
