import { describe, expect, it } from 'vitest';
import { Encoder, PacketType, type Packet } from 'socket.io-parser';
import { encodePacket } from 'engine.io-parser';
import { engineIoDecoder, parseEngineIoPacket } from './engine-io';
import { parseSocketIoPacket, socketIoDecoder } from './socket-io';
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

const V4_URL = 'wss://chat.example/socket.io/?EIO=4&transport=websocket';
const V3_URL = 'wss://chat.example/socket.io/?EIO=3&transport=websocket';

/** What socket.io-client v4 puts on the wire for a packet: Engine.IO `4` + the socket.io-parser encoding. */
function wireV4(packet: Packet): (string | Uint8Array)[] {
  return new Encoder().encode(packet).map((part: string | Uint8Array) => {
    let out: string | Uint8Array = '';
    encodePacket({ type: 'message', data: part }, true, (encoded) => (out = encoded as string | Uint8Array));
    return typeof out === 'string' ? out : new Uint8Array(out);
  });
}

/** v3 (socket.io v2) binary frames carry the Engine.IO type byte 4 in front. */
function wireV3Binary(bytes: Uint8Array): Uint8Array {
  return new Uint8Array([4, ...bytes]);
}

describe('Socket.IO over Engine.IO v4', () => {
  it('shows the handshake and the heartbeats as Engine.IO control messages', () => {
    const open =
      '0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}';
    const [o, ping, pong] = decodeAll(socketIoDecoder, info(V4_URL), [received(open), received('2'), sent('3')]);
    expect(onlyMessage(o)).toMatchObject({
      protocol: 'engine.io',
      kind: 'open',
      control: true,
      body: { pingInterval: 25000 },
    });
    expect(onlyMessage(ping)).toEqual({ protocol: 'engine.io', kind: 'ping', control: true });
    expect(onlyMessage(pong)).toEqual({ protocol: 'engine.io', kind: 'pong', control: true });
  });

  it('marks the upgrade chatter from polling as control', () => {
    const results = decodeAll(socketIoDecoder, info(V4_URL + '&sid=abc'), [
      sent('2probe'),
      received('3probe'),
      sent('5'),
      received('6'),
    ]);
    expect(results.map((r) => onlyMessage(r))).toEqual([
      { protocol: 'engine.io', kind: 'ping', control: true, body: 'probe' },
      { protocol: 'engine.io', kind: 'pong', control: true, body: 'probe' },
      { protocol: 'engine.io', kind: 'upgrade', control: true },
      { protocol: 'engine.io', kind: 'noop', control: true },
    ]);
  });

  it('decodes an event, its ack and pairs them across directions', () => {
    const [emit] = wireV4({ type: PacketType.EVENT, nsp: '/', data: ['chat message', { text: 'hi' }], id: 12 });
    const [ack] = wireV4({ type: PacketType.ACK, nsp: '/', data: ['ok'], id: 12 });
    expect(emit).toBe('4212["chat message",{"text":"hi"}]');
    const [e, a] = decodeAll(socketIoDecoder, info(V4_URL), [sent(emit!), received(ack!)]);
    expect(onlyMessage(e)).toEqual({
      protocol: 'socket.io',
      kind: 'EVENT',
      name: 'chat message',
      id: '12',
      body: [{ text: 'hi' }],
      pair: { key: 'sio:/:sent:12', role: 'request' },
    });
    expect(onlyMessage(a)).toEqual({
      protocol: 'socket.io',
      kind: 'ACK',
      name: 'chat message',
      id: '12',
      body: ['ok'],
      pair: { key: 'sio:/:sent:12', role: 'reply' },
    });
  });

  it('keeps a server request and a client request with the same id apart', () => {
    const [fromServer] = wireV4({ type: PacketType.EVENT, nsp: '/', data: ['ask'], id: 1 });
    const [fromClient] = wireV4({ type: PacketType.EVENT, nsp: '/', data: ['tell'], id: 1 });
    const [s, c] = decodeAll(socketIoDecoder, info(V4_URL), [received(fromServer!), sent(fromClient!)]);
    expect(onlyMessage(s).pair?.key).not.toBe(onlyMessage(c).pair?.key);
  });

  it('scopes events, acks and connects by namespace', () => {
    const [connect] = wireV4({ type: PacketType.CONNECT, nsp: '/admin', data: { token: 't' } });
    const [connected] = wireV4({ type: PacketType.CONNECT, nsp: '/admin', data: { sid: 'x1' } });
    const [emit] = wireV4({ type: PacketType.EVENT, nsp: '/admin', data: ['kick', 'bob'], id: 3 });
    expect(emit).toBe('42/admin,3["kick","bob"]');
    const [c, ok, e] = decodeAll(socketIoDecoder, info(V4_URL), [sent(connect!), received(connected!), sent(emit!)]);
    expect(onlyMessage(c)).toMatchObject({
      kind: 'CONNECT',
      name: '/admin',
      pair: { key: 'sio:/admin:connect', role: 'request' },
    });
    expect(onlyMessage(ok)).toMatchObject({ kind: 'CONNECT', pair: { key: 'sio:/admin:connect', role: 'reply' } });
    expect(onlyMessage(e)).toMatchObject({
      kind: 'EVENT',
      name: 'kick',
      body: { namespace: '/admin', data: ['bob'] },
      pair: { key: 'sio:/admin:sent:3', role: 'request' },
    });
  });

  it('leaves out the data of a namespace packet that carries none (a DISCONNECT from /admin)', () => {
    // What socket.io-client 4.8 sends on `io('/admin').disconnect()`.
    const [d] = decodeAll(socketIoDecoder, info(V4_URL), [sent('41/admin,')]);
    const message = onlyMessage(d);
    expect(message).toMatchObject({ kind: 'DISCONNECT', name: '/admin', body: { namespace: '/admin' } });
    expect(Object.keys(message.body as object)).toEqual(['namespace']);
  });

  it('shows a connect error with its message as the reply to the connect', () => {
    const [connect] = wireV4({ type: PacketType.CONNECT, nsp: '/' });
    const [refused] = wireV4({ type: PacketType.CONNECT_ERROR, nsp: '/', data: { message: 'not authorized' } });
    const [, r] = decodeAll(socketIoDecoder, info(V4_URL), [sent(connect!), received(refused!)]);
    expect(onlyMessage(r)).toEqual({
      protocol: 'socket.io',
      kind: 'CONNECT_ERROR',
      body: { message: 'not authorized' },
      pair: { key: 'sio:/:connect', role: 'reply' },
    });
  });

  it('shows a binary event at its placeholder and each attachment after it', () => {
    const first = new Uint8Array([1, 2, 3]);
    const second = new Uint8Array([9]);
    const frames = wireV4({ type: PacketType.EVENT, nsp: '/', data: ['upload', first, { thumb: second }], id: 5 });
    expect(frames[0]).toBe('452-5["upload",{"_placeholder":true,"num":0},{"thumb":{"_placeholder":true,"num":1}}]');
    const [event, a0, a1, after] = decodeAll(socketIoDecoder, info(V4_URL), [
      sent(frames[0]!),
      sent(frames[1]!),
      sent(frames[2]!),
      sent(new Uint8Array([7])),
    ]);
    expect(onlyMessage(event)).toMatchObject({
      kind: 'BINARY_EVENT',
      name: 'upload',
      id: '5',
      body: [{ _placeholder: true, num: 0 }, { thumb: { _placeholder: true, num: 1 } }],
      pair: { key: 'sio:/:sent:5', role: 'request' },
    });
    expect(onlyMessage(a0)).toEqual({
      protocol: 'socket.io',
      kind: 'attachment',
      name: 'upload',
      id: '5',
      control: false,
      body: { index: 0, of: 2, data: first },
    });
    expect(onlyMessage(a1)).toMatchObject({ kind: 'attachment', body: { index: 1, of: 2, data: second } });
    expect(errorOf(after)).toMatch(/no Socket.IO binary event/);
  });

  it('pairs a binary ack with the event it answers', () => {
    const [emit] = wireV4({ type: PacketType.EVENT, nsp: '/', data: ['get-avatar'], id: 8 });
    const ack = wireV4({ type: PacketType.ACK, nsp: '/', data: [new Uint8Array([5, 5])], id: 8 });
    const [, a, bytes] = decodeAll(socketIoDecoder, info(V4_URL), [sent(emit!), received(ack[0]!), received(ack[1]!)]);
    expect(onlyMessage(a)).toMatchObject({
      kind: 'BINARY_ACK',
      name: 'get-avatar',
      pair: { key: 'sio:/:sent:8', role: 'reply' },
    });
    expect(onlyMessage(bytes)).toMatchObject({ kind: 'attachment', name: 'get-avatar', body: { index: 0, of: 1 } });
  });
});

