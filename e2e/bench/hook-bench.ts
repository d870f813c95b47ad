/**
 * `npm run bench`: how much the extension slows a page's WebSockets. Runs the
 * issue's workloads in Chromium with the built extension, in Chromium without
 * any extension, and in Chromium recording with DevTools' own Network domain,
 * interleaved in one run, and prints median page times and their ratios, the
 * browser CPU each spends per recorded MB, the hook's own cost per frame, what
 * each recorder holds (a recorder that silently records nothing would look
 * free), a Markdown table for docs/PERFORMANCE.md, and on request a CPU profile
 * of the worst workload. A benchmark, not a test: it asserts nothing about times.
 *
 * The server runs in this process: on two cores a worker or child process
 * would add no parallelism (Chromium's renderer, network service and the
 * extension's worker already want both), only another heap to collect. During
 * a timed run this process only waits for one CDP answer, so the server's
 * event loop has Node to itself.
 *
 *   LENS_DIST=dist-bench/  the built extension (default dist/)
 *   BENCH_RUNS=15          measured runs per workload and browser (after one small warm-up pass)
 *   BENCH_FLOOR_ROUNDS     rounds of the binary floor's runs of four (default 3 × BENCH_RUNS; floor.ts)
 *   --profile              also profile the worst workload (adds ~20 s)
 *   --profile=<text>       profile the first workload whose name contains <text> instead
 *   --only=<text>          run only the workloads and probes whose names contain <text>
 *   --back-to-back         no waiting for quiet between workloads (schedule.ts); lever rows are left out
 */
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SETTINGS_KEY } from '../../src/protocol/settings';
import { startBenchServer } from './bench-server';
import { launchSides, withLensClient, type Side, type Sides } from './sides';
import { FLOOR, isLever, PROBES, RECEIVE_FLOOR, WORKLOADS, type Workload } from './workloads';
import { markdownTable, median, ms, ratio, table } from './report';
import { PARTS, profileWhile, summarize, type ProfileSummary } from './profile';
import { allOf, warmUp, backToBackRuns, measured, settledRuns, type Runs } from './schedule';
import type { ThreadUse } from './page-thread';
import { recordedByDevTools, recordedByExtension } from './checks';
import { figuresHeading } from './heading';
import { printFloor, printMemoryCost, printReceiveFloor } from './floor';
import { CPU_HEADER, cpuRow, extensionRatio, MARKDOWN_HEADER, markdownRow, TIME_HEADER, timeRow } from './tables';

const DIST = resolve(process.env.LENS_DIST ?? 'dist');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const FLOOR_ROUNDS = Number(process.env.BENCH_FLOOR_ROUNDS ?? 3 * RUNS);
const PROFILE = process.argv.find((arg) => arg.startsWith('--profile'));
/** `--profile=push` profiles the first workload whose name has "push" instead of the worst. */
const PROFILE_PICK = PROFILE?.split('=')[1];
/** `--only=binary` times just the workloads and probes whose names have "binary": a quicker loop while working on one. */
const ONLY = process.argv.find((arg) => arg.startsWith('--only='))?.split('=')[1];
const BACK_TO_BACK = process.argv.includes('--back-to-back');
const CHOSEN = (ONLY ? WORKLOADS.filter((w) => w.name.includes(ONLY)) : WORKLOADS).filter(
  // A lever's settings are set through the worker between runs, which would break a row of runs with no waiting.
  (workload) => !(BACK_TO_BACK && isLever(workload)),
);

/** RUNS runs on the extension's and the plain side, in turns (the probes and per-frame rows). */
async function compare<T>(sides: Sides, run: (side: Side) => Promise<T>): Promise<Record<'with' | 'without', T[]>> {
  const results: Record<'with' | 'without', T[]> = { with: [], without: [] };
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 ? [sides.withExt, sides.without] : [sides.without, sides.withExt];
    for (const side of order) results[side.label as 'with' | 'without'].push(await run(side));
  }
  return results;
}

/** Settled: each workload in turn, its lever applied around its runs; checks read its last runs. */
async function timeSettled(sides: Sides, checks: Checks): Promise<Map<Workload, Runs>> {
  const results = new Map<Workload, Runs>();
  for (const workload of CHOSEN) {
    await applySettings(sides, workload.settings);
    if (workload.paused) await setPaused(sides, true);
    // DevTools' recording has no levers: a lever row would time its binary echo again.
    const timed = isLever(workload) ? [sides.without, sides.withExt] : allOf(sides);
    results.set(workload, await settledRuns(timed, workload, RUNS));
    await applySettings(sides, workload.settings && {});
    if (workload.paused) await setPaused(sides, false);
    checks.extension.push(await recordedByExtension(sides.withExt, workload));
    if (!isLever(workload)) checks.devtools.push(recordedByDevTools(sides.devtools, workload));
    process.stdout.write('.');
  }
  return results;
}

