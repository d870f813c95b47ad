/**
 * Where the panel's long tasks during a live flood come from: runs the live
 * flood of bench:panel (live-flood.ts) with a Chromium trace and a CPU profile
 * of the panel's renderer, then prints every task over 50 ms of wall time with
 * its thread time, the trace events inside it and the functions the profile
 * sampled in it.
 *
 *   npm run bench:panel:trace              (FRAMES=20000 for a shorter flood)
 *   npm run bench:panel:trace -- --scroll-only   (15 s of the probe's scrolling, no flood: the rows' own cost)
 *   npm run bench:panel:trace -- --follow        (the flood with the list following its tail, no scrolling)
 *   npm run bench:panel:trace -- --from=/tmp/panel-trace-….json   (the report of a saved run again)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { CDPSession, Page } from 'playwright-core';
import { startLens } from '../harness/lens';
import type { Lens } from '../harness/lens';
import { INSTALL_PROBES, liveFlood, percentile, type FloodFigures, type FloodWatcher } from './live-flood';

const FRAMES = Number(process.env.FRAMES ?? 100_000);
/** Where the trace's events and the profile are kept, to look at them again without a run (`--from=FILE`). */
const SAVED = process.argv.find((arg) => arg.startsWith('--from='))?.slice(7);
const CATEGORIES = ['toplevel', 'devtools.timeline', 'v8.execute', 'blink.user_timing'];

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string; functionName?: string; type?: string } };
}
interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** `--scroll-only`: no flood while tracing, only the probe's scrolling over a session captured before (rows alone). */
const SCROLL_ONLY = process.argv.includes('--scroll-only');
/** `--follow`: the flood with the list following its tail (no scrolling): every render brings new rows. */
const FOLLOW = process.argv.includes('--follow');

async function scrollOnly(lens: Lens, frames: number, watcher: FloodWatcher): Promise<FloodFigures> {
  const { page, tabId } = await lens.openFixture(`flood.html?count=${frames}&burst=2000&interval=10`);
  await page.waitForFunction((n) => (window as unknown as { received: number }).received >= n, frames, {
    timeout: 120_000,
  });
  const panel = await lens.context.newPage();
  await panel.setViewportSize({ width: 1280, height: 800 });
  await panel.goto(`chrome-extension://${lens.extensionId}/src/panel/index.html?tabId=${tabId}`);
  await panel.waitForFunction(
    (n) => document.querySelector('[aria-label="Summary"]')?.textContent?.includes(`${n} frames`),
    frames.toLocaleString('en-US'),
    { timeout: 120_000 },
  );
  await panel.evaluate(INSTALL_PROBES);
  await watcher.start(panel);
  await panel.waitForTimeout(15_000);
  await watcher.stop(panel);
  const figures = await panel.evaluate(() => {
    const probe = (window as unknown as { wslProbe: Omit<FloodFigures, 'caughtUpMs'> & { stop(): void } }).wslProbe;
    probe.stop();
    return { longTasks: probe.longTasks, frameGaps: probe.frameGaps, slowFrames: probe.slowFrames };
  });
  return { caughtUpMs: 0, ...figures };
}

let cdp: CDPSession;
let trace: TraceEvent[] = [];
let profile!: CpuProfile;

if (SAVED) {
  ({ trace, profile } = JSON.parse(readFileSync(SAVED, 'utf8')) as { trace: TraceEvent[]; profile: CpuProfile });
  report(JSON.parse(readFileSync(`${SAVED}.flood`, 'utf8')));
} else {
  const lens = await startLens();
  try {
    const run = SCROLL_ONLY
      ? scrollOnly
      : (l: Lens, n: number, w: FloodWatcher) => liveFlood(l, n, w, { follow: FOLLOW });
    const flood = await run(lens, FRAMES, {
      async start(panel: Page) {
        cdp = await lens.context.newCDPSession(panel);
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
        await cdp.send('Tracing.start', {
          transferMode: 'ReturnAsStream',
          traceConfig: { includedCategories: CATEGORIES, recordMode: 'recordAsMuchAsPossible' },
        });
        await cdp.send('Profiler.start');
      },
      async stop() {
        profile = (await cdp.send('Profiler.stop')).profile as unknown as CpuProfile;
        const complete = new Promise<string>((resolve) =>
          cdp.once('Tracing.tracingComplete', (event) => resolve(event.stream!)),
        );
        await cdp.send('Tracing.end');
        const stream = await complete;
        // The whole browser's trace is too big for one string: read it a line (an event) at a time.
        let rest = '';
        const take = (line: string) => {
          const json = line
            .replace(/^\{"traceEvents":\[/, '')
            .replace(/,$/, '')
            .replace(/\]\}?$/, '');
          if (!json.startsWith('{')) return;
          try {
            const event = JSON.parse(json) as TraceEvent;
            if (event.ph === 'M' || (event.ph === 'X' && (event.dur ?? 0) >= 50)) trace.push(event);
          } catch {
            // a line that is not one event (the metadata trailer)
          }
        };
        for (;;) {
          const chunk = await cdp.send('IO.read', { handle: stream, size: 4 << 20 });
          rest += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString() : chunk.data;
          const lines = rest.split('\n');
          rest = lines.pop()!;
          for (const line of lines) take(line);
          if (chunk.eof) break;
        }
        take(rest);
        await cdp.send('IO.close', { handle: stream });
      },
    });
    const file = `/tmp/panel-trace-${Date.now()}.json`;
    writeFileSync(file, JSON.stringify({ trace, profile }));
    writeFileSync(`${file}.flood`, JSON.stringify(flood));
    console.log(`saved as ${file}`);
    report(flood);
  } finally {
    await lens.shutdown();
  }
}

