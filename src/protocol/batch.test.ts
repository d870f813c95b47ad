import { describe, expect, it } from 'vitest';
import { UNMEASURED, chunksAsBlob, hasChunkBlob, readBatch, readChunkBlob } from './batch';
import { BATCH_MAX_RECORDS, MAX_BATCH_BLOB_BYTES, MAX_CAPTURED_BYTES } from './limits';
import { batchOf, valid } from './testing';

const binary = { ...valid.binary, data: new Uint8Array([0, 1, 2, 255]), size: 4 };
const marked = { ...valid.text, origin: 'devtools' };

describe('readBatch', () => {
  it('gives back every record in order: plain frames from the columns, the rest as they were, bytes as bytes', () => {
    const records = [
      valid.create,
      valid.open,
      valid.text,
      binary,
      marked,
      { ...valid.text, truncated: true },
      valid.close,
    ];
    const result = readBatch(batchOf(records));
    expect(result).toEqual({ ok: true, records });
  });

  it("gives a binary payload as a view into its chunk, with exactly the payload's bytes", () => {
    const batch = batchOf([binary]);
    const result = readBatch(batch);
    if (!result.ok) throw new Error(result.error);
    const data = (result.records[0] as { data: Uint8Array }).data;
    expect(data).toEqual(new Uint8Array([0, 1, 2, 255]));
    expect(data.buffer).toBe(batch.chunks[0]);
    expect(data.byteOffset).toBe(1);
  });

  it('copies the bytes of a record sent whole (a view into a shared buffer) into a buffer of exactly those bytes', () => {
    const shared = new Uint8Array([9, 9, 0, 1, 2, 3, 255, 9]);
    const frame = { ...binary, origin: 'devtools', data: shared.subarray(2, 7), size: 5 };
    const result = readBatch(batchOf([frame]));
    if (!result.ok) throw new Error(result.error);
    const data = (result.records[0] as { data: Uint8Array }).data;
    expect(result.records[0]).toMatchObject({ kind: 'frame', type: 'binary', size: 5 });
    expect(data).toEqual(new Uint8Array([0, 1, 2, 3, 255]));
    expect(data.buffer.byteLength).toBe(5);
  });

  it('leaves bytes over MAX_CAPTURED_BYTES as bytes, for validation to refuse', () => {
    const frame = { ...binary, origin: 'devtools', data: new Uint8Array(MAX_CAPTURED_BYTES + 1) };
    const result = readBatch(batchOf([frame]));
    if (!result.ok) throw new Error(result.error);
    expect((result.records[0] as { data: unknown }).data).toBeInstanceOf(Uint8Array);
  });

  it('reads BATCH_MAX_RECORDS records, and no more', () => {
    const full = Array.from({ length: BATCH_MAX_RECORDS }, (_, i) => ({ ...valid.text, sid: i + 1 }));
    expect(readBatch(batchOf(full)).ok).toBe(true);
    expect(readBatch(batchOf([...full, valid.text]))).toEqual({
      ok: false,
      error: `a batch has 1 to ${BATCH_MAX_RECORDS} records`,
    });
  });

  it.each([
    ['not an object', 'batch', 'a batch is an object'],
    ['empty', { ...batchOf([valid.text]), count: 0 }, 'a batch has 1 to 500 records'],
    ['counted wrong', { ...batchOf([valid.text]), count: 1.5 }, 'a batch has 1 to 500 records'],
    [
      'short of numbers',
      { ...batchOf([valid.text, valid.text]), numbers: new Float64Array(3) },
      'a batch needs numbers for every record',
    ],
    [
      'numbers of another type',
      { ...batchOf([valid.text]), numbers: [1, 2, 3] },
      'a batch needs numbers for every record',
    ],
    [
      'short of flags',
      { ...batchOf([valid.text, valid.text]), flags: new Uint8Array(1) },
      'a batch needs flags for every record',
    ],
    [
      'short of items',
      { ...batchOf([valid.text, valid.text]), items: ['x'] },
      'a batch needs an item for every record',
    ],
  ])('refuses a batch that is %s, with a clear error and without throwing', (_, batch, error) => {
    expect(readBatch(batch)).toEqual({ ok: false, error });
  });
});

