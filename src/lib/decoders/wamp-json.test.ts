import { describe, expect, it } from 'vitest';
import { wampJsonDecoder } from './wamp-json';
import { WampState, decodeWampMessage } from './wamp-messages';
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

// Messages as the WAMP spec (wamp-proto.org) and autobahn-js write them.
const URL = 'wss://router.example/ws';
const CONNECTION = info(URL, 'wamp.2.json', ['wamp.2.json', 'wamp.2.msgpack']);

describe('WAMP JSON', () => {
  it('pairs the session, a call and its result, named by realm and procedure', () => {
    const [hello, welcome, call, result, error] = decodeAll(wampJsonDecoder, CONNECTION, [
      sent('[1,"realm1",{"roles":{"caller":{},"subscriber":{}}}]'),
      received('[2,9129137332,{"roles":{"broker":{},"dealer":{}}}]'),
      sent('[48,7814135,{},"com.myapp.add2",[23,7]]'),
      received('[50,7814135,{},[30]]'),
      received('[8,48,7814136,{},"wamp.error.no_such_procedure"]'),
    ]);
    expect(onlyMessage(hello)).toMatchObject({
      kind: 'HELLO',
      name: 'realm1',
      pair: { key: 'wamp:session', role: 'request' },
    });
    expect(onlyMessage(welcome)).toMatchObject({
      kind: 'WELCOME',
      name: 'realm1',
      pair: { key: 'wamp:session', role: 'reply' },
    });
    expect(onlyMessage(call)).toEqual({
      protocol: 'wamp',
      kind: 'CALL',
      name: 'com.myapp.add2',
      id: '7814135',
      body: { request: 7814135, options: {}, procedure: 'com.myapp.add2', args: [23, 7] },
      pair: { key: 'wamp:sent:7814135', role: 'request' },
    });
    expect(onlyMessage(result)).toEqual({
      protocol: 'wamp',
      kind: 'RESULT',
      name: 'com.myapp.add2',
      id: '7814135',
      body: { request: 7814135, details: {}, args: [30] },
      pair: { key: 'wamp:sent:7814135', role: 'reply' },
    });
    expect(onlyMessage(error)).toMatchObject({ kind: 'ERROR', body: { error: 'wamp.error.no_such_procedure' } });
  });

  it('names events by the topic their subscription was made for', () => {
    const [sub, subscribed, event, unsub, unsubscribed] = decodeAll(wampJsonDecoder, CONNECTION, [
      sent('[32,713845233,{},"com.myapp.mytopic1"]'),
      received('[33,713845233,5512315355]'),
      received('[36,5512315355,4429313566,{},["Hello, world!"]]'),
      sent('[34,85346237,5512315355]'),
      received('[35,85346237]'),
    ]);
    expect(onlyMessage(sub).pair).toEqual({ key: 'wamp:sent:713845233', role: 'request' });
    expect(onlyMessage(subscribed)).toMatchObject({
      name: 'com.myapp.mytopic1',
      pair: { key: 'wamp:sent:713845233', role: 'reply' },
    });
    expect(onlyMessage(event)).toEqual({
      protocol: 'wamp',
      kind: 'EVENT',
      name: 'com.myapp.mytopic1',
      body: { subscription: 5512315355, publication: 4429313566, details: {}, args: ['Hello, world!'] },
    });
    expect(onlyMessage(unsub)).toMatchObject({ name: 'com.myapp.mytopic1', pair: { role: 'request' } });
    expect(onlyMessage(unsubscribed)).toMatchObject({
      name: 'com.myapp.mytopic1',
      pair: { key: 'wamp:sent:85346237', role: 'reply' },
    });
  });

  it('pairs a publish only when it asks for acknowledgement', () => {
    const [quiet, acked, published] = decodeAll(wampJsonDecoder, CONNECTION, [
      sent('[16,239714735,{},"com.myapp.mytopic1",["Hello"]]'),
      sent('[16,239714736,{"acknowledge":true},"com.myapp.mytopic1"]'),
      received('[17,239714736,4429313566]'),
    ]);
    expect(onlyMessage(quiet).pair).toBeUndefined();
    expect(onlyMessage(acked).pair).toEqual({ key: 'wamp:sent:239714736', role: 'request' });
    expect(onlyMessage(published)).toMatchObject({ name: 'com.myapp.mytopic1', pair: { role: 'reply' } });
  });

  it('follows a callee: register, invocation named by registration, yield', () => {
    const [, , invocation, yielded] = decodeAll(wampJsonDecoder, CONNECTION, [
      sent('[64,25349185,{},"com.myapp.myprocedure1"]'),
      received('[65,25349185,2103333224]'),
      received('[68,6131533,2103333224,{},["Hello"]]'),
      sent('[70,6131533,{},["Hi"]]'),
    ]);
    expect(onlyMessage(invocation)).toMatchObject({
      name: 'com.myapp.myprocedure1',
      pair: { key: 'wamp:received:6131533', role: 'request' },
    });
    expect(onlyMessage(yielded)).toMatchObject({
      kind: 'YIELD',
      name: 'com.myapp.myprocedure1',
      pair: { key: 'wamp:received:6131533', role: 'reply' },
    });
  });

  it('treats progressive results as a stream', () => {
    const [call, progress, final] = decodeAll(wampJsonDecoder, CONNECTION, [
      sent('[48,1,{"receive_progress":true},"com.myapp.compute"]'),
      received('[50,1,{"progress":true},[10]]'),
      received('[50,1,{},[100]]'),
    ]);
    expect(onlyMessage(call).pair?.role).toBe('stream-start');
    expect(onlyMessage(progress).pair).toEqual({ key: 'wamp:sent:1', role: 'stream-item' });
    expect(onlyMessage(final).pair).toEqual({ key: 'wamp:sent:1', role: 'reply' });
  });

  it('pairs the two GOODBYEs', () => {
    const [bye, byeBack] = decodeAll(wampJsonDecoder, CONNECTION, [
      sent('[6,{"message":"The host is shutting down now."},"wamp.close.system_shutdown"]'),
      received('[6,{},"wamp.close.goodbye_and_out"]'),
    ]);
    expect(onlyMessage(bye).pair).toEqual({ key: 'wamp:goodbye', role: 'request' });
    expect(onlyMessage(byeBack).pair).toEqual({ key: 'wamp:goodbye', role: 'reply' });
  });

  it('reads batched frames', () => {
    const [r] = decodeAll(wampJsonDecoder, info(URL, 'wamp.2.json.batched'), [
      received('[36,1,2,{}]\u0018[36,1,3,{}]\u0018'),
    ]);
    expect(messagesOf(r).map((m) => m.kind)).toEqual(['EVENT', 'EVENT']);
  });

  it.each([
    ['[99,1]', /99 is not a WAMP message code/],
    ['["CALL",1]', /"CALL" is not a WAMP message code/],
    ['[48,1,{}]', /CALL needs 3 elements after its code, this one has 2/],
    ['[48,"x",{},"p"]', /CALL request must be an integer id/],
    ['[48,1,[],"p"]', /CALL options must be a dictionary/],
    ['[48,1,{},5]', /CALL procedure must be a URI string/],
    ['[48,1,{},"p",{}]', /CALL arguments must be a list/],
    ['{"a":1}', /JSON array/],
    ['[48,', /not valid JSON/],
  ])('refuses %s with a reason', (text, reason) => {
    const [r] = decodeAll(wampJsonDecoder, CONNECTION, [sent(text)]);
    expect(errorOf(r)).toMatch(reason);
  });

  it('survives hostile input', () => {
    expectSurvivesHostileInput(wampJsonDecoder, CONNECTION);
    expectSurvivesHostileInput(wampJsonDecoder, info(URL, 'wamp.2.json.batched'));
  });
});

