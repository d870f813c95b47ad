/**
 * CBOR payloads (cborg, which generates no code). Maps decode as Maps so keys of
 * any type survive, then become plain objects (plain-value.ts). Tags cborg has
 * no decoder for would throw; every tag instead reads as `{ tag, value }`,
 * except bignums (2, 3), which read as numbers, and self-described CBOR (55799).
 */
import { decode } from 'cborg';
import type { TagDecodeControl as TagControl, TagDecoder } from 'cborg';
import { TooDeep, toPlainValue } from './plain-value';
import { createPayloadDecoder } from './payload-codec';

function bignum(negative: boolean) {
  return (read: TagControl): unknown => {
    const bytes = read();
    if (!(bytes instanceof Uint8Array)) return { tag: negative ? 3 : 2, value: bytes };
    let n = 0n;
    for (const byte of bytes.subarray(0, 1024)) n = (n << 8n) | BigInt(byte);
    return negative ? -1n - n : n;
  };
}

const KNOWN_TAGS: Record<number, TagDecoder> = {
  2: bignum(false),
  3: bignum(true),
  55799: (read) => read(),
};

// cborg looks tags up by number; a Proxy answers for all of them.
const tags = new Proxy<Record<number, TagDecoder>>(
  {},
  {
    get(_target, property) {
      if (typeof property !== 'string') return undefined;
      const tag = Number(property);
      if (!Number.isInteger(tag) || tag < 0) return undefined;
      return KNOWN_TAGS[tag] ?? ((read: TagControl) => ({ tag, value: read() }));
    },
  },
);

const OPTIONS = {
  tags,
  useMaps: true,
  allowUndefined: true,
  allowIndefinite: true,
  allowInfinity: true,
  allowNaN: true,
  allowBigInt: true,
  strict: false,
  rejectDuplicateMapKeys: false,
};

/** The bytes as exactly one CBOR value, made plain, or why not. */
export function decodeCbor(bytes: Uint8Array): { value: unknown } | { error: string } {
  if (bytes.length === 0) return { error: 'an empty frame holds no CBOR value' };
  try {
    return { value: toPlainValue(decode(bytes, OPTIONS)) };
  } catch (error) {
    if (error instanceof TooDeep) return { error: `a CBOR value too deep to show: ${error.message}` };
    // cborg recurses; a hostile nesting ends in a RangeError (stack), caught here like any other.
    const reason = error instanceof Error ? error.message.replace(/^CBOR decode error: /, '') : String(error);
    return { error: `not CBOR: ${reason}` };
  }
}

export const cborDecoder = createPayloadDecoder('cbor', 'CBOR', decodeCbor);