describe('readBatch: sizes the hook left to the background', () => {
  it('measures a whole text as its UTF-8 length, in the columns and in a record object', () => {
    const text = { ...valid.text, data: 'héllo €', size: UNMEASURED };
    const result = readBatch(batchOf([text, { ...text, origin: 'devtools' }]));
    if (!result.ok) throw new Error(result.error);
    expect(result.records.map((r) => (r as { size: number }).size)).toEqual([10, 10]);
  });

  it('leaves measured sizes and binary payloads alone', () => {
    const result = readBatch(batchOf([{ ...valid.text, data: 'cut', size: 5000, truncated: true }, binary]));
    if (!result.ok) throw new Error(result.error);
    expect(result.records.map((r) => (r as { size: number }).size)).toEqual([5000, 4]);
  });
});

describe('readBatch: sent text as the wire carried it', () => {
  it('turns lone surrogates of sent text into U+FFFD, in the columns and in a record object, sizing them 3 bytes', () => {
    const sent = { ...valid.text, dir: 'sent', data: 'a\uD800b \uD83D\uDE00 \uDC00', size: UNMEASURED };
    const result = readBatch(batchOf([sent, { ...sent, origin: 'devtools' }]));
    if (!result.ok) throw new Error(result.error);
    for (const record of result.records)
      expect(record).toMatchObject({ data: 'a\uFFFDb \uD83D\uDE00 \uFFFD', size: 1 + 3 + 1 + 1 + 4 + 1 + 3 });
  });

  it('keeps a sent text that has no lone surrogate as it is', () => {
    const sent = { ...valid.text, dir: 'sent', data: 'pair \uD83D\uDE00', size: 9 };
    const result = readBatch(batchOf([sent]));
    if (!result.ok) throw new Error(result.error);
    expect(result.records[0]).toMatchObject({ data: 'pair \uD83D\uDE00', size: 9 });
  });
});

describe('readBatch: bytes in chunks', () => {
  it('gives a place outside its chunk no bytes (data null), which record validation refuses', () => {
    const batch = batchOf([binary]);
    batch.numbers[4] = 100; // longer than the chunk
    const result = readBatch(batch);
    if (!result.ok) throw new Error(result.error);
    expect(result.records[0]).toMatchObject({ type: 'binary', data: null });
  });

  it('refuses chunks that are not bytes', () => {
    for (const chunk of [[0, 1, 2, 3], new Uint16Array(4), 'abcd'])
      expect(readBatch({ ...batchOf([binary]), chunks: [chunk] })).toEqual({
        ok: false,
        error: "a batch's chunks are bytes",
      });
  });

  it("reads bytes out of chunks that are views (read from a Blob), at the view's offset", () => {
    const whole = new Uint8Array([7, 7, 7, 0xee, 0, 1, 2, 255, 0xee]);
    const result = readBatch({ ...batchOf([binary]), chunks: [whole.subarray(3)] });
    expect(result).toEqual({ ok: true, records: [binary] });
  });
});

