import { describe, expect, it } from 'vitest';
import { encode } from '@msgpack/msgpack';
import { signalrMsgpackDecoder } from './signalr-msgpack';
import {
  bytes,
  decodeAll,
  errorOf,
  expectNeverThrows,
  info,
  messagesOf,
  onlyMessage,
  received,
  sent,
} from './binary-testing';
import type { DecodedMessage } from './types';

/** Messages as the SignalR clients frame them: a varint length, then the MessagePack array. */
function framed(...messages: unknown[][]): Uint8Array {
  const parts: number[] = [];
  for (const message of messages) {
    const body = encode(message);
    let length = body.length;
    while (length > 0x7f) {
      parts.push((length & 0x7f) | 0x80);
      length >>>= 7;
    }
    parts.push(length, ...body);
  }
  return new Uint8Array(parts);
}

const HANDSHAKE = '{"protocol":"messagepack","version":1}\u001e';
const handshakeReply = (...rest: number[]) => new Uint8Array([...new TextEncoder().encode('{}\u001e'), ...rest]);
const summary = (m: DecodedMessage) => [m.kind, m.name, m.id, m.pair?.key, m.pair?.role];

describe('signalr messagepack', () => {
  it('is detected by the handshake, and by URL when the hub URL carries the connection id', () => {
    expect(signalrMsgpackDecoder.detect(info(), [sent(HANDSHAKE)])).toBe(1);
    expect(signalrMsgpackDecoder.detect(info('', 'wss://x.test/chat?id=abc'), [sent(HANDSHAKE)])).toBe(2);
    expect(signalrMsgpackDecoder.detect(info(), [sent(new TextEncoder().encode(HANDSHAKE))])).toBe(1);
    expect(signalrMsgpackDecoder.detect(info(), [sent('{"protocol":"json","version":1}\u001e')])).toBe(0);
    expect(signalrMsgpackDecoder.detect(info(), [received(HANDSHAKE)])).toBe(0);
  });

  it('decodes a session: handshakes, invocations and completions, streams, ping, close', () => {
    const results = decodeAll(signalrMsgpackDecoder, info(), [
      sent(HANDSHAKE),
      // The server's handshake reply may share its frame with the first messages.
      received(handshakeReply(...framed([6]))),
      sent(framed([1, {}, '1', 'SendMessage', ['ann', 'hi']], [1, {}, null, 'Typing', []])),
      received(framed([1, {}, null, 'ReceiveMessage', ['ann', 'hi']], [3, {}, '1', 3, 42])),
      sent(framed([4, {}, '2', 'Counter', [3, 10]])),
      received(framed([2, {}, '2', 0], [2, {}, '2', 1], [3, {}, '2', 2])),
      sent(framed([1, {}, '3', 'Fail', []])),
      received(framed([3, { trace: 'x' }, '3', 1, 'boom'])),
      sent(framed([5, {}, '2'])),
      received(framed([7, 'server going away', true])),
    ]);
    expect(results.flatMap(messagesOf).map(summary)).toEqual([
      ['handshake', 'messagepack', undefined, 'signalr:handshake', 'request'],
      ['handshake', undefined, undefined, 'signalr:handshake', 'reply'],
      ['Ping', undefined, undefined, undefined, undefined],
      ['Invocation', 'SendMessage', '1', 'signalr:sent:1', 'request'],
      ['Invocation', 'Typing', undefined, undefined, undefined],
      ['Invocation', 'ReceiveMessage', undefined, undefined, undefined],
      ['Completion', 'SendMessage', '1', 'signalr:sent:1', 'reply'],
      ['StreamInvocation', 'Counter', '2', 'signalr:sent:2', 'stream-start'],
      ['StreamItem', 'Counter', '2', 'signalr:sent:2', 'stream-item'],
      ['StreamItem', 'Counter', '2', 'signalr:sent:2', 'stream-item'],
      ['Completion', 'Counter', '2', 'signalr:sent:2', 'reply'],
      ['Invocation', 'Fail', '3', 'signalr:sent:3', 'request'],
      ['Completion', 'Fail', '3', 'signalr:sent:3', 'reply'],
      ['CancelInvocation', undefined, '2', undefined, undefined],
      ['Close', undefined, undefined, undefined, undefined],
    ]);
    const all = results.flatMap(messagesOf);
    expect(all[2]!.control).toBe(true);
    expect(all[3]!.body).toEqual(['ann', 'hi']);
    expect(all[6]!.body).toEqual({ result: 42 });
    expect(all[10]!.body).toEqual({});
    expect(all[12]!.body).toEqual({ error: 'boom' });
    expect(all[14]!.body).toEqual({ error: 'server going away', allowReconnect: true });
  });

  it('pairs a server invocation with the client result, and names upload streams without pairing them', () => {
    const results = decodeAll(signalrMsgpackDecoder, info(), [
      sent(HANDSHAKE),
      received(handshakeReply()),
      received(framed([1, {}, '7', 'GetClientTime', []])),
      sent(framed([3, {}, '7', 3, 'now'])),
      sent(framed([1, {}, '8', 'Upload', [], ['s1']])),
      sent(framed([2, {}, 's1', 'chunk'], [3, {}, 's1', 2])),
      sent(framed([8, 4], [9, 5])),
    ]);
    const all = results.flatMap(messagesOf);
    expect(all.slice(2).map(summary)).toEqual([
      ['Invocation', 'GetClientTime', '7', 'signalr:received:7', 'request'],
      ['Completion', 'GetClientTime', '7', 'signalr:received:7', 'reply'],
      ['Invocation', 'Upload', '8', 'signalr:sent:8', 'request'],
      ['StreamItem', 'Upload', 's1', undefined, undefined],
      ['Completion', 'Upload', 's1', undefined, undefined],
      ['Ack', undefined, undefined, undefined, undefined],
      ['Sequence', undefined, undefined, undefined, undefined],
    ]);
    expect(all[7]).toMatchObject({ control: true, body: { sequenceId: 4 } });
  });

  it('reads a message longer than 127 bytes (a two-byte length prefix)', () => {
    const text = 'x'.repeat(300);
    const [, m] = decodeAll(signalrMsgpackDecoder, info(), [
      sent(HANDSHAKE),
      received(framed([1, {}, null, 'Big', [text]])),
    ]);
    expect(onlyMessage(m).body).toEqual([text]);
  });

  it('says why a frame cannot be read', () => {
    const after = (frame: Uint8Array | string) =>
      decodeAll(signalrMsgpackDecoder, info(), [sent(HANDSHAKE), sent(frame)])[1];
    expect(errorOf(after(bytes(0x05, 0x91)))).toMatch(/a message of 5 bytes at byte 1 runs past the frame's end/);
    expect(errorOf(after(bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0x01)))).toMatch(/longer than 5 bytes/);
    expect(errorOf(after(bytes(0x80)))).toMatch(/ends inside a length prefix/);
    expect(errorOf(after(framed([42])))).toMatch(/message 1 of the frame: 42 is not a SignalR message type/);
    expect(errorOf(after(framed([6], ['x'] as unknown[])))).toMatch(/message 2 of the frame: "x" is not/);
    expect(errorOf(after(bytes(0x02, 0x01, 0x02)))).toMatch(/not MessagePack: Extra/);
    expect(errorOf(after('[1,2]'))).toMatch(/binary frames/);
    expect(errorOf(after(bytes()))).toMatch(/empty frame/);
    const cut = decodeAll(signalrMsgpackDecoder, info(), [sent(HANDSHAKE, { truncated: true })]);
    expect(errorOf(cut[0])).toMatch(/kept only/);
    expectNeverThrows(signalrMsgpackDecoder, info(), [framed([1, {}, '1', 'x', []]), handshakeReply(0x7f)]);
  });
});
