/**
 * `npm run bench`: how much the extension slows a page's WebSockets. Runs the
 * issue's workloads in Chromium with the built extension and in Chromium
 * without any extension, interleaved in one run, and prints median page times
 * and their ratio, the hook's own cost per frame, what the extension recorded
 * (a hook that silently records nothing would look free), and on request a CPU
 * profile of the worst workload. A benchmark, not a test: it asserts nothing about times.
 *
 * The server runs in this process: on two cores a worker or child process
 * would add no parallelism (Chromium's renderer, network service and the
 * extension's worker already want both), only another heap to collect. During
 * a timed run this process only waits for one CDP answer, so the server's
 * event loop has Node to itself.
 *
 *   LENS_DIST=dist-bench/  the built extension (default dist/)
 *   BENCH_RUNS=15          measured runs per workload and browser (after one small warm-up pass)
 *   --profile              also profile the worst workload (adds ~20 s)
 *   --profile=<text>       profile the first workload whose name contains <text> instead
 *   --only=<text>          run only the workloads and probes whose names contain <text>
 */
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readSession } from '../../src/cli/session-reader';
import { SETTINGS_KEY } from '../../src/protocol/settings';
import { openBridgeClient } from '../../src/cli/bridge-client';
import { startBenchServer } from './bench-server';
import { launchSides, type Side, type WithExtension } from './sides';
import { FLOOR, inPage, isLever, PROBES, WORKLOADS, type Workload } from './workloads';
import { median, middleHalf, ms, ratio, spread, table } from './report';
import { PARTS, profileWhile, summarize, type ProfileSummary } from './profile';

const DIST = resolve(process.env.LENS_DIST ?? 'dist');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const PROFILE = process.argv.find((arg) => arg.startsWith('--profile'));
/** `--profile=push` profiles the first workload whose name has "push" instead of the worst. */
const PROFILE_PICK = PROFILE?.split('=')[1];
/** `--only=binary` times just the workloads and probes whose names have "binary": a quicker loop while working on one. */
const ONLY = process.argv.find((arg) => arg.startsWith('--only='))?.split('=')[1];
const CHOSEN = ONLY ? WORKLOADS.filter((w) => w.name.includes(ONLY)) : WORKLOADS;

interface Sides {
  withExt: WithExtension;
  without: Side;
}

/** RUNS runs per side, alternating which side goes first so slow drifts in load hit both alike. */
async function compare<T>(sides: Sides, run: (side: Side) => Promise<T>): Promise<Record<Side['label'], T[]>> {
  const results: Record<Side['label'], T[]> = { with: [], without: [] };
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 ? [sides.withExt, sides.without] : [sides.without, sides.withExt];
    for (const side of order) results[side.label].push(await run(side));
  }
  return results;
}

/** Every workload once at a fifth of its size on each side: processes, JIT, sockets and the server warm up. */
async function warmUp(sides: Sides): Promise<void> {
  for (const side of [sides.withExt, sides.without]) {
    for (const workload of CHOSEN) {
      await side.reload();
      await workload.run(side.page, 0.2);
    }
    await side.settledCpuMs();
  }
}

async function timeWorkload(side: Side, workload: Workload) {
  await side.reload();
  const pageMs = await workload.run(side.page);
  return { pageMs, cpuMs: await side.settledCpuMs() };
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
  await sides.withExt.inspect(async (extension, tabId) => {
    const bridge = await openBridgeClient(extension);
    try {
      await bridge.client.setPaused(tabId, paused);
    } finally {
      await bridge.close();
    }
  });
}

/** What the extension recorded of the last run, read the way the panel reads it. */
function recorded(sides: Sides, workload: Workload): Promise<string> {
  return sides.withExt.inspect(async (extension, tabId) => {
    const { session, status } = await readSession(extension, tabId);
    const connections = [...session.connections.values()];
    const got = {
      sockets: connections.length,
      sent: connections.reduce((sum, c) => sum + c.sent.count, 0),
      received: connections.reduce((sum, c) => sum + c.received.count, 0),
    };
    const want = workload.expected;
    const ok = got.sockets === want.sockets && got.sent === want.sent && got.received === want.received;
    const show = (n: typeof got) =>
      `${n.sockets} socket(s), ${n.sent.toLocaleString('en-US')} sent + ${n.received.toLocaleString('en-US')} received frames`;
    const lost =
      status.droppedFrames || status.rejected ? `; ${status.droppedFrames} dropped, ${status.rejected} rejected` : '';
    return `${ok ? 'ok  ' : 'MISS'} ${workload.name}: ${show(got)}${lost}${ok ? '' : ` (expected ${show(want)})`}`;
  });
}