/** Back to back; then one settled run of each workload per recorder for the checks (a reload ends a page's session). */
async function timeBackToBack(sides: Sides, checks: Checks): Promise<Map<Workload, Runs>> {
  const results = await backToBackRuns(allOf(sides), CHOSEN, RUNS);
  for (const workload of CHOSEN) {
    for (const side of [sides.withExt, sides.devtools]) {
      await side.reload();
      await workload.run(side.page);
      await side.settledCpu();
    }
    checks.extension.push(await recordedByExtension(sides.withExt, workload));
    checks.devtools.push(recordedByDevTools(sides.devtools, workload));
  }
  process.stdout.write('.');
  return results;
}

interface Checks {
  extension: string[];
  devtools: string[];
}

/** Stores options-page settings for the extension (nothing when `settings` is undefined; {} restores the defaults). */
async function applySettings(sides: Sides, settings: object | undefined): Promise<void> {
  if (!settings) return;
  await sides.withExt.inspect((extension) =>
    extension.worker.evaluate(([key, value]) => chrome.storage.local.set({ [key]: value }), [
      SETTINGS_KEY,
      settings,
    ] as const),
  );
  // The worker hears of it through storage.onChanged: give that a moment before the next page says hello.
  await new Promise((resolve) => setTimeout(resolve, 200));
}

/** Pauses or resumes capture for the measured tab, as the panel's button does (the tab's session keeps it across reloads). */
async function setPaused(sides: Sides, paused: boolean): Promise<void> {
  await withLensClient(sides, (client, tabId) => client.setPaused(tabId, paused));
}

