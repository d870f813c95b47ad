import { describe, expect, it } from 'vitest';
import type { Root } from 'protobufjs';
import descriptor from 'protobufjs/ext/descriptor';
import { createProtobufDecoder, parseProto } from './protobuf';
import { decodeRawMessage, protobufWireDecoder } from './protobuf-wire';
import { bytes, decodeAll, errorOf, expectNeverThrows, info, onlyMessage, received, sent } from './binary-testing';
import type { Decoder } from './types';

const PROTO = `
syntax = "proto3";
package chat;
import "google/protobuf/timestamp.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/struct.proto";
import "google/protobuf/any.proto";
import "google/protobuf/wrappers.proto";

enum Mood { MOOD_UNSPECIFIED = 0; HAPPY = 1; GRUMPY = 2; }

message Envelope {
  message Meta { string trace_id = 1; repeated Mood moods = 2; }
  oneof body { Text text = 1; Join join = 2; }
  int64 seq = 3;
  sint64 delta = 4;
  uint64 big = 5;
  fixed64 stamp64 = 6;
  sfixed32 temp = 7;
  double ratio = 8;
  float ratio32 = 9;
  bool urgent = 10;
  bytes blob = 11;
  repeated int32 counts = 12;
  repeated int32 loose = 13 [packed = false];
  map<string, Meta> metas = 14;
  map<int64, string> names = 15;
  Mood mood = 16;
  google.protobuf.Timestamp at = 17;
  google.protobuf.Duration took = 18;
  google.protobuf.Struct extra = 19;
  google.protobuf.Any any = 20;
  google.protobuf.StringValue note = 21;
  sint32 small = 22;
}
message Text { string text = 1; }
message Join { string room = 1; }
`;

// Test-side encoder: Node has no CSP, so protobufjs's generated encoder is fine here.
const root = parseProto(PROTO) as Root;
const encode = (type: string, value: Record<string, unknown>) => {
  const t = root.lookupType(type);
  return new Uint8Array(t.encode(t.fromObject(value)).finish());
};

function schemaDecoder(patch: Partial<Parameters<typeof createProtobufDecoder>[0]> = {}): Decoder {
  const decoder = createProtobufDecoder({ protoText: PROTO, messageType: 'chat.Envelope', ...patch });
  if ('error' in decoder) throw new Error(decoder.error);
  return decoder;
}

