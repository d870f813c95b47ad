/**
 * Collecting an export's chunks without freezing the page that does it: the
 * work is cut into slices of a few milliseconds with a macrotask between
 * them, so the panel keeps painting and handling input during a big export.
 * The chunks go straight into a Blob, never into one giant string (V8 caps a
 * string at about 512 MiB).
 */
export interface CollectOptions {
  /** Longest stretch of work between pauses, in ms. */
  sliceMs?: number;
  signal?: AbortSignal;
  /** Called after each slice with the characters collected so far. */
  onProgress?: (chars: number) => void;
}

export async function collectChunks(chunks: Iterable<string>, options: CollectOptions = {}): Promise<string[]> {
  const { sliceMs = 12, signal, onProgress } = options;
  const parts: string[] = [];
  let chars = 0;
  let sliceStart = performance.now();
  for (const chunk of chunks) {
    parts.push(chunk);
    chars += chunk.length;
    if (performance.now() - sliceStart >= sliceMs) {
      onProgress?.(chars);
      await new Promise((resolve) => setTimeout(resolve, 0));
      signal?.throwIfAborted();
      sliceStart = performance.now();
    }
  }
  onProgress?.(chars);
  return parts;
}

/** The export as a Blob, built in slices (see collectChunks). */
export async function chunksToBlob(chunks: Iterable<string>, type: string, options?: CollectOptions): Promise<Blob> {
  return new Blob(await collectChunks(chunks, options), { type });
}