async function main(): Promise<void> {
  if (!existsSync(join(DIST, 'manifest.json'))) throw new Error(`${DIST} has no manifest.json: build first.`);
  const started = Date.now();
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  console.log(`WebSocket Lens bench: ${cpus().length} cores, load ${load()}, ${RUNS} runs per side, extension ${DIST}`);

  const server = await startBenchServer();
  const sides = await launchSides(DIST, server.origin);
  try {
    await warmUp(sides);
    const rows: string[][] = [];
    const perFrameRows: string[][] = [];
    const checks: string[] = [];
    let worst = { ratio: 0, workload: CHOSEN[0]! };
    for (const workload of CHOSEN) {
      await applySettings(sides, workload.settings);
      if (workload.paused) await setPaused(sides, true);
      const runs = await compare(sides, (side) => timeWorkload(side, workload));
      await applySettings(sides, workload.settings && {});
      if (workload.paused) await setPaused(sides, false);
      checks.push(await recorded(sides, workload));
      const pick = (label: Side['label'], key: 'pageMs' | 'cpuMs') => runs[label].map((r) => r[key]);
      // Runs come in pairs, one with and one without, back to back: the median of the pairs'
      // ratios shrugs off a slow stretch of the machine that the ratio of medians would not.
      const withMs = pick('with', 'pageMs');
      const pairRatios = pick('without', 'pageMs').map((without, i) => withMs[i]! / without);
      const r = median(pairRatios);
      if (workload.perFrame) {
        const frames = workload.expected.received;
        perFrameRows.push(perFrameRow(workload.perFrame, frames, pick('without', 'pageMs'), pick('with', 'pageMs')));
      }
      if (r > worst.ratio && !isLever(workload)) worst = { ratio: r, workload };
      rows.push([
        workload.name,
        spread(pick('without', 'pageMs')),
        spread(pick('with', 'pageMs')),
        ratio(r),
        middleHalf(pairRatios).map(ratio).join('–'),
        ratio(Math.min(...pick('with', 'pageMs')) / Math.min(...pick('without', 'pageMs'))),
        ms(median(pick('without', 'cpuMs'))),
        ms(median(pick('with', 'cpuMs'))),
      ]);
      process.stdout.write('.');
    }
    if (rows.length) {
      console.log('\n\nPage time in ms, median (min–max); ratio: the median of the ratios of runs made in pairs');
      console.log('(with, without, back to back), and the middle half of those ratios (how much pairs scatter);');
      console.log('best runs: the ratio of the fastest runs (less sensitive to other load); browser CPU in ms,');
      console.log('all processes until quiet, median:\n');
      const header = ['workload', 'without', 'with extension', 'ratio', 'middle half', 'best runs'];
      console.log(table([...header, 'CPU without', 'CPU with'], rows));
      if (worst.ratio > 0) console.log(`\n  worst ratio: ${ratio(worst.ratio)} (${worst.workload.name})`);

      console.log('\nRecorded by the extension (last run of each workload, read through the panel port):');
      for (const check of checks) console.log(`  ${check}`);
    }

    if (CHOSEN.some((workload) => workload.name === FLOOR.of)) await printFloor(sides);

    const probeRows: string[][] = [];
    for (const probe of ONLY ? PROBES.filter((p) => p.name.includes(ONLY)) : PROBES) {
      const runs = await compare(sides, async (side) => {
        await side.reload();
        const time = await probe.run(side.page);
        await side.settledCpuMs(); // the relay and the worker finish before the next timed loop
        return time;
      });
      probeRows.push(perFrameRow(probe.name, probe.frames, runs.without, runs.with));
      process.stdout.write('.');
    }
    if (probeRows.length + perFrameRows.length) {
      console.log("\n\nThe hook's cost per frame on the page's thread, median µs: send() in a tight loop (with the");
      console.log('microtasks it queued); receiving, from pushes (the whole pipeline, relay and IPC included):\n');
      console.log(table(['per frame', 'without', 'with', 'extra µs/frame'], [...probeRows, ...perFrameRows]));
    }

    if (!ONLY) await printMemoryCost(sides.without);

    const picked = PROFILE_PICK && WORKLOADS.find((w) => w.name.includes(PROFILE_PICK));
    if (PROFILE) await profileWorst(sides, picked || worst.workload);
    console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(0)} s; load now ${load()}.`);
    console.log('Times are provisional whenever anything else runs on this machine (see the load above).');
  } finally {
    await sides.withExt.close();
    await sides.without.close();
    await server.close();
  }
}

/**
 * The binary echo's floor on this machine (workloads.ts FLOOR), in runs of three back to
 * back (the plain echo and the byte-keeping echo without the extension, the plain echo
 * with it, in turns): what keeping every byte costs a page here, and the extension
 * measured against that rather than against a page that keeps nothing.
 */
async function printFloor(sides: Sides): Promise<void> {
  type Run = 'plain' | 'keeping' | 'extension';
  const runs: [Run, Side, boolean][] = [
    ['plain', sides.without, false],
    ['keeping', sides.without, true],
    ['extension', sides.withExt, false],
  ];
  const floorRatios: number[] = [];
  const overFloor: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const times = new Map<Run, number>();
    for (let j = 0; j < runs.length; j++) {
      const [name, side, keep] = runs[(i + j) % runs.length]!;
      await side.reload();
      times.set(name, await FLOOR.run(side.page, keep));
      // The relay and the worker finish with the bytes before the other browser's turn (see timeWorkload).
      await side.settledCpuMs();
    }
    floorRatios.push(times.get('keeping')! / times.get('plain')!);
    overFloor.push(times.get('extension')! / times.get('keeping')!);
  }
  const spreadOf = (values: number[]) =>
    `${ratio(median(values))} (middle half ${middleHalf(values).map(ratio).join('–')})`;
  console.log(`\nThe floor under "${FLOOR.of}": without the extension, a page that keeps a copy`);
  console.log(`of every frame it sends and receives, in fresh memory, takes ${spreadOf(floorRatios)} the`);
  console.log('time of the plain echo. Nothing that keeps every byte does better on this machine. The plain echo');
  console.log(`with the extension takes ${spreadOf(overFloor)} the time of that page (runs of three, back to back).`);
}

/**
 * What a first write to fresh memory costs on this machine, measured in the page: the hook
 * copies every captured byte into memory it has not touched before (byte-pool.ts), so on a
 * machine where that is slow (virtual machines) the binary echo's ratio is higher.
 */
async function printMemoryCost(side: Side): Promise<void> {
  const mib = 32;
  const times: { fresh: number; warm: number }[] = [];
  for (let i = 0; i < 5; i++) times.push(await inPage(side.page, 'touchMemory', mib));
  const fresh = median(times.map((t) => t.fresh));
  const warm = median(times.map((t) => t.warm));
  const pages = (mib * 1024 * 1024) / 4096;
  console.log(
    `\nFirst writes to fresh memory here: ${ms(fresh)} ms per ${mib} MiB (${((fresh * 1000) / pages).toFixed(2)} µs per 4 KiB page;` +
      ` ${ms(warm)} ms once touched). The binary echo copies 2 × 16 MiB into fresh memory.`,
  );
}

function perFrameRow(name: string, frames: number, without: number[], withExt: number[]): string[] {
  const [a, b] = [without, withExt].map((times) => (median(times) * 1000) / frames) as [number, number];
  return [`${name} × ${frames.toLocaleString('en-US')}`, a.toFixed(2), b.toFixed(2), (b - a).toFixed(2)];
}

/** One more run of the worst workload on each side under the CPU profiler: the hook's and relay's hot spots. */
async function profileWorst(sides: Sides, workload: Workload): Promise<void> {
  const summaries: ProfileSummary[] = [];
  const files: string[] = [];
  for (const side of [sides.without, sides.withExt]) {
    await side.reload();
    const profile = await profileWhile(side.page, () => workload.run(side.page));
    const file = join(tmpdir(), `wsl-bench-${side.label}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    files.push(file);
    summaries.push(summarize(profile, DIST));
  }
  console.log(`\n\nCPU profile of the page's renderer thread, one run of "${workload.name}" each (100 µs sampling):\n`);
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