function report(flood: Awaited<ReturnType<typeof liveFlood>>) {
  console.log(`caught up after ${(flood.caughtUpMs / 1000).toFixed(1)} s`);
  console.log(
    `long tasks (probe): ${flood.longTasks.length}, max ${percentile(flood.longTasks, 100).toFixed(0)} ms; frame gaps p95 ${percentile(flood.frameGaps, 95).toFixed(0)} max ${percentile(flood.frameGaps, 100).toFixed(0)} ms`,
  );
  // The panel's main thread: the renderer thread that ran our panel's script.
  const threadNames = new Map<string, string>();
  for (const e of trace)
    if (e.ph === 'M' && e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  // The probe's requestAnimationFrame callback (`tick`, live-flood.ts) runs only in the panel.
  const probe = trace.find((e) => e.name === 'FunctionCall' && e.args?.data?.functionName === 'tick');
  const main = process.env.THREAD ?? (probe && `${probe.pid}:${probe.tid}`);
  if (!main) throw new Error('no panel thread in the trace');
  const events = trace.filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X').sort((a, b) => a.ts - b.ts);
  const tasks = events.filter((e) => e.name === 'ThreadControllerImpl::RunTask' && (e.dur ?? 0) > 0);
  const long = tasks.filter((t) => t.dur! > 50_000);
  const all = tasks.map((t) => t.dur! / 1000);
  console.log(
    `trace: ${tasks.length} tasks on the panel thread, ${long.length} over 50 ms, wall max ${percentile(all, 100).toFixed(0)} ms, thread p95 ${percentile(
      tasks.map((t) => (t.tdur ?? 0) / 1000),
      95,
    ).toFixed(1)} ms max ${percentile(
      tasks.map((t) => (t.tdur ?? 0) / 1000),
      100,
    ).toFixed(1)} ms`,
  );
  // Tasks by what started them: a port message, a scroll, an animation frame (records applied, rendered), ...
  const kinds = new Map<string, TraceEvent[]>();
  for (const task of tasks) {
    const names = inner(task);
    const kind = names.has('Receive mojo message')
      ? 'message'
      : names.has('EventDispatch scroll')
        ? 'scroll frame'
        : names.has('FireAnimationFrame')
          ? 'animation frame'
          : names.has('TimerFire')
            ? 'timer'
            : 'other';
    kinds.set(kind, [...(kinds.get(kind) ?? []), task]);
  }
  console.log('tasks by kind                count   wall p50/p95/max ms   thread p50/p95/max ms   over 50 ms');
  for (const [kind, list] of kinds) {
    const wall = list.map((t) => t.dur! / 1000);
    const thread = list.map((t) => (t.tdur ?? 0) / 1000);
    const three = (v: number[]) => [50, 95, 100].map((p) => percentile(v, p).toFixed(1)).join(' / ');
    console.log(
      `  ${kind.padEnd(26)} ${String(list.length).padStart(6)}   ${three(wall).padEnd(20)}  ${three(thread).padEnd(22)}  ${wall.filter((w) => w > 50).length}`,
    );
  }
  // Thread time of all tasks by their outermost inner event, over the whole flood.
  const totals = new Map<string, number>();
  for (const task of tasks) for (const [name, ms] of inner(task)) totals.set(name, (totals.get(name) ?? 0) + ms);
  console.log('whole flood, wall ms by top-level event inside tasks:');
  for (const [name, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 12))
    console.log(`  ${name.padEnd(40)} ${ms.toFixed(0)}`);
  console.log('whole flood, profile self ms by function:');
  for (const [name, ms] of topFunctions(-Infinity, Infinity, 25)) console.log(`  ${name.padEnd(70)} ${ms.toFixed(1)}`);

  for (const task of [...tasks].sort((a, b) => b.dur! - a.dur!).slice(0, 6)) {
    console.log(
      `\ntask at ${((task.ts - tasks[0]!.ts) / 1000).toFixed(0)} ms: wall ${(task.dur! / 1000).toFixed(1)} ms, thread ${((task.tdur ?? 0) / 1000).toFixed(1)} ms`,
    );
    for (const [name, ms] of [...inner(task)].sort((a, b) => b[1] - a[1]).slice(0, 8))
      console.log(`    ${name.padEnd(40)} ${ms.toFixed(1)} ms`);
    for (const [name, ms] of topFunctions(task.ts, task.ts + task.dur!, 12))
      console.log(`      ${name.padEnd(70)} ${ms.toFixed(1)}`);
  }

  /** Wall ms of the events directly inside a task, by name (with a function or event type when there is one). */
  function inner(task: TraceEvent): Map<string, number> {
    const out = new Map<string, number>();
    const end = task.ts + task.dur!;
    let covered = task.ts;
    for (const e of events) {
      if (e.ts < task.ts || e === task) continue;
      if (e.ts >= end) break;
      if (e.ts < covered) continue; // nested in an event already counted
      const label = e.args?.data?.type ? `${e.name} ${e.args.data.type}` : e.name;
      out.set(label, (out.get(label) ?? 0) + (e.dur ?? 0) / 1000);
      covered = e.ts + (e.dur ?? 0);
    }
    return out;
  }
}

/** Self time (ms) by function among the profile's samples between `from` and `to` (trace µs). */
function topFunctions(from: number, to: number, n: number): [string, number][] {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i]!;
    t += delta;
    if (t < from || t > to) continue;
    const frame = nodes.get(profile.samples[i]!)!.callFrame;
    if (frame.functionName === '(idle)') continue;
    const file = frame.url.split('/').at(-1) ?? '';
    const name = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i + 1] ?? delta) / 1000);
  }
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, n);
}
