import { describe, expect, it } from 'vitest';
import mqttPacket from 'mqtt-packet';
import { mqttDecoder } from './mqtt';
import { decodeAll, errorOf, expectNeverThrows, info, messagesOf, onlyMessage, received, sent } from './binary-testing';
import type { DecodedMessage } from './types';

// mqtt-packet's types want every field; the generator fills defaults for the rest.
type Packet = { cmd: string } & Record<string, unknown>;

const packet = (p: Packet, protocolVersion = 4) =>
  new Uint8Array(mqttPacket.generate(p as unknown as mqttPacket.Packet, { protocolVersion }));
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
};
const summary = (m: DecodedMessage) => [m.kind, m.name, m.id, m.pair?.key, m.pair?.role];

const connect311 = packet({
  cmd: 'connect',
  protocolId: 'MQTT',
  protocolVersion: 4,
  clientId: 'lens-1',
  clean: true,
  keepalive: 30,
});
const connack311 = packet({ cmd: 'connack', returnCode: 0, sessionPresent: false });

describe('mqtt detection', () => {
  it('is chosen by the mqtt subprotocols, and by a CONNECT as the first sent frame', () => {
    expect(mqttDecoder.detect(info('mqtt'), [])).toBe(3);
    expect(mqttDecoder.detect(info('mqttv3.1'), [])).toBe(3);
    expect(mqttDecoder.detect(info(), [sent(connect311)])).toBe(1);
    expect(mqttDecoder.detect(info(), [sent(new Uint8Array([0x10, 0x02, 0, 0]))])).toBe(0);
    expect(mqttDecoder.detect(info(), [sent('{"a":1}')])).toBe(0);
    expect(mqttDecoder.detect(info('graphql-ws'), [received(connect311)])).toBe(0);
  });
});

