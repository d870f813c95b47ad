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

  /** Reads records[processed…]; returns true when any frame got a result. */
  update(records: readonly SessionRecord[]): boolean {
    const before = this.frames.size;
    for (let i = this.processed; i < records.length; i++) this.apply(records[i]!);
    this.processed = records.length;
    return this.frames.size !== before;
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
