/**
 * One connection's frames read as its protocol, in capture order: picks the
 * decoder (registry.ts), holds back the first few frames while their content
 * decides, decodes each frame once and links pairs (correlate.ts). A decoder
 * that throws is caught here: the frame gets an error, the timeline goes on.
 */
import { Correlator, type LinkedMessage } from './correlate';
import { DETECT_FRAMES, detect } from './registry';
import type { ConnectionDecoder, ConnectionInfo, Decoder, DecoderFrame } from './types';

export type DecodedFrame =
  | { messages: LinkedMessage[] }
  | { error: string }
  /** The frame holds part of a message completed by a later frame. */
  | { pending: string };

export interface ConnectionDecodingOptions {
  decoders?: readonly Decoder[];
  /** The user's choice: this decoder, or null for none (raw frames). Undefined: detect. */
  chosen?: Decoder | null;
}

export class ConnectionDecoding {
  /** The decoder reading this connection; null when none (yet). */
  decoder: Decoder | null = null;
  readonly correlator = new Correlator();
  private reader: ConnectionDecoder | null = null;
  private held: DecoderFrame[] = [];
  /** Detection is over (a decoder was chosen, or none fits). */
  private decided: boolean;

  constructor(
    public info: ConnectionInfo,
    private options: ConnectionDecodingOptions = {},
  ) {
    this.decided = options.chosen !== undefined;
    if (options.chosen) this.use(options.chosen);
  }

  /**
   * Decodes `frame`; returns the results of every frame decoded by this call
   * (held frames come out together once their content decided), as [seq, result].
   */
  push(frame: DecoderFrame): [number, DecodedFrame][] {
    if (!this.decided) {
      this.held.push(frame);
      const found = detect(this.info, this.held, this.options.decoders);
      if (!found && this.held.length < DETECT_FRAMES) return [];
      this.decided = true;
      if (found) this.use(found.decoder);
      const held = this.held;
      this.held = [];
      return this.reader ? held.map((f) => [f.seq, this.read(f)]) : [];
    }
    return this.reader ? [[frame.seq, this.read(frame)]] : [];
  }

  /** The connection closed: requests still waiting are marked unanswered. */
  end(): void {
    this.correlator.end();
  }

  private use(decoder: Decoder): void {
    this.decoder = decoder;
    this.reader = decoder.create(this.info);
  }

  private read(frame: DecoderFrame): DecodedFrame {
    let result;
    try {
      result = this.reader!.decode(frame);
    } catch (error) {
      return {
        error: `The ${this.decoder!.label} decoder failed: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    if (!('messages' in result)) return result;
    const messages: LinkedMessage[] = result.messages;
    for (const message of messages) this.correlator.note(frame.seq, frame.t, message);
    return { messages };
  }
}
