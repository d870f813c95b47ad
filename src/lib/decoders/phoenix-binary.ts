/**
 * Phoenix Channels v2 binary frames (phoenix.js serializer): a kind byte, one
 * size byte per text field, the fields, then the payload bytes.
 *
 *   push the client sends:  0, joinRef, ref, topic, event sizes │ texts │ payload
 *   push the server sends:  0, joinRef, topic, event sizes      │ texts │ payload  (no ref)
 *   reply (server):         1, joinRef, ref, topic, status sizes │ texts │ response
 *   broadcast (server):     2, topic, event sizes               │ texts │ payload
 *
 * Messages read as the JSON Phoenix decoder reads them: kind the event
 * (`phx_reply` for replies), name the topic, id the ref, and a client push
 * with a ref pairs with the reply of the same ref on the topic: `phx:<topic>:<ref>`.
 */
import type { DecodedMessage } from './types';
import { utf8OrUndefined, type Direction } from './bytes';

const PUSH = 0;
const REPLY = 1;
const BROADCAST = 2;

const LAYOUTS: Record<number, { sent?: readonly string[]; received?: readonly string[] }> = {
  [PUSH]: { sent: ['joinRef', 'ref', 'topic', 'event'], received: ['joinRef', 'topic', 'event'] },
  [REPLY]: { received: ['joinRef', 'ref', 'topic', 'status'] },
  [BROADCAST]: { received: ['topic', 'event'] },
};

const KIND_NAMES = ['push', 'reply', 'broadcast'];

export function decodePhoenixBinary(bytes: Uint8Array, dir: Direction): DecodedMessage | { error: string } {
  const kind = bytes[0];
  if (kind === undefined) return { error: 'an empty frame holds no Phoenix message' };
  const layout = LAYOUTS[kind];
  if (!layout) return { error: `a Phoenix binary frame starts with kind 0, 1 or 2, this one with ${kind}` };
  const names = layout[dir];
  if (!names) return { error: `a Phoenix ${KIND_NAMES[kind]} comes from the server, not the client` };
  const headerSize = 1 + names.length;
  if (bytes.length < headerSize) return { error: `the frame ends inside its ${headerSize}-byte header` };
  const fields: Record<string, string> = {};
  let pos = headerSize;
  for (const [index, name] of names.entries()) {
    const size = bytes[1 + index]!;
    if (pos + size > bytes.length)
      return { error: `the ${name} (${size} bytes at byte ${pos}) runs past the frame's end` };
    const text = utf8OrUndefined(bytes.subarray(pos, pos + size));
    if (text === undefined) return { error: `the ${name} is not valid UTF-8` };
    fields[name] = text;
    pos += size;
  }
  const payload = bytes.subarray(pos);
  const topic = fields.topic!;
  const ref = fields.ref || undefined;
  const message: DecodedMessage = {
    protocol: 'phoenix',
    kind: kind === REPLY ? 'phx_reply' : fields.event!,
    name: topic,
    body: kind === REPLY ? { status: fields.status, response: payload } : payload,
  };
  if (ref !== undefined) {
    message.id = ref;
    message.pair = { key: `phx:${topic}:${ref}`, role: kind === REPLY ? 'reply' : 'request' };
  }
  if (topic === 'phoenix') message.control = true;
  return message;
}