describe('chunks in a Blob (the relay in Chrome)', () => {
  const records = [valid.create, binary, valid.text, { ...binary, data: new Uint8Array([9, 8]), size: 2 }];

  it('reads back every payload byte for byte, the rest of the batch as it was', async () => {
    const sent = chunksAsBlob(batchOf(records));
    expect('chunks' in sent).toBe(false);
    const received = structuredClone(sent);
    expect(hasChunkBlob(received)).toBe(true);
    const { batch, bytes } = await readChunkBlob(received as { blob: Blob });
    expect(readBatch(batch)).toEqual({ ok: true, records });
    expect(bytes?.byteLength).toBe((sent as { blob: Blob }).blob.size);
  });

  it('cuts each chunk after the last byte its frames use (batchOf leaves one byte after each)', () => {
    const sent = chunksAsBlob(batchOf(records)) as { blob: Blob; lengths: number[] };
    expect(sent.lengths).toEqual([5, 3]);
    expect(sent.blob.size).toBe(8 + valid.text.data.length); // the text after them
  });

  it('puts the texts of plain text frames after the chunks, joined, and gives each back whole', async () => {
    const texts = [
      { ...valid.text, data: '\ufeffstarts with a BOM' },
      { ...valid.text, dir: 'received', data: 'ünïcödé 😀', size: 15 },
      { ...valid.text, dir: 'received', data: '', size: 0 },
      { ...valid.text, data: 'lone \ud800 surrogate', size: 20 },
    ];
    const records = [valid.create, ...texts, binary, marked];
    const sent = chunksAsBlob(batchOf(records)) as { blob: Blob; lengths: number[]; textUnits: number };
    expect(sent.lengths).toEqual([5]);
    expect(sent.textUnits).toBe(texts.reduce((sum, text) => sum + text.data.length, 0));
    const { batch } = await readChunkBlob(structuredClone(sent));
    // A sent text goes out with U+FFFD for a lone surrogate (asSentText): the Blob's UTF-8 does the same.
    const expected = records.map((r) => (r === texts[3] ? { ...r, data: 'lone \ufffd surrogate' } : r));
    expect(readBatch(batch)).toEqual({ ok: true, records: expected });
  });

  it('measures the texts of an all-ASCII batch from the Blob, others by hand', async () => {
    const unmeasured = (data: string) => ({ ...valid.text, data, size: UNMEASURED });
    for (const data of ['plain ascii', 'ascii and ü']) {
      const { batch } = await readChunkBlob(
        chunksAsBlob(batchOf([unmeasured(data), unmeasured('x')])) as { blob: Blob },
      );
      const result = readBatch(batch);
      if (!result.ok) throw new Error(result.error);
      expect(result.records.map((r) => (r as { size: number }).size)).toEqual([
        new TextEncoder().encode(data).length,
        1,
      ]);
    }
  });

  it('refuses text lengths that do not add up to the texts in the Blob', async () => {
    const sent = chunksAsBlob(batchOf([valid.text, { ...valid.text, data: 'more' }])) as {
      blob: Blob;
      items: unknown[];
      textUnits: number;
    };
    for (const change of [
      { textUnits: sent.textUnits + 1 },
      { textUnits: -1 },
      { textUnits: 'nine' },
      { items: [5, 5] },
      { items: ['hello', 4] },
      { items: [1.5, 7.5] },
    ]) {
      const { batch, bytes } = await readChunkBlob({ ...sent, ...change });
      expect(bytes).toBeUndefined();
      expect(readBatch(batch).ok).toBe(false);
    }
  });

  it('leaves a batch without payloads in columns as it is', () => {
    const batch = batchOf([valid.create, marked]);
    expect(chunksAsBlob(batch)).toBe(batch);
    expect(hasChunkBlob(batch)).toBe(false);
  });

  it('refuses a Blob over MAX_BATCH_BLOB_BYTES without reading it', async () => {
    const blob = new Blob([new Uint8Array(MAX_BATCH_BLOB_BYTES + 1)]);
    blob.arrayBuffer = () => Promise.reject(new Error('must not be read'));
    const { batch, bytes } = await readChunkBlob({ ...batchOf([binary]), blob, lengths: [blob.size] });
    expect(bytes).toBeUndefined();
    expect(readBatch(batch)).toEqual({ ok: false, error: "a batch's chunks are bytes" });
  });

  it('refuses lengths that do not add up to the Blob, and a Blob that cannot be read', async () => {
    const blob = new Blob([new Uint8Array(6)]);
    for (const lengths of [[5], [3, 4], [-1, 7], [1.5, 4.5], 'six']) {
      const { batch } = await readChunkBlob({ ...batchOf([binary]), blob, lengths });
      expect(readBatch(batch).ok).toBe(false);
    }
    const broken = new Blob([new Uint8Array(6)]);
    broken.arrayBuffer = () => Promise.reject(new Error('the blob is gone'));
    const { batch } = await readChunkBlob({ ...batchOf([binary]), blob: broken, lengths: [6] });
    expect(readBatch(batch).ok).toBe(false);
  });
});
