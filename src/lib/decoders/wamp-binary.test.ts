import { describe, expect, it } from 'vitest';
import { encode as msgpack } from '@msgpack/msgpack';
import { encode as cbor } from 'cborg';
import { createWampBinaryDecoders, type WampArrayDecoder } from './wamp-binary';
import { decodeAll, errorOf, expectNeverThrows, info, messagesOf, onlyMessage, received, sent } from './binary-testing';

/** A stand-in for wamp-messages.ts: names the code, counts messages per connection. */
function fakeWamp(): WampArrayDecoder {
  let count = 0;
  return (array, dir) => {
    if (typeof array[0] !== 'number') return { error: 'no code' };
    return { protocol: 'wamp', kind: `code ${array[0]}`, id: String(++count), body: { dir, rest: array.slice(1) } };
  };
}

const { msgpack: wampMsgpack, cbor: wampCbor } = createWampBinaryDecoders(fakeWamp);

const HELLO = [1, 'realm1', { roles: { caller: {} } }];
const CALL = [48, 2n ** 53n - 1n, {}, 'com.add', [1, 2]];

function batch(...messages: Uint8Array[]): Uint8Array {
  const out: number[] = [];
  for (const m of messages) out.push(...[24, 16, 8, 0].map((shift) => (m.length >>> shift) & 0xff), ...m);
  return new Uint8Array(out);
}

describe('wamp over msgpack and cbor', () => {
  it('is chosen by its subprotocol only', () => {
    expect(wampMsgpack.detect(info('wamp.2.msgpack'), [])).toBe(3);
    expect(wampMsgpack.detect(info('wamp.2.msgpack.batched'), [])).toBe(3);
    expect(wampMsgpack.detect(info('wamp.2.cbor'), [])).toBe(0);
    expect(wampCbor.detect(info('wamp.2.cbor'), [])).toBe(3);
    expect(wampCbor.detect(info(''), [sent(cbor(HELLO))])).toBe(0);
    expect(wampMsgpack.label).toBe('WAMP (MessagePack)');
  });

  it('hands each decoded array to a message decoder made once per connection', () => {
    const results = decodeAll(wampMsgpack, info('wamp.2.msgpack'), [
      sent(msgpack(HELLO)),
      sent(msgpack(CALL, { useBigInt64: true })),
    ]);
    expect(onlyMessage(results[0])).toEqual({
      protocol: 'wamp',
      kind: 'code 1',
      id: '1',
      body: { dir: 'sent', rest: ['realm1', { roles: { caller: {} } }] },
    });
    // A 64-bit id arrives as a bigint and is handed over as an exact number.
    expect(onlyMessage(results[1])).toMatchObject({
      id: '2',
      body: { rest: [9007199254740991, {}, 'com.add', [1, 2]] },
    });
    const again = decodeAll(wampMsgpack, info('wamp.2.msgpack'), [received(msgpack([2, 1, {}]))]);
    expect(onlyMessage(again[0])).toMatchObject({ id: '1', body: { dir: 'received' } });
    const viaCbor = decodeAll(wampCbor, info('wamp.2.cbor'), [received(cbor([50, 7, {}, [3]]))]);
    expect(onlyMessage(viaCbor[0])).toMatchObject({ kind: 'code 50', body: { rest: [7, {}, [3]] } });
  });

  it('reads batched frames: messages after 4-byte lengths', () => {
    const frame = batch(cbor([36, 1, 2, {}]), cbor([36, 1, 3, {}]));
    const [result] = decodeAll(wampCbor, info('wamp.2.cbor.batched'), [received(frame)]);
    expect(messagesOf(result).map((m) => m.id)).toEqual(['1', '2']);
    const cut = decodeAll(wampCbor, info('wamp.2.cbor.batched'), [received(frame.subarray(0, frame.length - 1))]);
    expect(errorOf(cut[0])).toMatch(/message 2 of 6 bytes runs past the frame's end/);
    expect(errorOf(decodeAll(wampCbor, info('wamp.2.cbor.batched'), [received(new Uint8Array([0, 0]))])[0])).toMatch(
      /inside a length/,
    );
  });

  it('says why a frame is not a WAMP message', () => {
    const one = (data: Uint8Array | string, protocol = 'wamp.2.msgpack') =>
      decodeAll(protocol.includes('cbor') ? wampCbor : wampMsgpack, info(protocol), [received(data)])[0];
    expect(errorOf(one(msgpack({ a: 1 })))).toBe('a WAMP message is an array [code, …]');
    expect(errorOf(one(msgpack(['x'])))).toBe('no code');
    expect(errorOf(one(new Uint8Array([0x92, 0x01])))).toMatch(/^not MessagePack/);
    expect(errorOf(one(new Uint8Array([0x82, 0x01]), 'wamp.2.cbor'))).toMatch(/^not CBOR/);
    expect(errorOf(one('[1,"realm1",{}]'))).toMatch(/text frame/);
    expect(errorOf(one(msgpack(HELLO).subarray(0, 4), 'wamp.2.msgpack'))).toMatch(/^not MessagePack/);
    expectNeverThrows(wampMsgpack, info('wamp.2.msgpack'));
    expectNeverThrows(wampCbor, info('wamp.2.cbor.batched'));
  });
});