describe('Socket.IO v2 over Engine.IO v3', () => {
  it('reads binary attachments behind the type byte 4 and the v2 error packet', () => {
    const results = decodeAll(socketIoDecoder, info(V3_URL), [
      received('0{"sid":"a","upgrades":[],"pingInterval":25000,"pingTimeout":5000}'),
      received('40'),
      sent('2'),
      received('3'),
      sent('451-["file",{"_placeholder":true,"num":0}]'),
      sent(wireV3Binary(new Uint8Array([0xca, 0xfe]))),
      received('44/nope,"Invalid namespace"'),
    ]);
    expect(onlyMessage(results[1])).toEqual({ protocol: 'socket.io', kind: 'CONNECT' });
    expect(onlyMessage(results[5])).toMatchObject({
      kind: 'attachment',
      name: 'file',
      body: { data: new Uint8Array([0xca, 0xfe]) },
    });
    expect(onlyMessage(results[6])).toMatchObject({
      kind: 'CONNECT_ERROR',
      name: '/nope',
      body: { namespace: '/nope', data: 'Invalid namespace' },
    });
  });

  it('learns v3 from the open packet when the URL does not say', () => {
    const results = decodeAll(socketIoDecoder, info('wss://x.example/custom'), [
      received('0{"sid":"a","upgrades":[],"pingInterval":25000,"pingTimeout":5000}'),
      sent('451-["file",{"_placeholder":true,"num":0}]'),
      sent(wireV3Binary(new Uint8Array([1]))),
    ]);
    expect(onlyMessage(results[2])).toMatchObject({ body: { data: new Uint8Array([1]) } });
  });

  it('keeps the v2 namespace query apart from the namespace', () => {
    expect(parseSocketIoPacket('0/admin?token=abc,')).toEqual({ kind: 'CONNECT', nsp: '/admin', query: 'token=abc' });
  });

  it('refuses a v3 binary frame without the message type byte', () => {
    expect(parseEngineIoPacket(sent(new Uint8Array([1, 2])), 3)).toEqual({
      error: expect.stringMatching(/type byte 4/),
    });
  });

  it('reads base64 binary messages', () => {
    expect(parseEngineIoPacket(sent('b4AQID'), 3)).toEqual({ type: 'message', data: new Uint8Array([1, 2, 3]) });
    expect(parseEngineIoPacket(sent('bAQID'), 4)).toEqual({ type: 'message', data: new Uint8Array([1, 2, 3]) });
  });
});

