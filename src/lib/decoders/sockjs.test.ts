import { describe, expect, it } from 'vitest';
import { FrameImpl } from '@stomp/stompjs';
import { sockJsDecoder } from './sockjs';
import { BY_CONTENT, BY_URL } from './types';
import {
  decodeAll,
  errorOf,
  expectSurvivesHostileInput,
  info,
  messagesOf,
  onlyMessage,
  received,
  sent,
} from './text-testing';

// sockjs-client connects to /<prefix>/<3-digit server>/<random session>/websocket.
const URL = 'wss://app.example/stomp/042/x1y2z3ab/websocket';

/** How sockjs-client sends strings and the SockJS server answers with them. */
const clientFrame = (...messages: string[]) => JSON.stringify(messages);
const serverFrame = (...messages: string[]) => 'a' + JSON.stringify(messages);
const stomp = (command: string, headers: Record<string, string>, body = '') =>
  new FrameImpl({ command, headers, body, escapeHeaderValues: true }).serialize() as string;

describe('SockJS', () => {
  it('shows open and heartbeats as control and the close with its reason', () => {
    const [open, beat, close] = decodeAll(sockJsDecoder, info(URL), [
      received('o'),
      received('h'),
      received('c[3000,"Go away!"]'),
    ]);
    expect(onlyMessage(open)).toEqual({ protocol: 'sockjs', kind: 'open', control: true });
    expect(onlyMessage(beat)).toEqual({ protocol: 'sockjs', kind: 'heartbeat', control: true });
    expect(onlyMessage(close)).toEqual({ protocol: 'sockjs', kind: 'close', body: { code: 3000, reason: 'Go away!' } });
  });

  it('decodes STOMP carried inside, with its pairs and heart-beats', () => {
    const [, connect, connected, subscribe, messages, beat] = decodeAll(sockJsDecoder, info(URL), [
      received('o'),
      sent(clientFrame(stomp('CONNECT', { 'accept-version': '1.2,1.1,1.0', 'heart-beat': '10000,10000' }))),
      received(serverFrame(stomp('CONNECTED', { version: '1.2', 'heart-beat': '0,0' }))),
      sent(clientFrame(stomp('SUBSCRIBE', { id: 'sub-0', destination: '/topic/greetings' }))),
      received(
        serverFrame(
          stomp(
            'MESSAGE',
            { subscription: 'sub-0', 'message-id': '1', destination: '/topic/greetings' },
            '{"content":"Hello"}',
          ),
          stomp(
            'MESSAGE',
            { subscription: 'sub-0', 'message-id': '2', destination: '/topic/greetings' },
            '{"content":"Again"}',
          ),
        ),
      ),
      sent(clientFrame('\n')),
    ]);
    expect(onlyMessage(connect)).toMatchObject({
      protocol: 'stomp',
      kind: 'CONNECT',
      pair: { key: 'stomp:connect', role: 'request' },
    });
    expect(onlyMessage(connected)).toMatchObject({ protocol: 'stomp', kind: 'CONNECTED', pair: { role: 'reply' } });
    expect(onlyMessage(subscribe)).toMatchObject({
      kind: 'SUBSCRIBE',
      name: '/topic/greetings',
      pair: { role: 'stream-start' },
    });
    expect(messagesOf(messages).map((m) => [m.protocol, m.kind, m.id, m.pair?.role])).toEqual([
      ['stomp', 'MESSAGE', '1', 'stream-item'],
      ['stomp', 'MESSAGE', '2', 'stream-item'],
    ]);
    expect(onlyMessage(beat)).toEqual({ protocol: 'stomp', kind: 'heartbeat', control: true });
  });

  it('shows other messages as SockJS messages, JSON parsed', () => {
    const [, mine, theirs, single] = decodeAll(sockJsDecoder, info('wss://x/echo/1/s/websocket'), [
      received('o'),
      sent('["{\\"op\\":\\"hi\\"}","plain text"]'),
      received('a["{\\"op\\":\\"hello\\"}"]'),
      received('m"one"'),
    ]);
    expect(messagesOf(mine)).toEqual([
      { protocol: 'sockjs', kind: 'message', body: { op: 'hi' } },
      { protocol: 'sockjs', kind: 'message', body: 'plain text' },
    ]);
    expect(onlyMessage(theirs)).toEqual({ protocol: 'sockjs', kind: 'message', body: { op: 'hello' } });
    expect(onlyMessage(single)).toEqual({ protocol: 'sockjs', kind: 'message', body: 'one' });
  });

  it('says which inner message failed', () => {
    const [, r] = decodeAll(sockJsDecoder, info(URL), [
      sent(clientFrame(stomp('CONNECT', {}))),
      received(serverFrame(stomp('CONNECTED', {}), 'BOGUS\n\n\0')),
    ]);
    expect(errorOf(r)).toMatch(/message 2 of 2: "BOGUS" is not a STOMP command/);
  });

  it.each([
    ['received', 'x', /starts with o, h, a, m or c/],
    ['received', 'open', /starts with o, h, a, m or c/],
    ['received', 'a[1,2]', /array of strings/],
    ['received', 'a[]', /non-empty JSON array/],
    ['received', 'a["x"', /not valid JSON/],
    ['received', 'c"bye"', /c\[code,"reason"\]/],
    ['sent', '{"a":1}', /JSON array of strings or one JSON string/],
  ] as const)('refuses %s %s with a reason', (dir, text, reason) => {
    const [r] = decodeAll(sockJsDecoder, info(URL), [dir === 'sent' ? sent(text) : received(text)]);
    expect(errorOf(r)).toMatch(reason);
  });

  it('survives hostile input', () => {
    expectSurvivesHostileInput(sockJsDecoder, info(URL));
  });
});

describe('SockJS detection', () => {
  it('takes session URLs and an o first', () => {
    expect(sockJsDecoder.detect(info(URL), [])).toBe(BY_URL);
    expect(sockJsDecoder.detect(info('wss://x/socket/websocket?vsn=2.0.0'), [])).toBe(0);
    expect(sockJsDecoder.detect(info('wss://x/ws'), [received('o')])).toBe(BY_CONTENT);
    expect(sockJsDecoder.detect(info('wss://x/ws'), [received('ok')])).toBe(0);
  });
});
