import { describe, expect, it } from 'vitest';
import {
  GRAPHQL_TRANSPORT_WS_PROTOCOL,
  DEPRECATED_GRAPHQL_WS_PROTOCOL,
  MessageType,
  stringifyMessage,
} from 'graphql-ws';
import { graphqlWsDecoder, subscriptionsTransportWsDecoder } from './graphql-ws';
import { firstSelectedField } from './graphql-query';
import { BY_CONTENT, BY_SUBPROTOCOL } from './types';
import { decodeAll, errorOf, expectSurvivesHostileInput, info, onlyMessage, received, sent } from './text-testing';

const URL = 'wss://api.example/graphql';

describe('graphql-ws (graphql-transport-ws)', () => {
  const connection = info(URL, GRAPHQL_TRANSPORT_WS_PROTOCOL, [GRAPHQL_TRANSPORT_WS_PROTOCOL]);

  it('follows a subscription from subscribe through next to complete', () => {
    const frames = [
      sent(stringifyMessage({ type: MessageType.ConnectionInit, payload: { token: 'x' } })),
      received(stringifyMessage({ type: MessageType.ConnectionAck })),
      sent(
        stringifyMessage({
          id: 'a1',
          type: MessageType.Subscribe,
          payload: {
            query: 'subscription OnMessage($room: ID!) { messageAdded(room: $room) { text } }',
            variables: { room: 1 },
          },
        }),
      ),
      received(
        stringifyMessage({ id: 'a1', type: MessageType.Next, payload: { data: { messageAdded: { text: 'hi' } } } }),
      ),
      received(stringifyMessage({ id: 'a1', type: MessageType.Complete })),
      received(stringifyMessage({ type: MessageType.Ping })),
      sent(stringifyMessage({ type: MessageType.Pong })),
    ];
    const [init, ack, subscribe, next, complete, ping, pong] = decodeAll(graphqlWsDecoder, connection, frames);
    expect(onlyMessage(init)).toEqual({
      protocol: 'graphql-ws',
      kind: 'connection_init',
      body: { token: 'x' },
      pair: { key: 'gql:connection', role: 'request' },
    });
    expect(onlyMessage(ack)).toMatchObject({ kind: 'connection_ack', pair: { key: 'gql:connection', role: 'reply' } });
    expect(onlyMessage(subscribe)).toMatchObject({
      kind: 'subscribe',
      name: 'messageAdded',
      id: 'a1',
      pair: { key: 'gql:a1', role: 'stream-start' },
    });
    expect(onlyMessage(next)).toEqual({
      protocol: 'graphql-ws',
      kind: 'next',
      name: 'messageAdded',
      id: 'a1',
      body: { data: { messageAdded: { text: 'hi' } } },
      pair: { key: 'gql:a1', role: 'stream-item' },
    });
    expect(onlyMessage(complete)).toMatchObject({
      kind: 'complete',
      name: 'messageAdded',
      pair: { key: 'gql:a1', role: 'reply' },
    });
    expect(onlyMessage(ping)).toEqual({ protocol: 'graphql-ws', kind: 'ping', control: true });
    expect(onlyMessage(pong)).toEqual({ protocol: 'graphql-ws', kind: 'pong', control: true });
  });

  it('names an operation without operationName by its first field and ends it with error', () => {
    const [s, e] = decodeAll(graphqlWsDecoder, connection, [
      sent('{"id":"2","type":"subscribe","payload":{"query":"{ hello }"}}'),
      received('{"id":"2","type":"error","payload":[{"message":"boom"}]}'),
    ]);
    expect(onlyMessage(s).name).toBe('hello');
    expect(onlyMessage(e)).toMatchObject({
      kind: 'error',
      name: 'hello',
      body: [{ message: 'boom' }],
      pair: { key: 'gql:2', role: 'reply' },
    });
  });

  it('refuses the legacy types and malformed messages with a reason', () => {
    const results = decodeAll(graphqlWsDecoder, connection, [
      sent('{"id":"1","type":"start","payload":{}}'),
      sent('{"id":"1"}'),
      sent('[1]'),
      sent('{"type":'),
      sent('{"type":"subscribe"', { truncated: true }),
    ]);
    expect(errorOf(results[0])).toMatch(/"start" is not a graphql-ws message type/);
    expect(errorOf(results[1])).toMatch(/no "type"/);
    expect(errorOf(results[2])).toMatch(/JSON object/);
    expect(errorOf(results[3])).toMatch(/not valid JSON/);
    expect(errorOf(results[4])).toMatch(/recorder kept only/);
  });

  it('does not take inherited property names for message types', () => {
    const [r] = decodeAll(graphqlWsDecoder, connection, [sent('{"type":"constructor"}')]);
    expect(errorOf(r)).toMatch(/not a graphql-ws message type/);
  });

  it('survives hostile input', () => {
    expectSurvivesHostileInput(graphqlWsDecoder, connection);
    expectSurvivesHostileInput(subscriptionsTransportWsDecoder, connection);
  });
});

