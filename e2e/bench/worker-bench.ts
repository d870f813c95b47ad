/**
 * `npm run bench:workers`: what deep capture costs a worker's WebSockets, and
 * what Chrome DevTools' own recording of the same worker costs. Deep capture
 * enables the Network domain in worker sessions only (the page's sockets come
 * from the hook), so the bench's main frame workloads run here in a dedicated
 * worker the bench page starts for each run (WORKER_WORKLOADS; the same loops
 * as the page's, page/workloads.js loaded by page/worker.js).
 *
 *   without       Chromium with no extension
 *   deep capture  Chromium with the built extension, deep capture on for the
 *                 measured tab (turned on through the panel port before the
 *                 warm-up, as `record --workers` does; the tab keeps it across
 *                 reloads), so every worker frame becomes a CDP event in the
 *                 extension's service worker, which records it
 *   DevTools      no extension; a CDP session on the page auto-attaches its
 *                 workers, held at their start, enables Network in each and
 *                 lets it run: every frame an event parsed and kept here
 *
 * Timed as `bench:hook` times its settled mode (schedule.ts): sides in turns,
 * browser quiet after each run, median of the paired ratios, the whole
 * browser's CPU. After each workload's last run it checks that each recorder
 * holds every frame of that run. A benchmark, not a test: it asserts nothing
 * about times.
 *
 *   LENS_DIST=dist-bench/  the built extension (default dist/)
 *   BENCH_RUNS=15          measured runs per workload and side (after one small warm-up pass)
 *   --only=<text>          run only the workloads whose names contain <text>
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { readSession } from '../../src/cli/session-reader';
import { startBenchServer } from './bench-server';
import { launchSides, withLensClient, type Sides } from './sides';
import { WORKER_WORKLOADS, type Workload } from './workloads';
import { markdownTable, table } from './report';
import { allOf, warmUp, settledRuns, type Runs } from './schedule';
import { recordedByDevTools, recordedByExtension } from './checks';
import { figuresHeading } from './heading';
import { CPU_HEADER, cpuRow, MARKDOWN_HEADER, markdownRow, TIME_HEADER, timeRow } from './tables';

const DIST = resolve(process.env.LENS_DIST ?? 'dist');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const ONLY = process.argv.find((arg) => arg.startsWith('--only='))?.split('=')[1];
const CHOSEN = ONLY ? WORKER_WORKLOADS.filter((w) => w.name.includes(ONLY)) : WORKER_WORKLOADS;
const MODE = 'settled, in a dedicated worker';

/** The hook bench's headers, with its extension side named for what it is here. */
const renamed = (header: string[], names: Record<string, string>) => header.map((cell) => names[cell] ?? cell);
const TIME = renamed(TIME_HEADER, { 'with extension': 'deep capture' });
const CPU = renamed(CPU_HEADER, {
  with: 'deep capture',
  'ext. extra': 'deep extra',
  'ext. ms/MB': 'deep ms/MB',
});
const MARKDOWN = renamed(MARKDOWN_HEADER, {
  'with (ms)': 'deep capture (ms)',
  ratio: 'deep capture ratio',
  'ext. CPU (ms/MB)': 'deep capture CPU (ms/MB)',
});

/** Deep capture on for the measured tab, through the panel port (not timed; the tab keeps it across reloads). */
async function deepCaptureOn(sides: Sides): Promise<void> {
  await withLensClient(sides, (client, tabId) => client.setDeepCapture(tabId, true));
}

/** What deep capture of the measured tab says it is doing (a run without it would look free). */
function deepCaptureState(sides: Sides): Promise<string> {
  return sides.withExt.inspect(async (extension, tabId) => {
    const { status } = await readSession(extension, tabId);
    const state = status.deepCapture;
    return !state ? 'never turned on' : state.state === 'ended' ? `ended (${state.reason})` : state.state;
  });
}

async function main(): Promise<void> {
  if (!existsSync(join(DIST, 'manifest.json'))) throw new Error(`${DIST} has no manifest.json: build first.`);
  if (!CHOSEN.length) throw new Error(`No worker workload's name contains "${ONLY}".`);
  const started = Date.now();
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  console.log(
    `WebSocket Lens worker bench (deep capture): ${cpus().length} cores, load ${load()}, ${RUNS} runs per side, ${MODE}, extension ${DIST}`,
  );

  const server = await startBenchServer();
  const sides = await launchSides(DIST, server.origin, { workers: true });
  try {
    // The tab must have its page before deep capture looks at its origin; the warm-up reloads it anyway.
    await sides.withExt.reload();
    await deepCaptureOn(sides);
    await warmUp(sides, CHOSEN);
    const results = new Map<Workload, Runs>();
    const checks = { extension: [] as string[], devtools: [] as string[] };
    for (const workload of CHOSEN) {
      results.set(workload, await settledRuns(allOf(sides), workload, RUNS));
      checks.extension.push(await recordedByExtension(sides.withExt, workload));
      checks.devtools.push(recordedByDevTools(sides.devtools, workload));
      process.stdout.write('.');
    }
    const state = await deepCaptureState(sides);

    const rows = (row: (workload: Workload, runs: Runs) => string[]) =>
      [...results].map(([workload, runs]) => row(workload, runs));
    console.log(`\n\nPage time in ms (${MODE}: the worker's own clock, first send to last echo or first to last`);
    console.log('push), median (min–max); ratio: the median of the ratios of runs made in the same round (deep');
    console.log('capture or DevTools recording, against without), its 95% interval and the middle half of those');
    console.log('ratios; best runs: the ratio of the fastest runs:\n');
    console.log(table(TIME, rows(timeRow)));

    console.log('\nBrowser CPU in ms, all processes until quiet, median; extra: over the run without, median of');
    console.log("pairs; per MB of payload sent and received (10^6 bytes); in ext. processes: the extension's own");
    console.log('processes (its service worker, which takes the debugger events), per MB:\n');
    console.log(table(CPU, rows(cpuRow)));

    console.log(`\nRecorded by the extension (deep capture, last run of each workload; deep capture now: ${state}):`);
    for (const check of checks.extension) console.log(`  ${check}`);
    console.log("\nRecorded by DevTools' recording (CDP Network events of the worker sessions, last run):");
    for (const check of checks.devtools) console.log(`  ${check}`);

    const markdown = `${await figuresHeading(sides, RUNS, MODE)}\n\n${markdownTable(MARKDOWN, rows(markdownRow))}`;
    console.log(`\nFor docs/PERFORMANCE.md:\n\n${markdown}`);
    console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(0)} s; load now ${load()}.`);
    console.log('Times are provisional whenever anything else runs on this machine (see the load above).');
  } finally {
    for (const side of allOf(sides)) await side.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
