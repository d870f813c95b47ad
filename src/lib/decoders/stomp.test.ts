import { describe, expect, it } from 'vitest';
import { FrameImpl, type StompHeaders } from '@stomp/stompjs';
import { looksLikeStomp, parseStompFrames, stompDecoder } from './stomp';
import { BY_CONTENT, BY_SUBPROTOCOL } from './types';
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

const URL = 'wss://broker.example/ws';
const V12 = info(URL, 'v12.stomp', ['v10.stomp', 'v11.stomp', 'v12.stomp']);

/** A frame as @stomp/stompjs serializes it for a v1.2 connection. */
function stomp(command: string, headers: StompHeaders = {}, body: string | Uint8Array = ''): string | Uint8Array {
  const params =
    typeof body === 'string'
      ? { command, headers: { ...headers }, body, escapeHeaderValues: true }
      : { command, headers: { ...headers }, binaryBody: body, escapeHeaderValues: true };
  const serialized = new FrameImpl(params).serialize();
  return typeof serialized === 'string' ? serialized : new Uint8Array(serialized);
}

describe('STOMP', () => {
  it('pairs CONNECT with CONNECTED and reads the negotiated headers', () => {
    const [c, ok] = decodeAll(stompDecoder, V12, [
      sent(stomp('CONNECT', { 'accept-version': '1.2,1.1,1.0', 'heart-beat': '10000,10000', host: 'h:1' })),
      received(stomp('CONNECTED', { version: '1.2', 'heart-beat': '0,0' })),
    ]);
    expect(onlyMessage(c)).toEqual({
      protocol: 'stomp',
      kind: 'CONNECT',
      body: { headers: { 'accept-version': '1.2,1.1,1.0', 'heart-beat': '10000,10000', host: 'h:1' } },
      pair: { key: 'stomp:connect', role: 'request' },
    });
    expect(onlyMessage(ok)).toMatchObject({ kind: 'CONNECTED', pair: { key: 'stomp:connect', role: 'reply' } });
  });

  it('follows a subscription: SUBSCRIBE, MESSAGEs, UNSUBSCRIBE', () => {
    const [sub, msg, unsub] = decodeAll(stompDecoder, V12, [
      sent(stomp('SUBSCRIBE', { id: 'sub-0', destination: '/topic/prices', ack: 'auto' })),
      received(
        stomp(
          'MESSAGE',
          {
            subscription: 'sub-0',
            'message-id': 'm-1',
            destination: '/topic/prices',
            'content-type': 'application/json',
          },
          '{"eur":1.1}',
        ),
      ),
      sent(stomp('UNSUBSCRIBE', { id: 'sub-0' })),
    ]);
    expect(onlyMessage(sub)).toMatchObject({
      kind: 'SUBSCRIBE',
      name: '/topic/prices',
      id: 'sub-0',
      pair: { key: 'stomp:sub:sub-0', role: 'stream-start' },
    });
    expect(onlyMessage(msg)).toMatchObject({
      kind: 'MESSAGE',
      name: '/topic/prices',
      id: 'm-1',
      body: { body: { eur: 1.1 } },
      pair: { key: 'stomp:sub:sub-0', role: 'stream-item' },
    });
    expect(onlyMessage(unsub)).toMatchObject({
      kind: 'UNSUBSCRIBE',
      name: '/topic/prices',
      pair: { key: 'stomp:sub:sub-0', role: 'reply' },
    });
  });

  it('pairs a frame with a receipt header with its RECEIPT', () => {
    const [send, receipt, unknown] = decodeAll(stompDecoder, V12, [
      sent(stomp('SEND', { destination: '/queue/a', receipt: 'r-7' }, 'hello')),
      received(stomp('RECEIPT', { 'receipt-id': 'r-7' })),
      received(stomp('RECEIPT', { 'receipt-id': 'r-8' })),
    ]);
    expect(onlyMessage(send)).toMatchObject({
      kind: 'SEND',
      name: '/queue/a',
      id: 'r-7',
      body: { headers: { 'content-length': '5' }, body: 'hello' },
      pair: { key: 'stomp:receipt:r-7', role: 'request' },
    });
    expect(onlyMessage(receipt)).toMatchObject({ kind: 'RECEIPT', name: '/queue/a', pair: { role: 'reply' } });
    expect(onlyMessage(unknown).pair).toBeUndefined();
  });

  it('answers a failed CONNECT with the ERROR', () => {
    const [, error] = decodeAll(stompDecoder, V12, [
      sent(stomp('CONNECT', { 'accept-version': '1.2' })),
      received('ERROR\nmessage:Bad credentials\n\nAccess refused\0'),
    ]);
    expect(onlyMessage(error)).toMatchObject({
      kind: 'ERROR',
      body: { headers: { message: 'Bad credentials' }, body: 'Access refused' },
      pair: { key: 'stomp:connect', role: 'reply' },
    });
  });

  it('reads several frames in one WebSocket frame, EOLs between them', () => {
    const text =
      'MESSAGE\nsubscription:1\ndestination:/a\n\nx\0\nMESSAGE\r\nsubscription:1\r\ndestination:/b\r\n\r\ny\0\n';
    const [r] = decodeAll(stompDecoder, V12, [received(text)]);
    expect(messagesOf(r).map((m) => [m.name, (m.body as { body: string }).body])).toEqual([
      ['/a', 'x'],
      ['/b', 'y'],
    ]);
  });

  it('shows heart-beats as control', () => {
    const [lf, crlf] = decodeAll(stompDecoder, V12, [received('\n'), sent('\r\n')]);
    expect(onlyMessage(lf)).toEqual({ protocol: 'stomp', kind: 'heartbeat', control: true });
    expect(onlyMessage(crlf)).toEqual({ protocol: 'stomp', kind: 'heartbeat', control: true });
  });

  it('unescapes 1.2 header values but not in CONNECT', () => {
    const [connect, send] = decodeAll(stompDecoder, V12, [
      sent('CONNECT\nlogin:a\\cb\n\n\0'),
      sent(stomp('SEND', { destination: '/q/a:b', note: 'line1\nline2\\' })),
    ]);
    expect(onlyMessage(connect).body).toEqual({ headers: { login: 'a\\cb' } });
    expect(onlyMessage(send)).toMatchObject({ name: '/q/a:b', body: { headers: { note: 'line1\nline2\\' } } });
  });

  it('takes any header name, error and __proto__ included', () => {
    const [r] = decodeAll(stompDecoder, V12, [received('MESSAGE\nerror:yes\n__proto__:x\ndestination:/a\n\n\0')]);
    const message = onlyMessage(r);
    expect(message.name).toBe('/a');
    const headers = (message.body as { headers: Record<string, string> }).headers;
    expect(Object.getOwnPropertyDescriptor(headers, '__proto__')?.value).toBe('x');
    expect(headers.error).toBe('yes');
  });

  it('keeps the first of repeated headers', () => {
    const [r] = decodeAll(stompDecoder, V12, [received('MESSAGE\ndestination:/first\ndestination:/second\n\n\0')]);
    expect(onlyMessage(r).name).toBe('/first');
  });

  it('reads a binary body with NULs by its content-length and keeps it as bytes', () => {
    const bytes = new Uint8Array([0, 1, 0, 255]);
    const frame = stomp('SEND', { destination: '/bin', 'content-type': 'application/octet-stream' }, bytes);
    expect(frame).toBeInstanceOf(Uint8Array);
    const [r] = decodeAll(stompDecoder, V12, [sent(frame)]);
    expect(onlyMessage(r)).toMatchObject({ kind: 'SEND', name: '/bin', body: { body: bytes } });
  });

  it('counts content-length in UTF-8 bytes', () => {
    const [r] = decodeAll(stompDecoder, V12, [sent(stomp('SEND', { destination: '/é' }, 'héllo\0wörld'))]);
    expect(onlyMessage(r)).toMatchObject({ name: '/é', body: { body: 'héllo\0wörld' } });
  });

  it('puts a frame split over WebSocket frames back together', () => {
    const whole = stomp('SEND', { destination: '/big' }, 'abcdefghij') as string;
    const [first, second, third] = decodeAll(stompDecoder, V12, [
      sent(whole.slice(0, 5)),
      sent(whole.slice(5, 30)),
      sent(whole.slice(30)),
    ]);
    expect(first).toEqual({ pending: expect.stringMatching(/continues/) });
    expect(second).toEqual({ pending: expect.stringMatching(/continues/) });
    expect(onlyMessage(third)).toMatchObject({ kind: 'SEND', name: '/big', body: { body: 'abcdefghij' } });
  });

  it('does not unescape under 1.0', () => {
    const [, m] = decodeAll(stompDecoder, info(URL, 'v10.stomp'), [
      received('CONNECTED\nversion:1.0\n\n\0'),
      received('MESSAGE\ndestination:/a\\cb\n\n\0'),
    ]);
    expect(onlyMessage(m).name).toBe('/a\\cb');
  });

  it.each([
    ['HELLO\n\n\0', /"HELLO" is not a STOMP command/],
    ['hello world', /not a STOMP command line/],
    ['SEND\ndestination\n\n\0', /has no ":"/],
    ['SEND\ncontent-length:abc\n\nx\0', /content-length "abc" is not a number/],
    ['SEND\ncontent-length:1\n\nxyz\0', /no NUL after the 1 bytes/],
  ])('refuses %j with a reason', (text, reason) => {
    const [r] = decodeAll(stompDecoder, V12, [sent(text)]);
    expect(errorOf(r)).toMatch(reason);
  });

  it('says a cut frame was cut and forgets what it was carrying', () => {
    const [, cut, next] = decodeAll(stompDecoder, V12, [
      sent('SEND\ndestination:/a\n\nabc'),
      sent('def', { truncated: true }),
      sent('SEND\ndestination:/b\n\n\0'),
    ]);
    expect(errorOf(cut)).toMatch(/recorder kept only/);
    expect(onlyMessage(next).name).toBe('/b');
  });

  it('gives up on a frame that never ends past the carry limit', () => {
    const decoder = stompDecoder.create(V12);
    decoder.decode(sent('SEND\ndestination:/a\n\n'));
    const chunk = 'x'.repeat(1024 * 1024);
    const results = Array.from({ length: 5 }, () => decoder.decode(sent(chunk)));
    expect(results.slice(0, 3)).toEqual(Array(3).fill({ pending: expect.any(String) }));
    expect(errorOf(results[3])).toMatch(/unfinished after/);
    // What follows is read afresh, not glued to the abandoned frame.
    expect(errorOf(results[4])).toMatch(/not a STOMP command line/);
  });

  it('survives hostile input', () => {
    expectSurvivesHostileInput(stompDecoder, V12);
  });

  it('parses frames without a decoder too', () => {
    expect(parseStompFrames(new TextEncoder().encode('RECEIPT\nreceipt-id:1\n\n\0'), true)).toMatchObject({
      frames: [{ command: 'RECEIPT', headers: { 'receipt-id': '1' } }],
    });
    expect(looksLikeStomp('CONNECT\naccept-version:1.2\n\n\0')).toBe(true);
    expect(looksLikeStomp('{"CONNECT":1}\n')).toBe(false);
  });
});

describe('STOMP detection', () => {
  it('takes the STOMP subprotocols and a CONNECT or STOMP first frame', () => {
    expect(stompDecoder.detect(info(URL, 'v11.stomp'), [])).toBe(BY_SUBPROTOCOL);
    expect(stompDecoder.detect(info(URL), [sent('CONNECT\naccept-version:1.2\n\n\0')])).toBe(BY_CONTENT);
    expect(stompDecoder.detect(info(URL), [sent('STOMP\r\naccept-version:1.2\r\n\r\n\0')])).toBe(BY_CONTENT);
    expect(stompDecoder.detect(info(URL), [sent('CONNECTING to chat')])).toBe(0);
    expect(stompDecoder.detect(info(URL), [])).toBe(0);
  });
});