describe('protobuf with a .proto', () => {
  it('decodes scalars, 64-bit as text, enums, oneofs, packed and unpacked, maps and nested types', () => {
    const frame = encode('chat.Envelope', {
      text: { text: 'hi' },
      seq: '-5',
      delta: '-9007199254740993',
      big: '18446744073709551615',
      stamp64: '1234567890123',
      temp: -40,
      ratio: 0.25,
      ratio32: 1.5,
      urgent: true,
      blob: new Uint8Array([0, 1, 255]),
      counts: [1, -2, 300],
      loose: [7, 8],
      metas: { a: { trace_id: 't-1', moods: [1, 2, 9] } },
      names: { '-3': 'minus three' },
      mood: 2,
      small: -3,
    });
    const message = onlyMessage(decodeAll(schemaDecoder(), info(), [received(frame)])[0]);
    expect(message).toMatchObject({ protocol: 'protobuf', kind: 'message', name: 'chat.Envelope' });
    expect(message.body).toEqual({
      text: { text: 'hi' },
      seq: '-5',
      delta: '-9007199254740993',
      big: '18446744073709551615',
      stamp64: '1234567890123',
      temp: -40,
      ratio: 0.25,
      ratio32: 1.5,
      urgent: true,
      blob: new Uint8Array([0, 1, 255]),
      counts: [1, -2, 300],
      loose: [7, 8],
      metas: { a: { trace_id: 't-1', moods: ['HAPPY', 'GRUMPY', 9] } },
      names: { '-3': 'minus three' },
      mood: 'GRUMPY',
      small: -3,
    });
  });

  it('reads well-known types as proto3 JSON shows them', () => {
    const frame = encode('chat.Envelope', {
      at: { seconds: 1700000000, nanos: 5_000_000 },
      took: { seconds: 1, nanos: 500_000_000 },
      // protobufjs's bundled google types spell fields in camelCase; its encoder wants those names.
      extra: {
        fields: {
          ok: { boolValue: true },
          list: { listValue: { values: [{ numberValue: 2 }, { nullValue: 0 }] } },
        },
      },
      any: { type_url: 'type.googleapis.com/chat.Join', value: encode('chat.Join', { room: 'lobby' }) },
      note: { value: 'wrapped' },
    });
    expect(onlyMessage(decodeAll(schemaDecoder(), info(), [sent(frame)])[0]).body).toEqual({
      at: '2023-11-14T22:13:20.005Z',
      took: '1.500s',
      extra: { ok: true, list: [2, null] },
      any: { '@type': 'type.googleapis.com/chat.Join', room: 'lobby' },
      note: 'wrapped',
    });
  });

  it('keeps unknown fields under their number', () => {
    const withUnknown = new Uint8Array([...encode('chat.Join', { room: 'r' }), 0x10, 0x05, 0x18, 0x01, 0x18, 0x02]);
    const decoder = createProtobufDecoder({ protoText: PROTO, messageType: 'chat.Join' }) as Decoder;
    expect(onlyMessage(decodeAll(decoder, info(), [received(withUnknown)])[0]).body).toEqual({
      room: 'r',
      2: 5,
      3: [1, 2],
    });
  });

  it('says why a frame is not the message type', () => {
    const cases: [Uint8Array, RegExp][] = [
      [bytes(0x18), /Envelope.seq: a varint runs past the end/],
      [bytes(0x1a, 0x00), /Envelope.seq: wire type 2 on the wire, but a int64 has wire type 0/],
      [bytes(0x0a, 0x05, 0x0a), /Envelope.text: a length of 5 at byte 2 runs past the end/],
      [bytes(0x0b), /group \(wire type 3, deprecated\)/],
      [bytes(0x0f), /wire type 7 at byte \d does not exist/],
      [bytes(0x0a, 0x02, 0x0a, 0x01), /Text.text: a length of 1/],
      [bytes(0x0a, 0x03, 0x0a, 0x01, 0xff), /Text.text: a string that is not valid UTF-8/],
      [bytes(0x00), /field number 0/],
    ];
    for (const [data, reason] of cases) {
      const result = errorOf(decodeAll(schemaDecoder(), info(), [received(data)])[0]);
      expect(result).toMatch(/^not a chat.Envelope: /);
      expect(result).toMatch(reason);
    }
    expect(errorOf(decodeAll(schemaDecoder(), info(), [received(bytes(8, 1), { truncated: true })])[0])).toMatch(
      /kept only/,
    );
    expect(errorOf(decodeAll(schemaDecoder(), info(), [received('text')])[0])).toMatch(/text frame/);
  });

  it('bounds recursion on a self-nesting message', () => {
    const decoder = createProtobufDecoder({
      protoText: 'syntax="proto3"; message N { N child = 1; }',
      messageType: 'N',
    }) as Decoder;
    let nested: Uint8Array = new Uint8Array(0);
    for (let i = 0; i < 100; i++) nested = new Uint8Array([0x0a, ...varint(nested.length), ...nested]);
    expect(errorOf(decodeAll(decoder, info(), [received(nested)])[0])).toMatch(/deeper than 64/);
    expectNeverThrows(decoder, info());
  });

  it('returns a clear error for a .proto that does not parse or lacks the type', () => {
    expect(createProtobufDecoder({ protoText: 'message {', messageType: 'X' })).toEqual({
      error: expect.stringMatching(/^the .proto does not parse: /) as unknown,
    });
    expect(createProtobufDecoder({ protoText: 'syntax="proto3"; message A { B b = 1; }', messageType: 'A' })).toEqual({
      error: "the .proto does not parse: no such Type or Enum 'B' in Type .A",
    });
    expect(createProtobufDecoder({ protoText: PROTO, messageType: 'chat.Nope' })).toEqual({
      error: 'the .proto has no message type chat.Nope',
    });
  });

  it('accepts several .proto files and picks connections by URL pattern', () => {
    const decoder = createProtobufDecoder({
      protoText: [
        'syntax="proto3"; package a; import "b.proto"; message A { b.B b = 1; }',
        'syntax="proto3"; package b; message B { int32 n = 1; }',
      ],
      messageType: 'a.A',
      urlPattern: 'wss://*.example.test/feed*',
    }) as Decoder;
    expect(decoder.label).toBe('Protobuf (a.A)');
    expect(decoder.detect({ url: 'wss://eu.example.test/feed?v=2', protocol: '', protocols: [] }, [])).toBe(2);
    expect(decoder.detect({ url: 'wss://example.test/other', protocol: '', protocols: [] }, [])).toBe(0);
    expect(onlyMessage(decodeAll(decoder, info(), [received(bytes(0x0a, 0x02, 0x08, 0x07))])[0]).body).toEqual({
      b: { n: 7 },
    });
  });
});

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

