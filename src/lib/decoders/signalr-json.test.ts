import { describe, expect, it } from 'vitest';
import { signalrJsonDecoder } from './signalr-json';
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

// Frames as @microsoft/signalr and ASP.NET Core write them (HubProtocol.md in dotnet/aspnetcore).
const RS = '\u001e';
const URL = 'wss://app.example/chathub?id=Jqwbpb0T3Nw6hXnO5EkVRA';
const HANDSHAKE = `{"protocol":"json","version":1}${RS}`;

describe('SignalR JSON hub protocol', () => {
  it('pairs the handshake, then an invocation with its completion', () => {
    const [hs, hsReply, invoke, done, ping] = decodeAll(signalrJsonDecoder, info(URL), [
      sent(HANDSHAKE),
      received(`{}${RS}`),
      sent(`{"type":1,"invocationId":"0","target":"SendMessage","arguments":["ann","hello"]}${RS}`),
      received(`{"type":3,"invocationId":"0","result":42}${RS}`),
      received(`{"type":6}${RS}`),
    ]);
    expect(onlyMessage(hs)).toEqual({
      protocol: 'signalr',
      kind: 'handshake',
      name: 'json',
      body: { protocol: 'json', version: 1 },
      pair: { key: 'signalr:handshake', role: 'request' },
    });
    expect(onlyMessage(hsReply)).toMatchObject({ kind: 'handshake', body: {}, pair: { role: 'reply' } });
    expect(onlyMessage(invoke)).toEqual({
      protocol: 'signalr',
      kind: 'Invocation',
      name: 'SendMessage',
      id: '0',
      body: ['ann', 'hello'],
      pair: { key: 'signalr:sent:0', role: 'request' },
    });
    expect(onlyMessage(done)).toEqual({
      protocol: 'signalr',
      kind: 'Completion',
      name: 'SendMessage',
      id: '0',
      body: { result: 42 },
      pair: { key: 'signalr:sent:0', role: 'reply' },
    });
    expect(onlyMessage(ping)).toEqual({ protocol: 'signalr', kind: 'Ping', control: true });
  });

  it('reads the handshake reply and the first messages from one frame', () => {
    const [, frame] = decodeAll(signalrJsonDecoder, info(URL), [
      sent(HANDSHAKE),
      received(`{}${RS}{"type":1,"target":"ReceiveMessage","arguments":["bob","hi"]}${RS}{"type":6}${RS}`),
    ]);
    expect(messagesOf(frame).map((m) => [m.kind, m.name, m.pair?.role])).toEqual([
      ['handshake', undefined, 'reply'],
      ['Invocation', 'ReceiveMessage', undefined],
      ['Ping', undefined, undefined],
    ]);
  });

  it('follows a server-to-client stream and its cancel', () => {
    const [, , start, item, cancel, end] = decodeAll(signalrJsonDecoder, info(URL), [
      sent(HANDSHAKE),
      received(`{}${RS}`),
      sent(`{"type":4,"invocationId":"1","target":"Counter","arguments":[10,500]}${RS}`),
      received(`{"type":2,"invocationId":"1","item":0}${RS}`),
      sent(`{"type":5,"invocationId":"1"}${RS}`),
      received(`{"type":3,"invocationId":"1"}${RS}`),
    ]);
    expect(onlyMessage(start)).toMatchObject({
      kind: 'StreamInvocation',
      name: 'Counter',
      pair: { key: 'signalr:sent:1', role: 'stream-start' },
    });
    expect(onlyMessage(item)).toMatchObject({
      kind: 'StreamItem',
      name: 'Counter',
      body: 0,
      pair: { key: 'signalr:sent:1', role: 'stream-item' },
    });
    expect(onlyMessage(cancel)).toEqual({ protocol: 'signalr', kind: 'CancelInvocation', name: 'Counter', id: '1' });
    expect(onlyMessage(end)).toMatchObject({ kind: 'Completion', pair: { key: 'signalr:sent:1', role: 'reply' } });
  });

  it('names a client upload stream after its invocation without pairing it', () => {
    const [, , invoke, item, end] = decodeAll(signalrJsonDecoder, info(URL), [
      sent(HANDSHAKE),
      received(`{}${RS}`),
      sent(`{"type":1,"invocationId":"2","target":"UploadStream","arguments":[],"streamIds":["s1"]}${RS}`),
      sent(`{"type":2,"invocationId":"s1","item":"chunk"}${RS}`),
      sent(`{"type":3,"invocationId":"s1"}${RS}`),
    ]);
    expect(onlyMessage(invoke).pair).toEqual({ key: 'signalr:sent:2', role: 'request' });
    expect(onlyMessage(item)).toEqual({
      protocol: 'signalr',
      kind: 'StreamItem',
      name: 'UploadStream',
      id: 's1',
      body: 'chunk',
    });
    expect(onlyMessage(end).pair).toBeUndefined();
  });

  it('pairs a server invocation with the client result (client results)', () => {
    const [, , ask, answer] = decodeAll(signalrJsonDecoder, info(URL), [
      sent(HANDSHAKE),
      received(`{}${RS}`),
      received(`{"type":1,"invocationId":"7","target":"GetName","arguments":[]}${RS}`),
      sent(`{"type":3,"invocationId":"7","result":"ann"}${RS}`),
    ]);
    expect(onlyMessage(ask).pair).toEqual({ key: 'signalr:received:7', role: 'request' });
    expect(onlyMessage(answer)).toMatchObject({ name: 'GetName', pair: { key: 'signalr:received:7', role: 'reply' } });
  });

  it('shows a handshake error and a close', () => {
    const [, refused, close] = decodeAll(signalrJsonDecoder, info(URL), [
      sent(HANDSHAKE),
      received(`{"error":"Requested protocol 'json' is not available."}${RS}`),
      received(`{"type":7,"error":"Server shutting down","allowReconnect":true}${RS}`),
    ]);
    expect(onlyMessage(refused)).toMatchObject({
      kind: 'handshake',
      body: { error: expect.stringMatching(/not available/) },
    });
    expect(onlyMessage(close)).toMatchObject({
      kind: 'Close',
      body: { error: 'Server shutting down', allowReconnect: true },
    });
  });

  it('puts a record split over frames back together', () => {
    const record = `{"type":1,"target":"Big","arguments":["${'x'.repeat(50)}"]}${RS}`;
    const [, , part, rest] = decodeAll(signalrJsonDecoder, info(URL), [
      sent(HANDSHAKE),
      received(`{}${RS}`),
      received(record.slice(0, 20)),
      received(record.slice(20)),
    ]);
    expect(part).toEqual({ pending: expect.stringMatching(/continues/) });
    expect(onlyMessage(rest).name).toBe('Big');
  });

  it('leaves a MessagePack connection to the MessagePack decoder', () => {
    const [hs, reply, binary] = decodeAll(signalrJsonDecoder, info(URL), [
      sent(`{"protocol":"messagepack","version":1}${RS}`),
      received(`{}${RS}`),
      received(new Uint8Array([0x05, 0x94, 0x06, 0x80])),
    ]);
    expect(onlyMessage(hs).name).toBe('messagepack');
    expect(onlyMessage(reply).kind).toBe('handshake');
    expect(errorOf(binary)).toMatch(/messagepack hub protocol, not JSON/);
    expect(signalrJsonDecoder.detect(info(URL), [sent(`{"protocol":"messagepack","version":1}${RS}`)])).toBe(0);
  });

  it.each([
    [`{"type":99}${RS}`, /99 is not a SignalR message type/],
    [`{"type":"1"}${RS}`, /"1" is not a SignalR message type/],
    [`[1]${RS}`, /JSON object/],
    [`{"type":6}${RS}{"type":${RS}`, /record 2 of 2: not valid JSON/],
  ])('refuses %j with a reason', (text, reason) => {
    const [, , r] = decodeAll(signalrJsonDecoder, info(URL), [sent(HANDSHAKE), received(`{}${RS}`), received(text)]);
    expect(errorOf(r)).toMatch(reason);
  });

  it('survives hostile input', () => {
    expectSurvivesHostileInput(signalrJsonDecoder, info(URL));
  });
});

describe('SignalR JSON detection', () => {
  it('needs the JSON handshake; the hub URL with its id makes it surer', () => {
    expect(signalrJsonDecoder.detect(info(URL), [sent(HANDSHAKE)])).toBe(BY_URL);
    expect(signalrJsonDecoder.detect(info('wss://app.example/chathub'), [sent(HANDSHAKE)])).toBe(BY_CONTENT);
    expect(signalrJsonDecoder.detect(info(URL), [])).toBe(0);
    expect(signalrJsonDecoder.detect(info(URL), [sent('{"protocol":"json"}')])).toBe(0);
  });
});
