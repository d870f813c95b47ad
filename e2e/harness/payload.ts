import type { SessionRecord } from '../../src/protocol/schema';

type Frame = Extract<SessionRecord, { kind: 'frame' }>;

/**
 * A frame's payload as tests compare it: text as is, bytes as base64. Every
 * client gets binary payloads as a Uint8Array; anything else fails the test.
 */
export function payloadText(frame: Frame): string {
  if (frame.type === 'text') return frame.data;
  if (!(frame.data instanceof Uint8Array)) throw new Error(`binary data arrived as ${typeof frame.data}, not bytes`);
  return Buffer.from(frame.data).toString('base64');
}