describe('protobuf wire view', () => {
  it('shows fields by number: varints, text, nested messages, repeats, 32- and 64-bit readings', () => {
    const frame = encode('chat.Envelope', {
      join: { room: 'lobby' },
      seq: '-1',
      stamp64: '1',
      temp: 3,
      counts: [1, 2],
      loose: [5, 6],
      blob: new Uint8Array([0xff, 0xfe]),
    });
    expect(decodeRawMessage(frame)).toEqual({
      value: {
        2: { 1: 'lobby' },
        3: '18446744073709551615',
        6: { fixed64: 1, double: 5e-324 },
        7: { fixed32: 3, float: 4.203895392974451e-45 },
        11: new Uint8Array([0xff, 0xfe]),
        // Packed varints: without a schema, only bytes.
        12: new Uint8Array([1, 2]),
        13: [5, 6],
      },
    });
  });

  it('stops nesting at 32 levels and shows the rest as bytes', () => {
    let nested: Uint8Array = bytes(0x08, 0x01);
    for (let i = 0; i < 40; i++) nested = new Uint8Array([0x0a, ...varint(nested.length), ...nested]);
    let value = (decodeRawMessage(nested) as { value: Record<string, unknown> }).value;
    let depth = 0;
    while (typeof value[1] === 'object' && !(value[1] instanceof Uint8Array)) {
      value = value[1] as Record<string, unknown>;
      depth++;
    }
    expect(depth).toBe(32);
    expect(value[1]).toBeInstanceOf(Uint8Array);
  });

  it('says why bytes are not protobuf, and is never auto-detected', () => {
    expect(decodeRawMessage(bytes(0x0b, 0x0c))).toEqual({
      error: 'a group (wire type 3, deprecated) at byte 0 is not supported',
    });
    expect(decodeRawMessage(bytes(0x08))).toEqual({ error: 'a varint runs past the end at byte 1' });
    expect(decodeRawMessage(bytes(0x12, 0xff, 0xff, 0xff, 0xff, 0x0f))).toEqual({
      error: 'a length of 4294967295 at byte 6 runs past the end',
    });
    expect(decodeRawMessage(new Uint8Array(11).fill(0xff))).toMatchObject({
      error: expect.stringMatching(/longer than 10 bytes/) as unknown,
    });
    expect(decodeRawMessage(new Uint8Array(300_000).fill(0x08).map((b, i) => (i % 2 ? 1 : b)))).toEqual({
      error: 'more than 100000 fields',
    });
    expect(protobufWireDecoder.detect(info(), [received(bytes(0x08, 0x01))])).toBe(0);
    const m = onlyMessage(decodeAll(protobufWireDecoder, info(), [received(bytes(0x08, 0x96, 0x01))])[0]);
    expect(m).toEqual({ protocol: 'protobuf', kind: 'message', body: { 1: 150 } });
    expectNeverThrows(protobufWireDecoder, info());
  });
});

describe('protobuf with a descriptor set', () => {
  // The FileDescriptorSet protoc would write, made by protobufjs in Node (test side only).
  const descriptorSet = (proto: string) => {
    const set = (parseProto(proto) as Root & { toDescriptor(syntax: string): unknown }).toDescriptor('proto3');
    return new Uint8Array(descriptor.FileDescriptorSet.encode(set as never).finish());
  };

  it('decodes frames exactly as the .proto does', () => {
    const fromSet = createProtobufDecoder({
      descriptorSet: descriptorSet(PROTO),
      messageType: 'chat.Envelope',
    }) as Decoder;
    expect(fromSet.label).toBe('Protobuf (chat.Envelope)');
    const frame = encode('chat.Envelope', {
      join: { room: 'r' },
      seq: '9',
      metas: { k: { trace_id: 't', moods: [1] } },
      names: { 4: 'four' },
      counts: [3, 4],
      mood: 1,
      at: { seconds: 1, nanos: 0 },
      extra: { fields: { ok: { boolValue: false } } },
    });
    const viaSet = onlyMessage(decodeAll(fromSet, info(), [received(frame)])[0]);
    const viaProto = onlyMessage(decodeAll(schemaDecoder(), info(), [received(frame)])[0]);
    expect(viaSet).toEqual(viaProto);
    expect(viaSet.body).toMatchObject({
      metas: { k: { moods: ['HAPPY'] } },
      names: { 4: 'four' },
      at: '1970-01-01T00:00:01Z',
    });
  });

  it('says why a descriptor set cannot be used', () => {
    expect(createProtobufDecoder({ descriptorSet: bytes(0x0a, 0x05, 0x01), messageType: 'X' })).toEqual({
      error: expect.stringMatching(/^the descriptor set cannot be used: /) as unknown,
    });
    expect(createProtobufDecoder({ messageType: 'X' })).toEqual({
      error: 'a protobuf schema needs .proto text or a descriptor set',
    });
  });
});