describe('Socket.IO malformed input', () => {
  it.each([
    ['9', /type digit/],
    ['47', /type digit/],
    ['4x', /type digit/],
    ['42', /array starting with the event name/],
    ['42{"a":1}', /array starting with the event name/],
    ['42[{}]', /event name must be a string/],
    ['43{}', /must be an array/],
    ['42["a"', /not valid JSON/],
    ['45["a"]', /attachment count/],
    ['455000-["a"]', /more than/],
    ['41"bye"', /no payload/],
  ])('%s is refused with a reason', (text, reason) => {
    const [result] = decodeAll(socketIoDecoder, info(V4_URL), [sent(text)]);
    expect(errorOf(result)).toMatch(reason);
  });

  it('says a cut frame was cut rather than guessing', () => {
    const [result] = decodeAll(socketIoDecoder, info(V4_URL), [sent('42["chat","aaaa', { truncated: true })]);
    expect(errorOf(result)).toMatch(/recorder kept only the first 15 characters/);
  });

  it('forgets awaited attachments when a text packet comes instead', () => {
    const [, , stray] = decodeAll(socketIoDecoder, info(V4_URL), [
      sent('451-["f",{"_placeholder":true,"num":0}]'),
      sent('42["next"]'),
      sent(new Uint8Array([1])),
    ]);
    expect(errorOf(stray)).toMatch(/no Socket.IO binary event/);
  });

  it('survives hostile input', () => {
    expectSurvivesHostileInput(socketIoDecoder, info(V4_URL));
    expectSurvivesHostileInput(socketIoDecoder, info(V3_URL));
    expectSurvivesHostileInput(engineIoDecoder, info('wss://x/engine.io/?EIO=4'));
  });
});

describe('Socket.IO detection', () => {
  it('takes /socket.io/ URLs with EIO and the open packet', () => {
    expect(socketIoDecoder.detect(info(V4_URL), [])).toBe(BY_URL);
    expect(socketIoDecoder.detect(info('wss://x/ws'), [received('0{"sid":"abc","upgrades":[]}')])).toBe(BY_CONTENT);
    expect(socketIoDecoder.detect(info('wss://x/ws'), [received('{"sid":"abc"}')])).toBe(0);
    expect(socketIoDecoder.detect(info('wss://x/engine.io/?EIO=4'), [])).toBe(0);
    expect(engineIoDecoder.detect(info('wss://x/engine.io/?EIO=4'), [])).toBe(BY_URL);
  });

  it('shows a plain Engine.IO message as it is', () => {
    const [m] = decodeAll(engineIoDecoder, info('wss://x/engine.io/?EIO=4'), [received('4hello')]);
    expect(messagesOf(m)).toEqual([{ protocol: 'engine.io', kind: 'message', body: 'hello' }]);
  });
});
