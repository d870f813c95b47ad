/**
 * What exports say of a decoded frame (docs/session-format.md): the first
 * message's protocol, kind, name, id and pair links, keys that do not apply
 * left out; `messages` counts them when a frame carries several, `error` says
 * why a frame of a recognised protocol could not be read.
 */
import type { SessionRecord } from '../../protocol/schema';
import type { DecodedFrame } from './connection-decoding';
import type { ProtocolName } from './types';
import { TabDecoding } from './tab-decoding';

export interface DecodedFields {
  protocol: ProtocolName;
  kind?: string;
  name?: string;
  id?: string;
  /** Seq of the request this frame answers. */
  replyTo?: number;
  latencyMs?: number;
  /** How many messages the frame carries, when more than one. */
  messages?: number;
  error?: string;
}

export function decodedFields(
  result: DecodedFrame | undefined,
  protocol: ProtocolName | undefined,
): DecodedFields | undefined {
  if (!result || !protocol) return undefined;
  if ('error' in result) return { protocol, error: result.error };
  if ('pending' in result) return undefined;
  const [first] = result.messages;
  if (!first) return undefined;
  return {
    protocol: first.protocol,
    kind: first.kind,
    ...(first.name !== undefined && { name: first.name }),
    ...(first.id !== undefined && { id: first.id }),
    ...(first.replyTo !== undefined && { replyTo: first.replyTo, latencyMs: round(first.latencyMs ?? 0) }),
    ...(result.messages.length > 1 && { messages: result.messages.length }),
  };
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

/** Decodes `records` (in seq order) for an export: the fields of each decoded frame, by seq. */
export function decodeForExport(
  records: readonly SessionRecord[],
): (seq: number, conn: string) => DecodedFields | undefined {
  const decoding = new TabDecoding();
  decoding.update(records);
  return (seq, conn) => decodedFields(decoding.get(seq), decoding.connections.get(conn)?.decoder?.protocol);
}
