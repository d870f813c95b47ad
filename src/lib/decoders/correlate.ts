/**
 * Request↔reply pairs: decoders name each exchange with a key (types.ts
 * PairRef); the correlator links a reply or stream item to the request that
 * opened its exchange, by the request's seq, with the latency between them.
 * Protocol-neutral: it only matches keys, in capture order.
 */
import type { DecodedMessage } from './types';

/** A decoded message with what the correlator learned of its exchange. */
export interface LinkedMessage extends DecodedMessage {
  /** Seq of the request or stream start this message answers. */
  replyTo?: number;
  /** Milliseconds from that request to this message. */
  latencyMs?: number;
  /** Seqs of the replies and stream items to this request, in order (filled in as they arrive). */
  replies?: number[];
  /** This request's exchange ended without a reply: the connection closed, or its id was reused. */
  unanswered?: boolean;
}

/** Open exchanges kept per connection; beyond it the oldest are let go (and counted unanswered). */
export const MAX_OPEN_EXCHANGES = 10_000;

interface OpenExchange {
  seq: number;
  t: number;
  message: LinkedMessage;
}

export class Correlator {
  private open = new Map<string, OpenExchange>();

  /** Links `message` (in frame `seq` at time `t`) into its exchange, if it takes part in one. */
  note(seq: number, t: number, message: LinkedMessage): void {
    const pair = message.pair;
    if (!pair) return;
    if (pair.role === 'request' || pair.role === 'stream-start') {
      this.close(this.open.get(pair.key));
      // Re-inserted keys go to the end, so the map's first key is the oldest exchange.
      this.open.delete(pair.key);
      this.open.set(pair.key, { seq, t, message });
      if (this.open.size > MAX_OPEN_EXCHANGES) {
        const [oldest] = this.open;
        this.close(oldest![1]);
        this.open.delete(oldest![0]);
      }
      return;
    }
    const request = this.open.get(pair.key);
    if (!request) return;
    message.replyTo = request.seq;
    message.latencyMs = Math.max(0, t - request.t);
    (request.message.replies ??= []).push(seq);
    if (pair.role === 'reply') this.open.delete(pair.key);
  }

  /** The connection closed: requests still waiting never got their reply (open streams just ended). */
  end(): void {
    for (const exchange of this.open.values()) this.close(exchange);
    this.open.clear();
  }

  /** Seqs of requests still waiting for a reply. */
  waiting(): number[] {
    return [...this.open.values()].filter((e) => e.message.pair?.role === 'request').map((e) => e.seq);
  }

  private close(exchange: OpenExchange | undefined): void {
    if (exchange?.message.pair?.role === 'request' && !exchange.message.replies) exchange.message.unanswered = true;
  }
}
