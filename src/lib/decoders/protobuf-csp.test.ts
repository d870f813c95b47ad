/**
 * The protobuf decoders under the extension's CSP: bundled for the browser
 * (protobufjs and @bufbuild/protobuf included) and run in a realm that forbids code generation from
 * strings, as `script-src 'self'` does, with `Function` and `eval` replaced by
 * spies that record even attempts a library would catch.
 */
import { createContext, runInContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Root } from 'protobufjs';
import descriptor from 'protobufjs/ext/descriptor';
import { parseProto } from './protobuf';

const ENTRY = `
import { parse } from 'protobufjs';
import { createProtobufDecoder } from './protobuf';
import { decodeRawMessage } from './protobuf-wire';

const plain = (value) => JSON.stringify(value, (_key, v) => (v instanceof Uint8Array ? Array.from(v) : v));

globalThis.decodeBoth = (schema, messageType, numbers) => {
  const bytes = new Uint8Array(numbers);
  const decoder = createProtobufDecoder(
    typeof schema === 'string' ? { protoText: schema, messageType } : { descriptorSet: new Uint8Array(schema), messageType },
  );
  if ('error' in decoder) return plain(decoder);
  const connection = decoder.create({ url: 'wss://x.test/', protocol: '', protocols: [] });
  const frame = { seq: 1, t: 1, dir: 'received', type: 'binary', data: bytes, truncated: false };
  return plain([connection.decode(frame), decodeRawMessage(bytes)]);
};

// The control: protobufjs's own decode generates code, so it must fail here.
globalThis.protobufjsDecode = (protoText, messageType, numbers) =>
  parse(protoText).root.lookupType(messageType).decode(new Uint8Array(numbers));
`;

const SPIES = `
globalThis.codegenCalls = [];
const realFunction = Function;
const realEval = eval;
globalThis.Function = new Proxy(realFunction, {
  apply(target, self, args) { codegenCalls.push('Function'); return Reflect.apply(target, self, args); },
  construct(target, args, newTarget) { codegenCalls.push('new Function'); return Reflect.construct(target, args, newTarget); },
});
globalThis.eval = new Proxy(realEval, {
  apply(target, self, args) { codegenCalls.push('eval'); return Reflect.apply(target, self, args); },
});
`;

const PROTO = `syntax = "proto3";
import "google/protobuf/timestamp.proto";
message Tick { string symbol = 1; int64 price = 2; repeated sint32 moves = 3; map<string, int32> sizes = 4;
  google.protobuf.Timestamp at = 5; Side side = 6; }
enum Side { BUY = 0; SELL = 1; }`;

// symbol "EUR", price -7, moves [-1, 2] packed, sizes {a: 1}, at 1s, side SELL
const TICK = [
  0x0a, 0x03, 0x45, 0x55, 0x52, 0x10, 0xf9, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x1a, 0x02, 0x01,
  0x04, 0x22, 0x05, 0x0a, 0x01, 0x61, 0x10, 0x01, 0x2a, 0x02, 0x08, 0x01, 0x30, 0x01,
];

describe('protobuf under a no-eval CSP', () => {
  let realm: Record<string, unknown>;

  beforeAll(async () => {
    const bundle = await build({
      stdin: { contents: ENTRY, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'ts' },
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    realm = createContext({ TextDecoder, TextEncoder }, { codeGeneration: { strings: false, wasm: false } });
    runInContext(SPIES, realm);
    // Module load (protobufjs's own setup included) runs here, inside the realm.
    runInContext(bundle.outputFiles[0]!.text, realm);
  }, 30_000);

  it('loads protobufjs, parses a .proto and decodes with and without the schema, generating no code', () => {
    const decodeBoth = realm.decodeBoth as (proto: string, type: string, bytes: number[]) => string;
    const [schema, raw] = JSON.parse(decodeBoth(PROTO, 'Tick', TICK)) as [unknown, unknown];
    expect(schema).toEqual({
      messages: [
        {
          protocol: 'protobuf',
          kind: 'message',
          name: 'Tick',
          body: {
            symbol: 'EUR',
            price: '-7',
            moves: [-1, 2],
            sizes: { a: 1 },
            at: '1970-01-01T00:00:01Z',
            side: 'SELL',
          },
        },
      ],
    });
    expect(raw).toMatchObject({ value: { 1: 'EUR', 2: '18446744073709551609', 6: 1 } });
    expect(realm.codegenCalls).toEqual([]);
  });

  it('decodes with a descriptor set (read by @bufbuild/protobuf) too, generating no code', () => {
    const set = (parseProto(PROTO) as Root & { toDescriptor(syntax: string): unknown }).toDescriptor('proto3');
    const setBytes = Array.from(descriptor.FileDescriptorSet.encode(set as never).finish());
    const decodeBoth = realm.decodeBoth as (schema: number[], type: string, bytes: number[]) => string;
    const [schema] = JSON.parse(decodeBoth(setBytes, 'Tick', TICK)) as [unknown];
    expect(schema).toMatchObject({
      messages: [{ body: { symbol: 'EUR', price: '-7', side: 'SELL', sizes: { a: 1 } } }],
    });
    expect(realm.codegenCalls).toEqual([]);
  });

  it('would catch code generation: protobufjs decode fails in this realm', () => {
    const protobufjsDecode = realm.protobufjsDecode as (proto: string, type: string, bytes: number[]) => unknown;
    expect(() => protobufjsDecode('syntax="proto3"; message P { int32 n = 1; }', 'P', [8, 1])).toThrow(
      /Code generation from strings disallowed/,
    );
    expect(realm.codegenCalls).not.toEqual([]);
  });
});
