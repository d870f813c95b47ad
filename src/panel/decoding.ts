/**
 * The panel's reading of the tab's frames as their protocols (src/lib/decoders):
 * brought up to date by App before each render, like the Timeline, and started
 * over when the record list's base changes. Also the words the message list
 * shows for a decoded frame.
 */
import { TabDecoding } from '../lib/decoders/tab-decoding';
import type { DecodedFrame } from '../lib/decoders/connection-decoding';
import type { LinkedMessage } from '../lib/decoders/correlate';
import type { SessionRecord } from '../protocol/schema';
import { formatDelta } from './format';
import { chosenDecoder } from './decoder-choice';
import { DECODERS } from '../lib/decoders/registry';
import type { Decoder } from '../lib/decoders/types';

export class PanelDecoding {
  tab = new TabDecoding();
  private base = -1;
  private choices: Readonly<Record<string, string>> | null = null;
  private extra: readonly Decoder[] | null = null;
  /** The decoders in use: the user's (protobuf schemas) first, then the built-in ones. */
  decoders: readonly Decoder[] = DECODERS;
  /**
   * Bumped when the decoding starts over and when it catches up with the records: rows filtered on
   * what frames mean must then be filtered again.
   */
  version = 0;
  /** Records not decoded yet: App decodes a big session over several renders, the list shows them raw meanwhile. */
  behind = 0;
  /** Everything received is decoded (a filter on decoded fields is then exact). */
  complete = true;

  /** Reads the records that arrived; returns true when the decoding started over (new base, or the user chose a decoder). */
  update(
    records: readonly SessionRecord[],
    base: number,
    choices: Readonly<Record<string, string>>,
    extra: readonly Decoder[] = [],
    budgetMs = Infinity,
  ): boolean {
    const rebuild = base !== this.base || choices !== this.choices || extra !== this.extra;
    if (rebuild) {
      const decoders = extra.length ? [...extra, ...DECODERS] : DECODERS;
      this.tab = new TabDecoding({ decoders, choose: (info) => chosenDecoder(choices, info, decoders) });
      this.decoders = decoders;
      this.base = base;
      this.choices = choices;
      this.extra = extra;
      this.complete = false;
      this.version++;
    }
    this.tab.update(records, performance.now() + budgetMs);
    this.behind = this.tab.behind(records);
    if (this.behind === 0 && !this.complete) this.version++;
    this.complete = this.behind === 0;
    return rebuild;
  }

  get(seq: number): DecodedFrame | undefined {
    return this.tab.get(seq);
  }

  messages = (record: SessionRecord): readonly LinkedMessage[] | undefined => {
    const result = this.tab.get(record.seq);
    return result && 'messages' in result ? result.messages : undefined;
  };

  /** Whether a decoder reads any of these connections (the list then shows a Message column). */
  readsAny(connections: Iterable<string>): boolean {
    for (const conn of connections) if (this.protocolOf(conn) !== undefined) return true;
    return false;
  }

  /** The decoder's label for a connection ("Socket.IO"), or undefined when none reads it. */
  protocolOf(conn: string): string | undefined {
    return this.tab.connections.get(conn)?.decoder?.label;
  }
}

/** "EVENT chat message", "+2" when the frame carries more messages; a warning when it could not be read (the reason is the title). */
export function meaningText(result: DecodedFrame | undefined): string {
  if (!result) return '';
  if ('error' in result) return '⚠ not readable';
  if ('pending' in result) return '… continued';
  const [first] = result.messages;
  if (!first) return '';
  const more = result.messages.length > 1 ? ` +${result.messages.length - 1}` : '';
  return `${first.kind}${first.name !== undefined ? ` ${first.name}` : ''}${more}`;
}

/** Where a decoded frame stands in its exchange: "↩ 42 ms", "no reply", "3 replies". */
export function pairText(result: DecodedFrame | undefined): string {
  if (!result || !('messages' in result)) return '';
  const [first] = result.messages;
  if (!first) return '';
  if (first.replyTo !== undefined) return `↩ ${formatDelta(first.latencyMs ?? 0)}`;
  if (first.unanswered) return 'no reply';
  if (first.pair?.role === 'request' && !first.replies) return 'waiting';
  return '';
}
