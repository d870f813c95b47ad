import { describe, expect, it } from 'vitest';
import { jsonRpcDecoder } from './json-rpc';
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

const URL = 'wss://node.example/rpc';

describe('JSON-RPC 2.0', () => {
  it('pairs a request with its result and names the result after the method', () => {
    const [req, res] = decodeAll(jsonRpcDecoder, info(URL), [
      sent('{"jsonrpc":"2.0","method":"eth_blockNumber","params":[],"id":1}'),
      received('{"jsonrpc":"2.0","id":1,"result":"0x10d4f"}'),
    ]);
    expect(onlyMessage(req)).toEqual({
      protocol: 'json-rpc',
      kind: 'request',
      name: 'eth_blockNumber',
      id: '1',
      body: [],
      pair: { key: 'rpc:sent:1', role: 'request' },
    });
    expect(onlyMessage(res)).toEqual({
      protocol: 'json-rpc',
      kind: 'result',
      name: 'eth_blockNumber',
      id: '1',
      body: '0x10d4f',
      pair: { key: 'rpc:sent:1', role: 'reply' },
    });
  });

  it('shows notifications and errors', () => {
    const [note, req, err, parseError] = decodeAll(jsonRpcDecoder, info(URL), [
      received('{"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"0x9","result":{}}}'),
      sent('{"jsonrpc":"2.0","method":"nope","id":"abc"}'),
      received('{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":"abc"}'),
      received('{"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error"},"id":null}'),
    ]);
    expect(onlyMessage(note)).toEqual({
      protocol: 'json-rpc',
      kind: 'notification',
      name: 'eth_subscription',
      body: { subscription: '0x9', result: {} },
    });
    expect(onlyMessage(req).pair).toEqual({ key: 'rpc:sent:abc', role: 'request' });
    expect(onlyMessage(err)).toMatchObject({
      kind: 'error',
      name: 'nope',
      body: { code: -32601 },
      pair: { key: 'rpc:sent:abc', role: 'reply' },
    });
    expect(onlyMessage(parseError)).toEqual({
      protocol: 'json-rpc',
      kind: 'error',
      body: { code: -32700, message: 'Parse error' },
    });
  });

  it('reads batches as several messages and pairs each', () => {
    const [batch, replies] = decodeAll(jsonRpcDecoder, info(URL), [
      sent(
        '[{"jsonrpc":"2.0","method":"sum","params":[1,2],"id":"1"},{"jsonrpc":"2.0","method":"notify_hello","params":[7]}]',
      ),
      received('[{"jsonrpc":"2.0","result":3,"id":"1"}]'),
    ]);
    expect(messagesOf(batch).map((m) => [m.kind, m.name, m.pair?.role])).toEqual([
      ['request', 'sum', 'request'],
      ['notification', 'notify_hello', undefined],
    ]);
    expect(onlyMessage(replies)).toMatchObject({ kind: 'result', name: 'sum', body: 3 });
  });

  it('keeps requests of both sides apart', () => {
    const [fromClient, fromServer, answerToServer] = decodeAll(jsonRpcDecoder, info(URL), [
      sent('{"jsonrpc":"2.0","method":"a","id":1}'),
      received('{"jsonrpc":"2.0","method":"b","id":1}'),
      sent('{"jsonrpc":"2.0","result":null,"id":1}'),
    ]);
    expect(onlyMessage(fromClient).pair?.key).toBe('rpc:sent:1');
    expect(onlyMessage(fromServer).pair?.key).toBe('rpc:received:1');
    expect(onlyMessage(answerToServer)).toMatchObject({ name: 'b', body: null, pair: { key: 'rpc:received:1' } });
  });

  it.each([
    ['[]', /empty JSON-RPC batch/],
    ['{"jsonrpc":"1.0","method":"a"}', /not "2.0"/],
    ['{"jsonrpc":"2.0","id":1}', /neither a request/],
    ['[{"jsonrpc":"2.0","method":"a"},3]', /batch element 2 of 2: .* JSON object/],
    ['hello', /JSON object or a batch/],
    ['{"method":', /not valid JSON/],
  ])('refuses %s with a reason', (text, reason) => {
    const [r] = decodeAll(jsonRpcDecoder, info(URL), [sent(text)]);
    expect(errorOf(r)).toMatch(reason);
  });

  it('forgets the oldest requests past its bound instead of growing', () => {
    const decoder = jsonRpcDecoder.create(info(URL));
    for (let id = 0; id <= 10_000; id++) decoder.decode(sent(`{"jsonrpc":"2.0","method":"m${id}","id":${id}}`));
    expect(onlyMessage(decoder.decode(received('{"jsonrpc":"2.0","result":1,"id":0}'))).name).toBeUndefined();
    expect(onlyMessage(decoder.decode(received('{"jsonrpc":"2.0","result":1,"id":10000}'))).name).toBe('m10000');
  });

  it('survives hostile input', () => {
    expectSurvivesHostileInput(jsonRpcDecoder, info(URL));
  });
});

describe('JSON-RPC detection', () => {
  it('needs "jsonrpc":"2.0" or a JSON-RPC subprotocol', () => {
    expect(jsonRpcDecoder.detect(info(URL, 'jsonrpc'), [])).toBe(BY_SUBPROTOCOL);
    expect(jsonRpcDecoder.detect(info(URL), [sent('{"jsonrpc": "2.0", "method":"x","id":1}')])).toBe(BY_CONTENT);
    expect(jsonRpcDecoder.detect(info(URL), [sent('{"method":"chat","id":1,"params":["hi"]}')])).toBe(0);
    expect(jsonRpcDecoder.detect(info(URL), [sent('say "jsonrpc":"2.0"')])).toBe(0);
  });
});