describe('decodeWampMessage for other serializers', () => {
  it('takes already-parsed arrays, bigint ids included', () => {
    const state = new WampState();
    expect(decodeWampMessage([48, 2n ** 53n - 1n, {}, 'com.big'], 'sent', state)).toMatchObject({
      kind: 'CALL',
      id: '9007199254740991',
      pair: { key: 'wamp:sent:9007199254740991', role: 'request' },
    });
    expect(decodeWampMessage([50n, 2n ** 53n - 1n, {}], 'received', state)).toMatchObject({
      kind: 'RESULT',
      name: 'com.big',
    });
    expect(decodeWampMessage([{}], 'sent')).toEqual({ error: 'an object is not a WAMP message code' });
  });
});

describe('WAMP detection', () => {
  it('takes its subprotocols and a HELLO first', () => {
    expect(wampJsonDecoder.detect(CONNECTION, [])).toBe(BY_SUBPROTOCOL);
    expect(wampJsonDecoder.detect(info(URL, 'wamp.2.msgpack'), [sent('[1,"realm1",{}]')])).toBe(0);
    expect(wampJsonDecoder.detect(info(URL), [sent('[1, "realm1", {"roles":{}}]')])).toBe(BY_CONTENT);
    expect(wampJsonDecoder.detect(info(URL), [sent('[1,"a","b"]')])).toBe(0);
    expect(wampJsonDecoder.detect(info(URL), [sent('[1,2,3]')])).toBe(0);
  });
});
