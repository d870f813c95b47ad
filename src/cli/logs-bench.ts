/**
 * `npm run bench:logs`: how long exporting and importing session logs takes,
 * for 100,000 frames and for a 50 MB HAR, and the longest stretch an export
 * blocks the thread when collected in slices as the panel does. A benchmark,
 * not a test: it asserts nothing. Run with `node --expose-gc` (npm does) for
 * heap figures after a collection.
 *
 *   BENCH_FRAMES=100000  frames in the generated session
 *   BENCH_RUNS=3         runs per measurement (the median is printed)
 */
import { cpus, loadavg } from 'node:os';
import {
  collectChunks,
  exportHar,
  exportNdjson,
  exportSessionJson,
  exportText,
  harChunks,
  importLog,
} from '../lib/logs';
import { bulkRecords } from '../lib/logs/testing';

const FRAMES = Number(process.env.BENCH_FRAMES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const gc = (globalThis as { gc?: () => void }).gc;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time<T>(label: string, work: () => T, note: (result: T) => string = () => ''): T {
  const times: number[] = [];
  let result!: T;
  for (let i = 0; i < RUNS; i++) {
    gc?.();
    const start = performance.now();
    result = work();
    times.push(performance.now() - start);
  }
  console.log(`${label.padEnd(44)} ${median(times).toFixed(0).padStart(6)} ms  ${note(result)}`);
  return result;
}

const mb = (chars: number) => `${(chars / 1e6).toFixed(1)} MB`;
const heap = () => {
  gc?.();
  return process.memoryUsage().heapUsed;
};

/** A HAR of about 50 MB: 250,000 messages in one entry (3 of 4 text of ~220 bytes, 1 binary of 100 bytes). */
function bigHar(): string {
  const text = JSON.stringify(JSON.stringify({ type: 'tick', price: 101.25, tags: ['a', 'b'], note: 'x'.repeat(150) }));
  const binary = JSON.stringify('AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g'.repeat(3));
  const messages = Array.from({ length: 250_000 }, (_, i) => {
    const time = 1_789_000_000 + i / 1000;
    return i % 4 === 3
      ? `{"type":"receive","time":${time},"opcode":2,"data":${binary}}`
      : `{"type":"send","time":${time},"opcode":1,"data":${text}}`;
  });
  return `{"log":{"version":"1.2","creator":{"name":"bench","version":"1"},"entries":[{"startedDateTime":"2026-09-10T00:00:00Z","request":{"url":"wss://big.example.test/"},"response":{"status":101},"_webSocketMessages":[\n${messages.join(',\n')}\n]}]}}`;
}

async function main(): Promise<void> {
  const load = loadavg()[0]!.toFixed(1);
  const heapNote = gc ? 'heap after gc' : 'no --expose-gc: heap figures are rough';
  console.log(`Node ${process.version}, ${cpus().length} CPUs, load ${load}; median of ${RUNS} runs; ${heapNote}\n`);
  const records = bulkRecords(FRAMES, 10);
  console.log(
    `Session: ${FRAMES.toLocaleString('en-US')} frames on 10 connections (half JSON text, half 24-byte binary)\n`,
  );
  const har = time(
    'export HAR',
    () => exportHar(records),
    (s) => mb(s.length),
  );
  const json = time(
    'export JSON session',
    () => exportSessionJson(records),
    (s) => mb(s.length),
  );
  time(
    'export NDJSON',
    () => exportNdjson(records),
    (s) => mb(s.length),
  );
  time(
    'export text',
    () => exportText(records),
    (s) => mb(s.length),
  );
  time(
    'import HAR',
    () => importLog(har),
    (r) => (r.ok ? `${r.records.length} records` : r.error),
  );
  time(
    'import JSON session',
    () => importLog(json),
    (r) => (r.ok ? `${r.records.length} records` : r.error),
  );

  // As the panel exports: chunks collected in slices with a macrotask between them.
  let longest = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 0);
  const start = performance.now();
  const parts = await collectChunks(harChunks(records));
  clearInterval(ticker);
  console.log(
    `${'export HAR in slices (collectChunks)'.padEnd(44)} ${(performance.now() - start).toFixed(0).padStart(6)} ms  ${parts.length} chunks, longest block ${longest.toFixed(0)} ms`,
  );

  console.log('');
  const big = bigHar();
  const before = heap();
  const result = time(
    `import a ${mb(big.length)} HAR`,
    () => importLog(big),
    (r) => (r.ok ? `${r.records.length} records` : r.error),
  );
  console.log(
    `${'heap held by the imported records'.padEnd(44)} ${((heap() - before) / 1e6).toFixed(0).padStart(6)} MB`,
  );
  time(
    `the same HAR cut in half`,
    () => importLog(big.slice(0, big.length / 2)),
    (r) => (r.ok ? 'ok?' : 'error: cut short'),
  );
  if (!result.ok) process.exitCode = 1;
}

await main();
