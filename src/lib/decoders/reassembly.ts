/**
 * The bytes of a stream protocol (MQTT) that a frame left unfinished, kept for
 * the next frame of the same direction. Capacity doubles, so a packet spread
 * over many small frames costs linear time, and is capped so a hostile length
 * cannot make the panel hold more than `limit` bytes.
 */
export class Reassembly {
  private buffer = new Uint8Array(0);
  private length = 0;

  constructor(readonly limit: number) {}

  get size(): number {
    return this.length;
  }

  /** The kept bytes followed by `chunk`, or undefined when that would pass the limit. */
  join(chunk: Uint8Array): Uint8Array | undefined {
    if (this.length === 0) return chunk;
    const total = this.length + chunk.length;
    if (total > this.limit) return undefined;
    if (total > this.buffer.length) {
      const grown = new Uint8Array(Math.min(this.limit, Math.max(total, this.buffer.length * 2)));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(chunk, this.length);
    this.length = total;
    return this.buffer.subarray(0, total);
  }

  /** Keeps `rest` (a tail of what `join` returned, or of a frame) for the next frame. */
  keep(rest: Uint8Array): void {
    if (rest.length === 0) return this.reset();
    if (rest.buffer === this.buffer.buffer) {
      const start = rest.byteOffset - this.buffer.byteOffset;
      this.buffer.copyWithin(0, start, start + rest.length);
    } else {
      if (rest.length > this.buffer.length) this.buffer = new Uint8Array(rest.length);
      this.buffer.set(rest);
    }
    this.length = rest.length;
  }

  reset(): void {
    this.length = 0;
    // Let a large packet's buffer go once it is done.
    if (this.buffer.length > 64 * 1024) this.buffer = new Uint8Array(0);
  }
}
