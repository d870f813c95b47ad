import { describe, expect, it } from 'vitest';
import { chunksToBlob, collectChunks } from './chunks';
import { LOG_FORMATS, logChunks, logFileName, type LogFormat } from './formats';
import { importLog } from './import';
import { bulkRecords, sampleRecords } from './testing';

describe('export formats', () => {
  it('writes every format from one call', () => {
    const records = sampleRecords();
    const text = (format: LogFormat) => [...logChunks(format, records, { exportedAt: 0 })].join('');
    expect(importLog(text('har')).ok).toBe(true);
    expect(importLog(text('json'))).toMatchObject({ ok: true, records });
    expect(text('ndjson').trimEnd().split('\n')).toHaveLength(8);
    expect(text('text').startsWith('# 1.1  wss://chat.example.test/')).toBe(true);
  });

  it('names files after the page host and the time', () => {
    const at = Date.UTC(2026, 10, 2, 10, 5, 9);
    expect(logFileName('har', { pageUrl: 'https://app.example.test:8443/x?y', exportedAt: at })).toBe(
      'websocket-lens-app.example.test_8443-2026-11-02T10-05-09.har',
    );
    expect(logFileName('ndjson', { exportedAt: at })).toBe('websocket-lens-2026-11-02T10-05-09.ndjson');
    expect(logFileName('json', { pageUrl: 'not a url', exportedAt: at })).toBe(
      'websocket-lens-2026-11-02T10-05-09.json',
    );
    expect(Object.values(LOG_FORMATS).map((f) => f.extension)).toEqual(['.har', '.json', '.ndjson', '.txt']);
  });
});

describe('collecting chunks without blocking', () => {
  it('lets other tasks run between slices', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    function* slow(): Generator<string> {
      for (let i = 0; i < 20; i++) {
        const until = performance.now() + 3;
        while (performance.now() < until); // a busy chunk, like a big page of messages
        yield `${i},`;
      }
    }
    const parts = await collectChunks(slow(), { sliceMs: 5 });
    clearInterval(timer);
    expect(parts.join('')).toBe(Array.from({ length: 20 }, (_, i) => `${i},`).join(''));
    expect(ticks).toBeGreaterThan(3);
  });

  it('reports progress and stops when aborted', async () => {
    const controller = new AbortController();
    const progress: number[] = [];
    const chunks = logChunks('har', bulkRecords(20_000, 2));
    const done = collectChunks(chunks, {
      sliceMs: 0,
      signal: controller.signal,
      onProgress: (chars) => {
        progress.push(chars);
        if (progress.length === 2) controller.abort();
      },
    });
    await expect(done).rejects.toThrow(/aborted/);
    expect(progress[1]).toBeGreaterThan(progress[0]!);
  });

  it('makes a Blob of the whole export', async () => {
    const blob = await chunksToBlob(logChunks('json', sampleRecords()), 'application/json');
    expect(blob.type).toBe('application/json');
    expect(importLog(await blob.text())).toMatchObject({ ok: true, records: sampleRecords() });
  });
});