describe('subscriptions-transport-ws (legacy subprotocol graphql-ws)', () => {
  const connection = info(URL, DEPRECATED_GRAPHQL_WS_PROTOCOL, [DEPRECATED_GRAPHQL_WS_PROTOCOL]);

  it('follows start, data, ka and stop', () => {
    const [init, ack, ka, start, data, stop, terminate] = decodeAll(subscriptionsTransportWsDecoder, connection, [
      sent('{"type":"connection_init","payload":{}}'),
      received('{"type":"connection_ack"}'),
      received('{"type":"ka"}'),
      sent(
        '{"id":"1","type":"start","payload":{"query":"subscription {\\n  priceChanged { value }\\n}","variables":{}}}',
      ),
      received('{"id":"1","type":"data","payload":{"data":{"priceChanged":{"value":3}}}}'),
      sent('{"id":"1","type":"stop"}'),
      sent('{"type":"connection_terminate"}'),
    ]);
    expect(onlyMessage(init)).toMatchObject({ protocol: 'subscriptions-transport-ws', pair: { role: 'request' } });
    expect(onlyMessage(ack)).toMatchObject({ pair: { key: 'gql:connection', role: 'reply' } });
    expect(onlyMessage(ka)).toEqual({ protocol: 'subscriptions-transport-ws', kind: 'ka', control: true });
    expect(onlyMessage(start)).toMatchObject({
      kind: 'start',
      name: 'priceChanged',
      pair: { key: 'gql:1', role: 'stream-start' },
    });
    expect(onlyMessage(data)).toMatchObject({
      kind: 'data',
      name: 'priceChanged',
      pair: { key: 'gql:1', role: 'stream-item' },
    });
    expect(onlyMessage(stop)).toMatchObject({ kind: 'stop', pair: { key: 'gql:1', role: 'reply' } });
    expect(onlyMessage(terminate)).toEqual({ protocol: 'subscriptions-transport-ws', kind: 'connection_terminate' });
  });

  it('pairs a connection error with the init', () => {
    const [, err] = decodeAll(subscriptionsTransportWsDecoder, connection, [
      sent('{"type":"connection_init"}'),
      received('{"type":"connection_error","payload":{"message":"no"}}'),
    ]);
    expect(onlyMessage(err)).toMatchObject({
      kind: 'connection_error',
      body: { message: 'no' },
      pair: { role: 'reply' },
    });
  });
});

describe('GraphQL detection', () => {
  it('tells the generations apart by subprotocol, whose names clash', () => {
    const current = info(URL, 'graphql-transport-ws');
    const legacy = info(URL, 'graphql-ws');
    expect(graphqlWsDecoder.detect(current, [])).toBe(BY_SUBPROTOCOL);
    expect(subscriptionsTransportWsDecoder.detect(current, [])).toBe(0);
    expect(subscriptionsTransportWsDecoder.detect(legacy, [])).toBe(BY_SUBPROTOCOL);
    expect(graphqlWsDecoder.detect(legacy, [])).toBe(0);
  });

  it('tells them apart by content when no subprotocol was chosen', () => {
    const init = sent('{"type":"connection_init"}');
    const start = sent('{"id":"1","type":"start","payload":{}}');
    expect(graphqlWsDecoder.detect(info(URL), [init])).toBe(BY_CONTENT);
    expect(subscriptionsTransportWsDecoder.detect(info(URL), [init])).toBe(0);
    expect(subscriptionsTransportWsDecoder.detect(info(URL), [init, start])).toBe(BY_CONTENT);
    expect(graphqlWsDecoder.detect(info(URL), [init, start])).toBe(0);
    expect(graphqlWsDecoder.detect(info(URL), [sent('{"type":"chat","text":"hi"}')])).toBe(0);
  });
});

describe('first selected field', () => {
  it.each([
    ['{ hello }', 'hello'],
    ['query { user(id: 1) { name } }', 'user'],
    ['query Named($a: String = "{ not this }") @live { me { id } }', 'me'],
    ['# comment {\nmutation { addTodo(text: "x") { id } }', 'addTodo'],
    ['fragment F on User { id } query Q { viewer { ...F } }', 'viewer'],
    ['subscription { latest: messageAdded { text } }', 'messageAdded'],
    ['{ ...Spread }', undefined],
    ['type Query { a: Int }', undefined],
    ['query (', undefined],
    ['', undefined],
    ['{'.repeat(100_000), undefined],
  ])('%s → %s', (query, field) => {
    expect(firstSelectedField(query)).toBe(field);
  });
});
