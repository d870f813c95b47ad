/**
 * What both SignalR hub protocols (JSON and MessagePack) share once a message
 * is read: the message types, and how invocations, stream items, completions
 * and cancels are named and paired. Invocation ids come from either side, so
 * keys carry the invoker's direction (`signalr:<dir>:<id>`); items and
 * completions of streams the client uploads (an invocation's `streamIds`) are
 * named after their invocation but not paired.
 */
import { BoundedMap, opposite, type Direction } from './bytes';
import { idText } from './json-text';
import type { DecodedMessage } from './types';

export const SIGNALR_KINDS = [
  undefined,
  'Invocation',
  'StreamItem',
  'Completion',
  'StreamInvocation',
  'CancelInvocation',
  'Ping',
  'Close',
  'Ack',
  'Sequence',
] as const;
export type SignalrKind = NonNullable<(typeof SIGNALR_KINDS)[number]>;

/** Upload streams an invocation may open; more are not tracked. */
const MAX_STREAM_IDS = 1000;

export class SignalrExchanges {
  /** Invocation key → target, for items, completions and cancels. */
  private readonly targets = new BoundedMap<string, string>();
  /** `upload:<dir>:<stream id>` → target of the invocation the client streams into. */
  private readonly uploads = new BoundedMap<string, string>();

  /** An Invocation or StreamInvocation: named by its target, paired when it has an id. */
  invocation(
    message: DecodedMessage,
    dir: Direction,
    id: string | undefined,
    target: string | undefined,
    streamIds: unknown,
  ): void {
    if (target !== undefined) message.name = target;
    if (id !== undefined) {
      const invoked = `signalr:${dir}:${id}`;
      message.pair = { key: invoked, role: message.kind === 'Invocation' ? 'request' : 'stream-start' };
      if (target !== undefined) this.targets.set(invoked, target);
    }
    if (!Array.isArray(streamIds)) return;
    for (const streamId of streamIds.slice(0, MAX_STREAM_IDS)) {
      const stream = idText(streamId);
      if (stream !== undefined) this.uploads.set(`upload:${dir}:${stream}`, target ?? '');
    }
  }

  /** A StreamItem or Completion: an upload's (named, not paired), or the answer to an invocation from the other side. */
  answer(message: DecodedMessage, dir: Direction, id: string | undefined): void {
    if (id === undefined) return;
    const upload = `upload:${dir}:${id}`;
    const uploadTarget = this.uploads.get(upload);
    if (uploadTarget !== undefined) {
      if (uploadTarget) message.name = uploadTarget;
      if (message.kind === 'Completion') this.uploads.delete(upload);
      return;
    }
    const answered = `signalr:${opposite(dir)}:${id}`;
    const target = this.targets.get(answered);
    if (target !== undefined) message.name = target;
    if (message.kind === 'Completion') this.targets.delete(answered);
    message.pair = { key: answered, role: message.kind === 'StreamItem' ? 'stream-item' : 'reply' };
  }

  /** A CancelInvocation: named after the stream it cancels (the server's Completion ends the exchange). */
  cancel(message: DecodedMessage, dir: Direction, id: string | undefined): void {
    const target = this.targets.get(`signalr:${dir}:${id}`);
    if (target !== undefined) message.name = target;
  }
}
