/**
 * A tab's records read as their protocols: one ConnectionDecoding per
 * connection, fed in seq order. Incremental like the panel's Timeline: a live
 * flood costs work proportional to what arrived, and only a new base (reset,
 * clear, trim) or a changed choice of decoder starts over.
 */
import type { SessionRecord } from '../../protocol/schema';
import { ConnectionDecoding, type DecodedFrame } from './connection-decoding';
import type { ConnectionInfo, Decoder } from './types';

export interface TabDecodingOptions {
  decoders?: readonly Decoder[];
  /** The user's choice for a connection: a decoder, null for raw frames, undefined to detect. */
  choose?: (info: ConnectionInfo) => Decoder | null | undefined;
}

export class TabDecoding {
  readonly connections = new Map<string, ConnectionDecoding>();
  /** Decoded frames by seq; a frame absent here is not decoded (no decoder, or still deciding). */
  readonly frames = new Map<number, DecodedFrame>();
  private processed = 0;

  constructor(private options: TabDecodingOptions = {}) {}

  /**
   * Reads records[processed…], until `deadline` (a performance.now() time) if
   * given, so a caller can spread a big session over several tasks; returns
   * true when any frame got a result.
   */
  update(records: readonly SessionRecord[], deadline = Infinity): boolean {
    const before = this.frames.size;
    let i = this.processed;
    while (i < records.length) {
      this.apply(records[i++]!);
      if ((i & 511) === 0 && performance.now() > deadline) break;
    }
    this.processed = i;
    return this.frames.size !== before;
  }

  /** Records of `records` not read yet (update stopped at its deadline). */
  behind(records: readonly SessionRecord[]): number {
    return records.length - this.processed;
  }

  get(seq: number): DecodedFrame | undefined {
    return this.frames.get(seq);
  }

  private apply(record: SessionRecord): void {
    if (record.kind === 'create') {
      const info = { url: record.url, protocols: record.protocols, protocol: '' };
      const chosen = this.options.choose?.(info);
      this.connections.set(
        record.conn,
        new ConnectionDecoding(info, { decoders: this.options.decoders, ...(chosen !== undefined && { chosen }) }),
      );
      return;
    }
    const connection = this.connections.get(record.conn);
    if (!connection) return;
    if (record.kind === 'open') connection.info.protocol = record.protocol;
    else if (record.kind === 'close') connection.end();
    else if (record.kind === 'frame') for (const [seq, result] of connection.push(record)) this.frames.set(seq, result);
  }
}