describe('mqtt 3.1.1', () => {
  it('decodes a session: connect, subscribe, QoS 1 and 2 in both directions, ping, disconnect', () => {
    const frames = [
      sent(connect311),
      received(connack311),
      sent(
        packet({
          cmd: 'subscribe',
          messageId: 1,
          subscriptions: [
            { topic: 'prices/#', qos: 1 },
            { topic: 'news', qos: 2 },
          ],
        }),
      ),
      received(packet({ cmd: 'suback', messageId: 1, granted: [1, 128] })),
      sent(packet({ cmd: 'publish', topic: 'orders/new', payload: '{"id":7}', qos: 1, messageId: 2, retain: true })),
      received(packet({ cmd: 'puback', messageId: 2 })),
      received(
        packet({ cmd: 'publish', topic: 'prices/eur', payload: Buffer.from([0xff, 0x00]), qos: 2, messageId: 2 }),
      ),
      sent(packet({ cmd: 'pubrec', messageId: 2 })),
      received(packet({ cmd: 'pubrel', messageId: 2 })),
      sent(packet({ cmd: 'pubcomp', messageId: 2 })),
      sent(packet({ cmd: 'pingreq' })),
      received(packet({ cmd: 'pingresp' })),
      sent(packet({ cmd: 'unsubscribe', messageId: 3, unsubscriptions: ['news'] })),
      received(packet({ cmd: 'unsuback', messageId: 3 })),
      sent(packet({ cmd: 'disconnect' })),
    ];
    const messages = decodeAll(mqttDecoder, info('mqtt'), frames).map(onlyMessage);
    expect(messages.map(summary)).toEqual([
      ['CONNECT', undefined, undefined, 'connect', 'request'],
      ['CONNACK', undefined, undefined, 'connect', 'reply'],
      ['SUBSCRIBE', 'prices/# (+1 more)', '1', 'sub:sent:1', 'request'],
      ['SUBACK', 'prices/# (+1 more)', '1', 'sub:sent:1', 'reply'],
      ['PUBLISH', 'orders/new', '2', 'pub:sent:2', 'request'],
      ['PUBACK', 'orders/new', '2', 'pub:sent:2', 'reply'],
      ['PUBLISH', 'prices/eur', '2', 'pub:received:2', 'request'],
      ['PUBREC', 'prices/eur', '2', 'pub:received:2', 'stream-item'],
      ['PUBREL', 'prices/eur', '2', 'pub:received:2', 'stream-item'],
      ['PUBCOMP', 'prices/eur', '2', 'pub:received:2', 'reply'],
      ['PINGREQ', undefined, undefined, 'ping', 'request'],
      ['PINGRESP', undefined, undefined, 'ping', 'reply'],
      ['UNSUBSCRIBE', 'news', '3', 'unsub:sent:3', 'request'],
      ['UNSUBACK', 'news', '3', 'unsub:sent:3', 'reply'],
      ['DISCONNECT', undefined, undefined, undefined, undefined],
    ]);
    expect(messages[0]!.body).toEqual({
      protocolName: 'MQTT',
      protocolVersion: 4,
      clean: true,
      keepalive: 30,
      clientId: 'lens-1',
    });
    expect(messages[1]!.body).toEqual({ sessionPresent: false, reasonCode: 0, reason: 'Connection Accepted' });
    expect(messages[2]!.body).toEqual({
      filters: [
        { topic: 'prices/#', qos: 1 },
        { topic: 'news', qos: 2 },
      ],
    });
    expect(messages[3]!.body).toEqual({ reasonCodes: [1, 128], reasons: ['Granted QoS 1', 'Failure'] });
    expect(messages[4]!.body).toEqual({ topic: 'orders/new', qos: 1, retain: true, dup: false, payload: { id: 7 } });
    expect((messages[6]!.body as { payload: unknown }).payload).toEqual(new Uint8Array([0xff, 0x00]));
    expect(messages[10]!.control).toBe(true);
    expect(messages[11]!.control).toBe(true);
  });

  it('reads a QoS 0 publish with a text payload and no packet identifier', () => {
    const [, m] = decodeAll(mqttDecoder, info('mqtt'), [
      sent(connect311),
      received(packet({ cmd: 'publish', topic: 'chat', payload: 'hello', qos: 0 })),
    ]);
    expect(onlyMessage(m)).toEqual({
      protocol: 'mqtt',
      kind: 'PUBLISH',
      name: 'chat',
      body: { topic: 'chat', qos: 0, retain: false, dup: false, payload: 'hello' },
    });
  });

  it('keeps the password out of the decoded view, and reads the will', () => {
    const connect = packet({
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: 4,
      clientId: 'c',
      clean: false,
      keepalive: 0,
      username: 'ann',
      password: Buffer.from('s3cret'),
      will: { topic: 'status', payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    const body = onlyMessage(decodeAll(mqttDecoder, info('mqtt'), [sent(connect)])[0]).body;
    expect(body).toMatchObject({
      username: 'ann',
      passwordLength: 6,
      will: { topic: 'status', payload: 'offline', qos: 1, retain: true },
    });
    expect(JSON.stringify(body)).not.toContain('s3cret');
  });
});

describe('mqtt 3.1', () => {
  it('reads MQIsdp level 3 connects and the old connack codes', () => {
    const connect = packet(
      { cmd: 'connect', protocolId: 'MQIsdp', protocolVersion: 3, clientId: 'old', keepalive: 10 },
      3,
    );
    const [c, a] = decodeAll(mqttDecoder, info('mqttv3.1'), [
      sent(connect),
      received(packet({ cmd: 'connack', returnCode: 5 }, 3)),
    ]);
    expect(onlyMessage(c).body).toMatchObject({ protocolName: 'MQIsdp', protocolVersion: 3, clientId: 'old' });
    expect(onlyMessage(a).body).toMatchObject({ reasonCode: 5, reason: 'not authorized' });
  });
});

describe('mqtt 5', () => {
  const v5 = (p: Packet) => packet(p, 5);
  const connect5 = v5({
    cmd: 'connect',
    protocolId: 'MQTT',
    protocolVersion: 5,
    clientId: 'five',
    keepalive: 60,
    properties: {
      sessionExpiryInterval: 300,
      receiveMaximum: 20,
      topicAliasMaximum: 10,
      userProperties: { app: 'lens' },
    },
  });

  it('learns the level from CONNECT and reads properties, reason codes and user properties', () => {
    const results = decodeAll(mqttDecoder, info('mqtt'), [
      sent(connect5),
      received(
        v5({
          cmd: 'connack',
          reasonCode: 0,
          sessionPresent: true,
          properties: {
            assignedClientIdentifier: 'srv-1',
            reasonString: 'welcome',
            userProperties: { region: ['eu', 'us'] },
          },
        }),
      ),
      sent(
        v5({
          cmd: 'publish',
          topic: 'rpc/req',
          payload: 'ping',
          qos: 1,
          messageId: 9,
          properties: {
            contentType: 'text/plain',
            responseTopic: 'rpc/res',
            correlationData: Buffer.from([1, 2]),
            payloadFormatIndicator: true,
            messageExpiryInterval: 70000,
          },
        }),
      ),
      received(v5({ cmd: 'puback', messageId: 9, reasonCode: 16, properties: { reasonString: 'nobody listens' } })),
      sent(
        v5({
          cmd: 'subscribe',
          messageId: 10,
          subscriptions: [{ topic: 'a/+', qos: 1, nl: true, rap: true, rh: 2 }],
          properties: { subscriptionIdentifier: 5 },
        }),
      ),
      received(v5({ cmd: 'suback', messageId: 10, granted: [0x87] })),
      sent(v5({ cmd: 'disconnect', reasonCode: 4, properties: { sessionExpiryInterval: 0 } })),
      received(
        v5({
          cmd: 'auth',
          reasonCode: 0x18,
          properties: { authenticationMethod: 'SCRAM', authenticationData: Buffer.from([9]) },
        }),
      ),
    ]);
    const [connect, connack, publish, puback, subscribe, suback, disconnect, auth] = results.map(onlyMessage);
    expect(connect!.body).toMatchObject({
      protocolVersion: 5,
      properties: {
        sessionExpiryInterval: 300,
        receiveMaximum: 20,
        topicAliasMaximum: 10,
        userProperties: { app: 'lens' },
      },
    });
    expect(connack!.body).toEqual({
      sessionPresent: true,
      reasonCode: 0,
      reason: 'Success',
      properties: {
        assignedClientIdentifier: 'srv-1',
        reasonString: 'welcome',
        userProperties: { region: ['eu', 'us'] },
      },
    });
    expect(publish!.body).toMatchObject({
      topic: 'rpc/req',
      payload: 'ping',
      properties: {
        contentType: 'text/plain',
        responseTopic: 'rpc/res',
        correlationData: new Uint8Array([1, 2]),
        payloadFormatIndicator: 1,
        messageExpiryInterval: 70000,
      },
    });
    expect(summary(puback!)).toEqual(['PUBACK', 'rpc/req', '9', 'pub:sent:9', 'reply']);
    expect(puback!.body).toEqual({
      reasonCode: 16,
      reason: 'No matching subscribers',
      properties: { reasonString: 'nobody listens' },
    });
    expect(subscribe!.body).toEqual({
      properties: { subscriptionIdentifier: 5 },
      filters: [{ topic: 'a/+', qos: 1, noLocal: true, retainAsPublished: true, retainHandling: 2 }],
    });
    expect(suback!.body).toMatchObject({ reasonCodes: [0x87], reasons: ['Not authorized'] });
    expect(disconnect!.body).toEqual({
      reasonCode: 4,
      reason: 'Disconnect with Will Message',
      properties: { sessionExpiryInterval: 0 },
    });
    expect(auth!.body).toMatchObject({
      reason: 'Continue authentication',
      properties: { authenticationMethod: 'SCRAM' },
    });
  });

  it('resolves topic aliases per direction', () => {
    const results = decodeAll(mqttDecoder, info('mqtt'), [
      sent(connect5),
      sent(v5({ cmd: 'publish', topic: 'sensors/1', payload: 'a', qos: 0, properties: { topicAlias: 1 } })),
      received(v5({ cmd: 'publish', topic: 'alerts', payload: 'b', qos: 0, properties: { topicAlias: 1 } })),
      sent(v5({ cmd: 'publish', topic: '', payload: 'c', qos: 0, properties: { topicAlias: 1 } })),
      received(v5({ cmd: 'publish', topic: '', payload: 'd', qos: 0, properties: { topicAlias: 1 } })),
      received(v5({ cmd: 'publish', topic: '', payload: 'e', qos: 0, properties: { topicAlias: 2 } })),
    ]);
    const names = results.slice(1).map((r) => onlyMessage(r).name);
    expect(names).toEqual(['sensors/1', 'alerts', 'sensors/1', 'alerts', undefined]);
    expect(onlyMessage(results[5]).body).toMatchObject({ topic: '(topic alias 2, set before the recording began)' });
  });

  it('reads a 3.1.1 session without MQTT 5 properties, so the level matters', () => {
    const publish = packet({ cmd: 'publish', topic: 't', payload: 'x', qos: 0 });
    const m = onlyMessage(decodeAll(mqttDecoder, info('mqtt'), [sent(connect311), sent(publish)])[1]);
    expect(m.body).toMatchObject({ payload: 'x' });
    // Read as MQTT 5, the payload byte 'x' would be a properties length of 120.
    expect(errorOf(decodeAll(mqttDecoder, info('mqtt'), [sent(connect5), sent(publish)])[1])).toMatch(
      /PUBLISH: the properties/,
    );
  });
});

describe('mqtt framing', () => {
  const publishes = [1, 2, 3].map((n) =>
    packet({ cmd: 'publish', topic: `t/${n}`, payload: 'x'.repeat(200 * n), qos: 1, messageId: n }),
  );

  it('reads several packets from one frame', () => {
    const [, m] = decodeAll(mqttDecoder, info('mqtt'), [sent(connect311), received(concat(...publishes))]);
    expect(messagesOf(m).map((x) => x.name)).toEqual(['t/1', 't/2', 't/3']);
  });

  it('reassembles a packet cut across frames, even inside its header', () => {
    const all = concat(...publishes);
    const first = publishes[0]!.length;
    const second = first + publishes[1]!.length;
    const cuts = [0, 1, 2, first + 40, second + 30, all.length];
    const frames = cuts.slice(1).map((end, i) => received(all.subarray(cuts[i], end)));
    const results = decodeAll(mqttDecoder, info('mqtt'), frames);
    expect(results[0]).toEqual({ pending: 'an MQTT fixed header continues in the next frame' });
    expect(results[1]).toEqual({ pending: 'an MQTT fixed header continues in the next frame' });
    expect(messagesOf(results[2]).map((m) => m.name)).toEqual(['t/1']);
    expect(messagesOf(results[3]).map((m) => m.name)).toEqual(['t/2']);
    expect(onlyMessage(results[4]).body).toMatchObject({ topic: 't/3', payload: 'x'.repeat(600) });
  });

  it('keeps the directions apart while a packet is pending', () => {
    const split = publishes[0]!;
    const results = decodeAll(mqttDecoder, info('mqtt'), [
      received(split.subarray(0, 50)),
      sent(packet({ cmd: 'pingreq' })),
      received(split.subarray(50)),
    ]);
    expect(results[0]).toEqual({
      pending: `an MQTT PUBLISH (50 of ${split.length} bytes) continues in the next frame`,
    });
    expect(onlyMessage(results[1]).kind).toBe('PINGREQ');
    expect(onlyMessage(results[2]).name).toBe('t/1');
  });

  it('refuses a packet longer than the reassembly cap at once, then reads the next frame afresh', () => {
    const huge = new Uint8Array([0x30, 0xff, 0xff, 0xff, 0x7f, 0, 1, 0x74]);
    const results = decodeAll(mqttDecoder, info('mqtt'), [received(huge), received(packet({ cmd: 'pingresp' }))]);
    expect(errorOf(results[0])).toMatch(/268435455 bytes is more than this view keeps/);
    expect(onlyMessage(results[1]).kind).toBe('PINGRESP');
  });

  it('says why a packet is malformed, and a truncated frame resets the stream', () => {
    const cases: [Uint8Array | string, RegExp][] = [
      [new Uint8Array([0x00, 0x00]), /type 0 is reserved/],
      [new Uint8Array([0x36, 0x03, 0x00, 0x01, 0x74]), /QoS 3/],
      [new Uint8Array([0x30, 0x80, 0x80, 0x80, 0x80, 0x01]), /longer than 4 bytes/],
      [new Uint8Array([0x30, 0x04, 0x00, 0x02, 0xc3, 0x28]), /PUBLISH: the topic name is not valid UTF-8/],
      [new Uint8Array([0x90, 0x01, 0x00]), /SUBACK: the packet identifier runs past the packet's end/],
      [new Uint8Array([0x82, 0x02, 0x00, 0x01]), /SUBSCRIBE names no topic filter/],
      [new Uint8Array([0x10, 0x07, 0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x09]), /protocol level 9/],
      ['{"hello":1}', /text frame/],
      [new Uint8Array(), /empty frame/],
    ];
    for (const [data, reason] of cases) {
      expect(errorOf(decodeAll(mqttDecoder, info('mqtt'), [received(data)])[0])).toMatch(reason);
    }
    const cut = decodeAll(mqttDecoder, info('mqtt'), [
      received(publishes[0]!.subarray(0, 20)),
      received(publishes[0]!.subarray(20, 40), { truncated: true }),
      received(packet({ cmd: 'pingresp' })),
    ]);
    expect(errorOf(cut[1])).toMatch(/kept only the first 20 bytes/);
    expect(onlyMessage(cut[2]).kind).toBe('PINGRESP');
  });

  it('never throws on hostile bytes', () => {
    expectNeverThrows(mqttDecoder, info('mqtt'), publishes);
    expectNeverThrows(mqttDecoder, info('mqtt'), [connect311]);
  });
});