async function main(): Promise<void> {
  if (!existsSync(join(DIST, 'manifest.json'))) throw new Error(`${DIST} has no manifest.json: build first.`);
  const started = Date.now();
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  const mode = BACK_TO_BACK ? 'back to back' : 'settled';
  console.log(
    `WebSocket Lens bench: ${cpus().length} cores, load ${load()}, ${RUNS} runs per side, ${mode}, extension ${DIST}`,
  );

  let markdown = '';
  const server = await startBenchServer();
  const sides = await launchSides(DIST, server.origin);
  try {
    await warmUp(sides, CHOSEN);
    const checks: Checks = { extension: [], devtools: [] };
    const results = BACK_TO_BACK ? await timeBackToBack(sides, checks) : await timeSettled(sides, checks);
    const perFrameRows: string[][] = [];
    let worst = { ratio: 0, workload: CHOSEN[0]! };
    for (const [workload, runs] of results) {
      const r = extensionRatio(runs);
      if (r > worst.ratio && !isLever(workload)) worst = { ratio: r, workload };
      if (workload.perFrame) {
        const frames = workload.expected.received;
        perFrameRows.push(perFrameRow(workload.perFrame, frames, runs.without!, runs.with!));
      }
    }
    if (results.size) {
      const rows = (row: (workload: Workload, runs: Runs) => string[]) =>
        [...results].map(([workload, runs]) => row(workload, runs));
      console.log(`\n\nPage time in ms (${mode}), median (min–max); ratio: the median of the ratios of runs made`);
      console.log('in the same round (with the extension or DevTools recording, against without), the 95% interval');
      console.log('of that median (how sure it is), and the middle half of those ratios (how much pairs scatter);');
      console.log('best runs: the ratio of the fastest runs (less sensitive to other load):\n');
      console.log(table(TIME_HEADER, rows(timeRow)));
      if (worst.ratio > 0) console.log(`\n  worst ratio: ${ratio(worst.ratio)} (${worst.workload.name})`);

      console.log(
        BACK_TO_BACK
          ? '\nBrowser CPU in ms, all processes, from the end of the previous run to the end of this one, median;'
          : '\nBrowser CPU in ms, all processes until quiet, median;',
      );
      console.log('extra: over the run without, median of pairs; per MB of payload sent and received (10^6 bytes);');
      console.log("in ext. processes: the extension's own processes (its service worker), per MB:\n");
      console.log(table(CPU_HEADER, rows(cpuRow)));

      console.log('\nRecorded by the extension (last run of each workload, read through the panel port):');
      for (const check of checks.extension) console.log(`  ${check}`);
      if (checks.devtools.length) {
        console.log(
          "\nRecorded by DevTools' recording (CDP Network events this process received and parsed, last run):",
        );
        for (const check of checks.devtools) console.log(`  ${check}`);
      }
      markdown = `${await figuresHeading(sides, RUNS, mode)}\n\n${markdownTable(MARKDOWN_HEADER, rows(markdownRow))}`;
    }

    if (CHOSEN.some((workload) => workload.name === FLOOR.of)) await printFloor(sides, FLOOR_ROUNDS);
    if (CHOSEN.some((workload) => workload.name === RECEIVE_FLOOR.of)) await printReceiveFloor(sides, RUNS);

    const probeRows: string[][] = [];
    for (const probe of ONLY ? PROBES.filter((p) => p.name.includes(ONLY)) : PROBES) {
      const runs = await compare(sides, async (side) => {
        await side.reload();
        // Until quiet: the relay and the worker finish before the next timed loop.
        const { result: pageMs, thread } = await measured(side, () => probe.run(side.page));
        return { pageMs, thread };
      });
      probeRows.push(perFrameRow(probe.name, probe.frames, runs.without, runs.with));
      process.stdout.write('.');
    }
    if (probeRows.length + perFrameRows.length) {
      console.log("\n\nThe hook's cost per frame, median µs: send() in a tight loop (with the microtasks it queued);");
      console.log('receiving, from pushes (the whole pipeline, relay and IPC included). Page time, and the page');
      console.log("thread's CPU time in tasks (CDP TaskDuration) during the run and until quiet after it (what");
      console.log('the recorder put off until the flood calmed); extra: median of same-round differences:\n');
      console.log(table(PER_FRAME_HEADER, [...probeRows, ...perFrameRows]));
    }

    if (!ONLY) await printMemoryCost(sides.without);

    const picked = PROFILE_PICK && WORKLOADS.find((w) => w.name.includes(PROFILE_PICK));
    if (PROFILE) await profileWorst(sides, picked || worst.workload);
    if (markdown) console.log(`\nFor docs/PERFORMANCE.md:\n\n${markdown}`);
    console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(0)} s; load now ${load()}.`);
    console.log('Times are provisional whenever anything else runs on this machine (see the load above).');
  } finally {
    for (const side of allOf(sides)) await side.close();
    await server.close();
  }
}

/**
 * The extra is the median of the differences of runs made in the same round
 * (`without[i]` and `withExt[i]`), as the ratios are: the difference of two
 * medians took each from a different round, and a loaded round moved it by
 * microseconds a frame.
 */
function perFrameRow(name: string, frames: number, without: PerFrameRun[], withExt: PerFrameRun[]): string[] {
  const perFrame = (ms: number) => ((ms * 1000) / frames).toFixed(2);
  const extra = (of: (run: PerFrameRun) => number) =>
    perFrame(median(withExt.map((run, i) => of(run) - of(without[i]!))));
  const page = (runs: PerFrameRun[]) => perFrame(median(runs.map((run) => run.pageMs)));
  // Back to back there is no quiet to read the thread at.
  const timed = [...without, ...withExt].every((run) => run.thread);
  const thread = (of: () => string) => (timed ? of() : '—');
  return [
    `${name} × ${frames.toLocaleString('en-US')}`,
    page(without),
    page(withExt),
    extra((run) => run.pageMs),
    thread(() => perFrame(median(without.map((run) => run.thread!.during)))),
    thread(() => perFrame(median(withExt.map((run) => run.thread!.during)))),
    thread(() => extra((run) => run.thread!.during)),
    thread(() => extra((run) => run.thread!.untilQuiet)),
  ];
}

type PerFrameRun = { pageMs: number; thread?: ThreadUse };
const PER_FRAME_HEADER = [
  'per frame',
  'page without',
  'with',
  'extra',
  'thread without',
  'with',
  'extra',
  'extra until quiet',
];

/** One more run of the worst workload on each side under the CPU profiler, until quiet: the hook's and relay's hot spots. */
async function profileWorst(sides: Sides, workload: Workload): Promise<void> {
  const summaries: ProfileSummary[] = [];
  const files: string[] = [];
  for (const side of [sides.without, sides.withExt]) {
    await side.reload();
    // Until quiet: what the recorder puts off until a flood calms is the page's time too.
    const profile = await profileWhile(side.page, async () => {
      await workload.run(side.page);
      await side.quiet();
    });
    const file = join(tmpdir(), `wsl-bench-${side.label}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    files.push(file);
    summaries.push(summarize(profile, DIST));
  }
  console.log(
    `\n\nCPU profile of the page's renderer thread, one run of "${workload.name}" each, until quiet after it (100 µs sampling):\n`,
  );
  const partRows = PARTS.map((part) => [part, ...summaries.map((s) => ms(s.byPart.get(part) ?? 0))]);
  partRows.push(['total', ...summaries.map((s) => ms(s.totalMs))]);
  console.log(table(['ms in', 'without', 'with extension'], partRows));

  const functions = summaries[1]!.functions;
  const builtInMs = (f: (typeof functions)[number]) => [...f.builtIns.values()].reduce((a, b) => a + b, 0);
  const top = functions.sort((a, b) => b.selfMs + builtInMs(b) - (a.selfMs + builtInMs(a))).slice(0, 15);
  console.log('\nHook and relay functions by self time, plus the built-ins each calls directly (with extension):\n');
  console.log(
    table(
      ['where', 'self ms', 'built-ins ms', 'top built-ins', 'code'],
      top.map((f) => [
        f.where,
        ms(f.selfMs),
        ms(builtInMs(f)),
        [...f.builtIns.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 2)
          .map(([name, v]) => `${name || '?'} ${ms(v)}`)
          .join(', '),
        f.text.slice(0, 60),
      ]),
    ),
  );
  console.log(`\nProfiles (DevTools > Performance > Load profile): ${files.join(', ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
